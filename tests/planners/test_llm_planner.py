"""The LLM planner against a scripted OpenAI-compatible server on 127.0.0.1 (real LangChain client)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from agent.cli import main as cli_main
from agent.layout.plan_check import relation_holds
from agent.llm.client import LLMReplyError, LLMUnavailableError, load_config
from agent.planners import get_planner
from agent.planners.llm import LLMPlanner
from tests.llm_stub import Reply, StubServer, require_llm_extra

PROMPT = "two red apples left of a blue cup"
GOOD = {
    "background": "a kitchen table",
    "objects": [
        {
            "id": "apple_1",
            "name": "apple",
            "color": "red",
            "description": "a shiny red apple",
            "box": [0.05, 0.5, 0.25, 0.7],
        },
        {"id": "apple_2", "name": "apple", "color": "red", "description": "a red apple", "box": [0.28, 0.5, 0.48, 0.7]},
        {"id": "cup_1", "name": "cup", "color": "blue", "description": "a blue cup", "box": [0.6, 0.4, 0.9, 0.8]},
    ],
    "relations": [{"subject": "apple", "relation": "left of", "object": "cup"}],
}
BAD_BOX = json.loads(json.dumps(GOOD))
BAD_BOX["objects"][0]["box"] = [0.5, 0.5, 0.25, 0.7]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for var in (
        "SCENECRAFT_LLM_BASE_URL",
        "SCENECRAFT_LLM_MODEL",
        "SCENECRAFT_LLM_API_KEY",
        "SCENECRAFT_LLM_METHOD",
        "SCENECRAFT_LLM_TIMEOUT",
        "SCENECRAFT_LLM_MAX_RETRIES",
        "SCENECRAFT_LLM_REPAIRS",
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "SCENECRAFT_VLM_MODEL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def planner(server: StubServer, **kw) -> LLMPlanner:
    kw.setdefault("fallback", False)
    return LLMPlanner(base_url=server.base_url, model="stub-model", timeout=5, max_retries=0, **kw)


def last_user_text(request: dict) -> str:
    return request["messages"][-1]["content"]


def test_valid_plan_json_schema():
    with StubServer([Reply(content=json.dumps(GOOD))]) as server:
        scene = planner(server).plan(PROMPT, width=640, height=480)
    assert (scene.prompt, scene.width, scene.height) == (PROMPT, 640, 480)
    assert [o.id for o in scene.objects] == ["apple_1", "apple_2", "cup_1"]
    assert scene.objects[0].description == "a shiny red apple"
    body = server.requests[0]
    assert body["model"] == "stub-model"
    assert body["response_format"]["type"] == "json_schema"
    assert "objects" in body["response_format"]["json_schema"]["schema"]["properties"]
    roles = [m["role"] for m in body["messages"]]
    assert roles[0] == "system" and roles.count("assistant") >= 3  # the few-shot examples went out
    assert last_user_text(body) == f"Request: {PROMPT}"


def test_invalid_then_valid_is_repaired():
    with StubServer([Reply(content=json.dumps(BAD_BOX)), Reply(content=json.dumps(GOOD))]) as server:
        p = planner(server)
        scene = p.plan(PROMPT)
    assert len(scene.objects) == 3
    assert len(server.requests) == 2
    repair = last_user_text(server.requests[1])
    assert "did not validate" in repair and "objects.0.box" in repair and "x0 < x1" in repair
    assert server.requests[1]["messages"][-2]["role"] == "assistant"  # the bad reply is shown back
    assert [a["ok"] for a in p.last_report["attempts"]] == [False, True]


def test_wrong_count_goes_back_to_the_model():
    one_apple = json.loads(json.dumps(GOOD))
    del one_apple["objects"][1]
    with StubServer([Reply(content=json.dumps(one_apple)), Reply(content=json.dumps(GOOD))]) as server:
        scene = planner(server).plan(PROMPT)
    assert scene.counts() == {"apple": 2, "cup": 1}
    assert "asks for 2 'apple' but the plan has 1" in last_user_text(server.requests[1])


def test_garbage_every_time_fails_clearly_after_bounded_tries():
    with StubServer([Reply(content="I think you should draw some apples!")]) as server:
        with pytest.raises(LLMReplyError, match=r"no valid Scene in 3 tries \(last error: the reply is not valid JSON"):
            planner(server, repairs=2).plan(PROMPT)
    assert len(server.requests) == 3


def test_garbage_falls_back_to_offline_with_one_line(capsys):
    with StubServer([Reply(content="{not json")]) as server:
        p = planner(server, repairs=1, fallback=True)
        scene = p.plan("three red apples")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "using the offline planner instead" in err[0]
    assert scene.counts() == {"apple": 3}  # the offline planner's plan
    assert "fallback" in p.last_report


def test_slow_server_times_out():
    with StubServer([Reply(content=json.dumps(GOOD), delay=8.0)]) as server:
        t0 = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="timed out after 0.3s"):
            LLMPlanner(base_url=server.base_url, model="m", timeout=0.3, max_retries=0, fallback=False).plan(PROMPT)
        assert time.monotonic() - t0 < 6.0  # gave up long before the server would have answered


def test_http_500_is_retried():
    with StubServer([Reply(status=500), Reply(content=json.dumps(GOOD))]) as server:
        scene = LLMPlanner(base_url=server.base_url, model="m", timeout=5, max_retries=2, fallback=False).plan(PROMPT)
    assert len(scene.objects) == 3
    assert len(server.requests) == 2


def test_http_500_forever_is_bounded():
    with StubServer([Reply(status=500)]) as server:
        with pytest.raises(LLMUnavailableError, match="HTTP 500"):
            LLMPlanner(base_url=server.base_url, model="m", timeout=5, max_retries=1, fallback=False).plan(PROMPT)
    assert len(server.requests) == 2  # one try + one retry


def test_tool_call_style():
    with StubServer([Reply(tool_args=GOOD)]) as server:
        scene = planner(server, method="function_calling").plan(PROMPT)
    assert scene.counts() == {"apple": 2, "cup": 1}
    body = server.requests[0]
    assert body["tools"][0]["function"]["name"] == "Scene"
    assert body["tool_choice"]["function"]["name"] == "Scene"


def test_tool_call_with_broken_arguments_is_repaired():
    with StubServer([Reply(tool_args='{"objects": ['), Reply(tool_args=GOOD)]) as server:
        scene = planner(server, method="function_calling").plan(PROMPT)
    assert len(scene.objects) == 3
    assert "not valid JSON" in last_user_text(server.requests[1])


def test_json_mode_style_accepts_a_fenced_reply():
    fenced = "```json\n" + json.dumps(GOOD) + "\n```"
    with StubServer([Reply(content=fenced)]) as server:
        scene = planner(server, method="json_mode").plan(PROMPT)
    assert len(scene.objects) == 3
    assert server.requests[0]["response_format"] == {"type": "json_object"}


def test_broken_relation_is_resolved_keeping_llm_objects():
    swapped = json.loads(json.dumps(GOOD))
    swapped["objects"][2]["box"] = [0.0, 0.4, 0.04, 0.8]  # the cup at the far left breaks "apple left of cup"
    with StubServer([Reply(content=json.dumps(swapped))]) as server:
        p = planner(server)
        scene = p.plan(PROMPT)
    assert p.last_report["resolved"] == ["apple left of cup"]
    assert all(relation_holds(scene, r) for r in scene.relations)
    assert [(o.id, o.description, o.color) for o in scene.objects] == [
        (o["id"], o["description"], o["color"]) for o in swapped["objects"]
    ]


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_unreachable_falls_back_or_fails(capsys):
    require_llm_extra()  # the client must get as far as the closed port
    url = _closed_port_url()
    scene = LLMPlanner(base_url=url, model="m", timeout=2, max_retries=0).plan("two dogs")
    assert scene.counts() == {"dog": 2}
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unreachable" in err[0] and "offline planner" in err[0]
    with pytest.raises(LLMUnavailableError, match="unreachable"):
        LLMPlanner(base_url=url, model="m", timeout=2, max_retries=0, fallback=False).plan("two dogs")


def test_no_configuration_is_reported_as_unavailable():
    with pytest.raises(LLMUnavailableError, match="SCENECRAFT_LLM_BASE_URL"):
        LLMPlanner(fallback=False).plan("a dog")


def test_config_precedence(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[llm]\nbase_url = "http://from-file/v1"\nmodel = "file-model"\nrepairs = 4\nfallback = false\n')
    monkeypatch.setenv("OPENAI_BASE_URL", "http://from-openai-env/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    c = load_config(cfg)
    assert (c.base_url, c.model, c.repairs, c.fallback, c.api_key) == (
        "http://from-file/v1",
        "file-model",
        4,
        False,
        "sk-openai",
    )
    monkeypatch.setenv("SCENECRAFT_LLM_MODEL", "env-model")
    monkeypatch.setenv("SCENECRAFT_LLM_API_KEY", "sk-scenecraft")
    c = load_config(cfg, timeout=7)
    assert (c.model, c.api_key, c.timeout) == ("env-model", "sk-scenecraft", 7.0)
    cfg.write_text('[llm]\nmodle = "typo"\n')
    with pytest.raises(Exception, match="unknown llm setting 'modle'"):
        load_config(cfg)
    monkeypatch.setenv("SCENECRAFT_LLM_METHOD", "xml")
    with pytest.raises(Exception, match="method 'xml'"):
        load_config()


def test_config_file_drives_the_planner(tmp_path, monkeypatch):
    with StubServer([Reply(content=json.dumps(GOOD))]) as server:
        cfg = tmp_path / "config.toml"
        cfg.write_text(f'[llm]\nbase_url = "{server.base_url}"\nmodel = "from-config"\nmethod = "json_mode"\n')
        monkeypatch.setenv("SCENECRAFT_CONFIG", str(cfg))
        scene = get_planner("llm").plan(PROMPT)
    assert len(scene.objects) == 3
    assert server.requests[0]["model"] == "from-config"


def test_cli_plan_with_llm(monkeypatch, capsys):
    with StubServer([Reply(content=json.dumps(GOOD))]) as server:
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        assert cli_main(["plan", PROMPT, "--planner", "llm", "--no-fallback"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in out["objects"]] == ["apple_1", "apple_2", "cup_1"]
    monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", _closed_port_url())
    monkeypatch.setenv("SCENECRAFT_LLM_MAX_RETRIES", "0")
    assert cli_main(["plan", PROMPT, "--planner", "llm", "--no-fallback"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: LLM ") and "unreachable" in err[0]


def test_clarify_questions():
    reply = {
        "ambiguous": True,
        "questions": [{"aspect": "text", "question": "What should it say?", "options": ["a", "b"]}],
    }
    too_many = {"ambiguous": True, "questions": [{"aspect": "x", "question": "q?"}] * 4}
    with StubServer([Reply(content=json.dumps(too_many)), Reply(content=json.dumps(reply))]) as server:
        out = planner(server).clarify("a poster for my bakery")
    assert out.ambiguous and out.questions[0].aspect == "text"
    assert last_user_text(server.requests[0]) == "Request: a poster for my bakery"
    assert "questions" in last_user_text(server.requests[1])  # "at most 3" went back as a repair


def test_chat_edit_returns_a_checked_scene():
    from agent.scene import Scene

    scene = Scene.parse({**GOOD, "prompt": PROMPT, "width": 300, "height": 200})
    edited = json.loads(json.dumps(GOOD))
    edited["objects"][2]["color"] = "green"
    edited["objects"][2]["box"] = [0.0, 0.4, 0.04, 0.8]  # breaks "apple left of cup": re-solved
    with StubServer([Reply(content=json.dumps(edited))]) as server:
        p = planner(server)
        new = p.edit_scene(scene, "make the cup green")
    assert (new.width, new.height) == (300, 200)
    assert new.objects[2].color == "green"
    assert all(relation_holds(new, r) for r in new.relations)
    assert p.last_report["resolved"] == ["apple left of cup"]
    assert "User: make the cup green" in last_user_text(server.requests[0])


def test_http_400_names_the_method_setting():
    with StubServer([Reply(status=400, content="response_format json_schema is not supported")]) as server:
        with pytest.raises(LLMUnavailableError, match="HTTP 400: .*not supported.*SCENECRAFT_LLM_METHOD=json_mode"):
            planner(server).plan(PROMPT)
    assert len(server.requests) == 1  # a 400 is not retried


def test_fallback_can_be_switched_off_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCENECRAFT_LLM_FALLBACK", "false")
    assert load_config().fallback is False


def test_long_descriptions_use_the_decomposition_prompt():
    long_prompt = " ".join(["In a quiet kitchen at dawn, two red apples rest left of a blue cup"] * 4)
    with StubServer([Reply(content=json.dumps(GOOD))]) as server:
        p = planner(server)
        p.plan(long_prompt)
    assert p.last_report["template"] == "decompose"
    assert last_user_text(server.requests[0]).startswith("Description:\n")
    assert "long, detailed image description" in server.requests[0]["messages"][0]["content"]
