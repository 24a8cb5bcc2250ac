"""Issue 18 item 3: a misbehaving LLM server never escapes the fallback, and costs a bounded time."""

from __future__ import annotations

import json
import time

import pytest

from agent.cli import main as cli_main
from agent.llm.client import LLMReplyError, LLMUnavailableError
from agent.planners.llm import LLMPlanner
from tests.llm_stub import Reply, StubServer

PROMPT = "two red apples left of a blue cup"
GOOD = {"objects": [{"id": "apple_1", "name": "apple", "box": [0.05, 0.5, 0.25, 0.7]},
                    {"id": "apple_2", "name": "apple", "box": [0.28, 0.5, 0.48, 0.7]},
                    {"id": "cup_1", "name": "cup", "box": [0.6, 0.4, 0.9, 0.8]}]}
HUGE = {"objects": [{"id": f"o{i}", "name": "apple", "box": [0.0, 0.0, 0.01, 0.01]} for i in range(10_000)],
        "relations": [{"subject": "o1", "relation": "left of", "object": "o0"}]}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for var in ("SCENECRAFT_LLM_BASE_URL", "SCENECRAFT_LLM_MODEL", "SCENECRAFT_LLM_API_KEY", "SCENECRAFT_LLM_METHOD",
                "SCENECRAFT_LLM_TIMEOUT", "SCENECRAFT_LLM_MAX_RETRIES", "SCENECRAFT_LLM_REPAIRS", "OPENAI_BASE_URL",
                "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))


def planner(server: StubServer, **kw) -> LLMPlanner:
    kw.setdefault("fallback", False)
    kw.setdefault("timeout", 5)
    return LLMPlanner(base_url=server.base_url, model="stub", max_retries=0, **kw)


@pytest.mark.parametrize("reply", [
    Reply(content="[" * 100_000),
    Reply(content=json.dumps(HUGE)),
    Reply(content=json.dumps({"objects": [{"id": "a", "name": "b" * 100_000, "box": [0, 0, 1, 1]}]})),
    Reply(content='{"background": "\\ud800"}'),
    Reply(content="x" * 300_000),
    Reply(tool_args="[" * 100_000),
], ids=["deep", "10k-objects", "long-name", "surrogate", "oversized", "deep-tool-args"])
def test_hostile_replies_are_reply_errors_that_go_back_for_repair(reply):
    method = "function_calling" if reply.tool_args is not None else "json_schema"
    with StubServer([reply, Reply(content=json.dumps(GOOD))]) as server:
        t0 = time.perf_counter()
        scene = planner(server, method=method, repairs=1).plan(PROMPT)
        assert time.perf_counter() - t0 < 10
    assert scene.counts() == {"apple": 2, "cup": 1}


def test_a_non_json_http_body_is_a_reply_error_and_falls_back(capsys):
    with StubServer([Reply(raw=b"<html>gateway says hi</html>")]) as server:
        with pytest.raises(LLMReplyError, match="unreadable reply"):
            planner(server).plan(PROMPT)
        scene = planner(server, fallback=True).plan("three red apples")
    assert scene.counts() == {"apple": 3}
    assert "offline planner" in capsys.readouterr().err


def test_a_server_that_stalls_after_an_error_still_ends_within_the_budget():
    with StubServer([Reply(status=503, headers={"retry-after": "0.5"}),
                     Reply(content=json.dumps(GOOD), delay=10.0)]) as server:
        t0 = time.perf_counter()
        with pytest.raises(LLMUnavailableError, match="timed out after 2s"):
            LLMPlanner(base_url=server.base_url, model="m", timeout=2, max_retries=2, fallback=False).plan(PROMPT)
        assert time.perf_counter() - t0 < 3


def test_a_hung_server_costs_one_budget_not_three_timeouts():
    with StubServer([Reply(content=json.dumps(GOOD), delay=10.0)]) as server:
        t0 = time.perf_counter()
        with pytest.raises(LLMUnavailableError, match="timed out after 1s"):
            LLMPlanner(base_url=server.base_url, model="m", timeout=1, max_retries=2, fallback=False).plan(PROMPT)
        assert time.perf_counter() - t0 < 3


def test_retry_after_beyond_the_budget_gives_up_at_once():
    with StubServer([Reply(status=429, headers={"retry-after": "30"})]) as server:
        t0 = time.perf_counter()
        with pytest.raises(LLMUnavailableError, match="HTTP 429"):
            LLMPlanner(base_url=server.base_url, model="m", timeout=5, max_retries=3, fallback=False).plan(PROMPT)
        assert time.perf_counter() - t0 < 2
    assert len(server.requests) == 1


def test_retry_after_within_the_budget_is_honoured():
    with StubServer([Reply(status=503, headers={"retry-after": "1"}), Reply(content=json.dumps(GOOD))]) as server:
        t0 = time.perf_counter()
        scene = LLMPlanner(base_url=server.base_url, model="m", timeout=5, max_retries=2, fallback=False).plan(PROMPT)
        assert 0.9 < time.perf_counter() - t0 < 4
    assert len(scene.objects) == 3


def test_default_budget_is_interactive():
    from agent.llm.client import LLMConfig

    assert LLMConfig().timeout <= 20


@pytest.mark.parametrize("reply", [Reply(content="[" * 100_000), Reply(raw=b"not json at all")])
def test_no_fallback_exits_2_with_one_line(monkeypatch, capsys, tmp_path, reply):
    with StubServer([reply]) as server:
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("SCENECRAFT_LLM_REPAIRS", "0")
        assert cli_main(["plan", PROMPT, "--planner", "llm", "--no-fallback"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: LLM"), err
        assert cli_main(["run", PROMPT, "--planner", "llm", "--no-fallback", "--out", str(tmp_path / "o")]) == 2
