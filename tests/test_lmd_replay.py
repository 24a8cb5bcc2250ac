"""Replay the recorded GPT-4 LMD layouts through the stub server and the real LLM planner, then score them
with the LMD benchmark's stage-1 rules (tests/lmd_rules.py). GPT-4's layouts pass 100% by the rules."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from llm_stub import Reply, StubServer
from lmd_rules import BENCH, layout_to_scene_json, lmd_predicate, load_cache, load_rows, scene_to_lmd_boxes

from agent.planners.llm import LLMPlanner

pytestmark = pytest.mark.skipif(not (BENCH / "cache_lmd_v0.1_gpt-4.json").exists(), reason="bench-data/lmd not present")


def replay_server(cache: dict[str, list[str]]):
    """Answer each request with the next recorded layout for the prompt it carries."""
    used: Counter = Counter()

    def script(body: dict) -> Reply:
        # the request's own prompt is the last user turn that starts "Request: " (a repair turn follows it)
        asks = [m["content"] for m in body["messages"] if m["role"] == "user" and m["content"].startswith("Request: ")]
        prompt = asks[-1].removeprefix("Request: ")
        layout = cache[prompt][used[prompt] % len(cache[prompt])]
        used[prompt] += body["messages"][-1]["content"].startswith("Request: ")  # a repair gets the same answer
        return Reply(content=json.dumps(layout_to_scene_json(layout)))

    return StubServer(script)


def test_gpt4_layouts_replayed_through_the_planner_pass_lmd_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))
    rows = load_rows()
    assert len(rows) == 400
    cache = load_cache("gpt-4")
    passed: Counter = Counter()
    with replay_server(cache) as server:
        planner = LLMPlanner(base_url=server.base_url, model="replay", timeout=5, max_retries=0, fallback=False)
        for row in rows:
            scene = planner.plan(row["prompt"])
            assert "fallback" not in planner.last_report
            passed[row["category"]] += lmd_predicate(row, scene_to_lmd_boxes(scene))
    assert len(server.requests) == 400  # every layout validated on the first try: no repairs needed
    assert dict(passed) == {"negation": 100, "numeracy": 100, "attribution": 100, "spatial": 100}


def test_lmd_rules_reject_wrong_layouts():
    rows: dict[str, dict] = {}
    for r in load_rows():
        rows.setdefault(r["category"], r)
    spatial = rows["spatial"]  # "a bottle on the left and a dog on the right"
    good = [("a bottle", (10, 100, 100, 200)), ("a dog", (300, 100, 150, 200))]
    assert lmd_predicate(spatial, good)
    assert not lmd_predicate(spatial, [(good[0][0], good[1][1]), (good[1][0], good[0][1])])
    numeracy = rows["numeracy"]
    n = numeracy["predicate_args"][1]
    assert lmd_predicate(numeracy, [("a backpack", (0, 0, 10, 10))] * n)
    assert not lmd_predicate(numeracy, [("a backpack", (0, 0, 10, 10))] * (n + 1))
    assert not lmd_predicate(rows["attribution"], [("a dog", (0, 0, 9, 9)), ("a white bowl", (0, 0, 9, 9))])
