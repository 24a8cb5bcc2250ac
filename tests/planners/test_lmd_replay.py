"""Replay the recorded GPT-4 LMD layouts through the stub server and the real LLM planner, then score the
plans with :func:`agent.eval.evaluate` (the LMD benchmark's stage-1 rules in ``agent.eval.lmd``).
GPT-4's layouts pass 100% by the rules. Skips cleanly when ../shared/bench-data/lmd is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.eval import evaluate, lmd
from agent.planners.llm import LLMPlanner
from agent.scene import Scene
from tests.lmd_replay_data import cache_path, load_cache, replay_server


@pytest.fixture
def lmd_data(bench_data: Path) -> Path:
    if (
        not cache_path("gpt-4", bench_data).exists()
        or not (bench_data / "lmd" / "lmd_benchmark_prompts.jsonl").exists()
    ):
        pytest.skip(f"LMD bench data not found under {bench_data / 'lmd'}")
    return bench_data


def test_gpt4_layouts_replayed_through_the_planner_pass_lmd_rules(lmd_data, tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))
    with replay_server(load_cache("gpt-4", lmd_data)) as server:
        planner = LLMPlanner(base_url=server.base_url, model="replay", timeout=5, max_retries=0, fallback=False)

        def plan(prompt: str) -> Scene:
            scene = planner.plan(prompt)
            assert "fallback" not in planner.last_report
            return scene

        report = evaluate("lmd", lmd_data, planner=plan)
    assert report.counts == {"negation": 100, "numeracy": 100, "attribution": 100, "spatial": 100, "overall": 400}
    assert len(server.requests) == 400  # every layout validated on the first try: no repairs needed
    assert report.failures == []
    assert report.scores == {"negation": 1.0, "numeracy": 1.0, "attribution": 1.0, "spatial": 1.0, "overall": 1.0}


def test_lmd_rules_reject_wrong_layouts(lmd_data):
    items: dict[str, lmd.LMDPrompt] = {}
    for item in lmd.load(lmd_data):
        items.setdefault(item.category, item)
    spatial = items["spatial"]  # "a bottle on the left and a dog on the right"
    good = [("a bottle", (10, 100, 100, 200)), ("a dog", (300, 100, 150, 200))]
    assert lmd.score(spatial, good)[0]
    assert not lmd.score(spatial, [(good[0][0], good[1][1]), (good[1][0], good[0][1])])[0]
    assert not lmd.score(spatial, good[:1])[0]  # the dog is missing
    numeracy = items["numeracy"]  # "one backpack"
    n = numeracy.row["predicate_args"][1]
    assert lmd.score(numeracy, [("a backpack", (0, 0, 10, 10))] * n)[0]
    assert not lmd.score(numeracy, [("a backpack", (0, 0, 10, 10))] * (n + 1))[0]
    negation = items["negation"]  # "without backpacks"
    assert lmd.score(negation, [("a dog", (0, 0, 10, 10))])[0]
    assert not lmd.score(negation, [("a backpack", (0, 0, 10, 10))])[0]
    attribution = items["attribution"]  # "a blue dog and a white bowl"
    assert lmd.score(attribution, [("a blue dog", (0, 0, 9, 9)), ("a white bowl", (0, 0, 9, 9))])[0]
    assert not lmd.score(attribution, [("a dog", (0, 0, 9, 9)), ("a white bowl", (0, 0, 9, 9))])[0]
