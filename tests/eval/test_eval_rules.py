"""Benchmark rules (GenEval, LMD, T2I-CompBench) on hand-made detections, then on the real bench data.

The bench-data tests skip cleanly when ../shared/bench-data is absent; the whole run takes a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.cli import main as cli_main
from agent.eval import evaluate, geneval, lmd, t2i_compbench
from agent.eval.detections import Detection, from_scene
from agent.planners import get_planner
from agent.scene import Scene, SceneObject

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench-data"


@pytest.fixture(scope="module")
def bench_dir() -> Path:
    if not (BENCH / "geneval").is_dir():
        pytest.skip(f"bench data not found at {BENCH}")
    return BENCH


def det(name: str, box, color: str | None = None, score: float = 1.0) -> Detection:
    return Detection(name=name, box=tuple(box), score=score, color=color)


# -- GenEval -----------------------------------------------------------------------------------------------
def test_geneval_position_needs_the_margin() -> None:
    item = geneval.GenEvalPrompt("a photo of a dog left of a cat", "position",
                                 [{"class": "cat", "count": 1},
                                  {"class": "dog", "count": 1, "position": ["left of", 0]}], [])
    far = [det("cat", (0.6, 0.4, 0.9, 0.6)), det("dog", (0.1, 0.4, 0.4, 0.6))]
    assert geneval.score(item, far) == (True, "ok")
    # centres 0.06 apart, boxes 0.4 wide: 0.1 x 0.8 = 0.08 swallows the offset
    close = [det("cat", (0.3, 0.4, 0.7, 0.6)), det("dog", (0.24, 0.4, 0.64, 0.6))]
    assert geneval.score(item, close)[0] is False
    swapped = [det("cat", (0.1, 0.4, 0.4, 0.6)), det("dog", (0.6, 0.4, 0.9, 0.6))]
    assert geneval.score(item, swapped)[0] is False


def test_geneval_counting_is_exact_above_the_counting_threshold() -> None:
    item = geneval.GenEvalPrompt("a photo of two clocks", "counting", [{"class": "clock", "count": 2}],
                                 [{"class": "clock", "count": 3}])
    two = [det("clock", (0.1, 0.1, 0.3, 0.3)), det("clock", (0.5, 0.5, 0.7, 0.7))]
    assert geneval.score(item, two)[0]
    assert not geneval.score(item, [*two, det("clock", (0.7, 0.1, 0.9, 0.3))])[0]
    assert geneval.score(item, [*two, det("clock", (0.7, 0.1, 0.9, 0.3), score=0.8)])[0]  # under 0.9: not counted
    assert not geneval.score(item, two[:1])[0]


def test_geneval_colours_and_aliases() -> None:
    item = geneval.GenEvalPrompt("a photo of a red couch", "colors", [{"class": "couch", "count": 1, "color": "red"}],
                                 [])
    assert geneval.score(item, [det("sofa", (0.1, 0.1, 0.9, 0.9), "red")])[0]  # a detector calls a sofa "couch"
    assert not geneval.score(item, [det("couch", (0.1, 0.1, 0.9, 0.9), "blue")])[0]
    assert not geneval.score(item, [det("couch", (0.1, 0.1, 0.9, 0.9))])[0]
    results = [(geneval.GenEvalPrompt("", t, [], []), ok) for t, ok in [("colors", True), ("counting", False)]]
    assert geneval.summarize(results)["overall"] == 0.5


# -- LMD --------------------------------------------------------------------------------------------------
def _lmd(category: str, prompt: str, **row) -> lmd.LMDPrompt:
    return lmd.LMDPrompt(0, prompt, category, {"category": category, **row})


def test_lmd_rules() -> None:
    num = _lmd("numeracy", "", predicate="predicate_numeracy", predicate_args=[["cat"], 2])
    assert lmd.score(num, [("a cat", (0, 0, 10, 10)), ("a black cat", (20, 0, 10, 10))])[0]
    assert not lmd.score(num, [("a cat", (0, 0, 10, 10))])[0]
    neg = _lmd("negation", "", predicate="predicate_numeracy", predicate_args=[["backpack"], 0])
    assert lmd.score(neg, [])[0] and not lmd.score(neg, [("a backpack", (0, 0, 5, 5))])[0]
    attr = _lmd("attribution", "", predicate="predicate_attribution",
                predicate_args=[["a blue dog"], ["an orange bowl"], None, None, 1, 1])
    assert lmd.score(attr, [("a blue dog", (0, 0, 9, 9)), ("an orange bowl", (50, 0, 9, 9))])[0]
    assert not lmd.score(attr, [("a dog", (0, 0, 9, 9)), ("an orange bowl", (50, 0, 9, 9))])[0]
    spatial = _lmd("spatial", "", predicate="predicate_spatial", predicate_args=[["a cat"], ["a cup"]],
                   location1="left", location2="right")
    assert lmd.score(spatial, [("a cat", (0, 0, 100, 100)), ("a cup", (300, 0, 50, 50))])[0]
    assert not lmd.score(spatial, [("a cup", (0, 0, 100, 100)), ("a cat", (300, 0, 50, 50))])[0]
    # "a cat" must not match "a caterpillar": the phrase needs a following space or the end
    assert not lmd.score(spatial, [("a caterpillar", (0, 0, 9, 9)), ("a cup", (300, 0, 9, 9))])[0]


def test_lmd_cached_layout_parser_reads_literals_only() -> None:
    text = "[('a cat', [1, 2, 3, 4]), ('a dog', [5, 6, 7, 8])]\nBackground prompt: A realistic scene\nNegative prompt: "
    assert lmd.parse_cached_layout(text) == [("a cat", (1.0, 2.0, 3.0, 4.0)), ("a dog", (5.0, 6.0, 7.0, 8.0))]
    assert lmd.parse_cached_layout("__import__('os').system('echo no')\nBackground prompt: x") == []
    assert lmd.parse_cached_layout("[]\nBackground prompt: x") == []


def test_scene_to_lmd_phrases() -> None:
    s = Scene(objects=[SceneObject(id="dog_1", name="dog", color="orange", box=(0.1, 0.1, 0.3, 0.3)),
                       SceneObject(id="cup_1", name="cup", box=(0.5, 0.5, 0.7, 0.7))])
    boxes = lmd.boxes_from_detections(from_scene(s))
    assert [b[0] for b in boxes] == ["an orange dog", "a cup"]
    assert boxes[0][1] == pytest.approx((51.2, 51.2, 102.4, 102.4))


# -- T2I-CompBench ------------------------------------------------------------------------------------------
def test_t2i_spatial_rules() -> None:
    assert t2i_compbench.spatial_objects("a girl on the top of a frog") == ("person", "on the top of", "frog")
    assert t2i_compbench.spatial_objects("a mouse on side of a key") == ("mouse", "on side of", "key")
    above = [det("person", (0.3, 0.0, 0.6, 0.3)), det("frog", (0.3, 0.6, 0.6, 0.9))]
    assert t2i_compbench.score_spatial("a girl on the top of a frog", above)[0] == 1.0
    assert t2i_compbench.score_spatial("a girl on the top of a frog", above[::-1][:1] + above[:1])[0] == 1.0
    below = [det("girl", (0.3, 0.6, 0.6, 0.9)), det("frog", (0.3, 0.0, 0.6, 0.3))]
    assert t2i_compbench.score_spatial("a girl on the top of a frog", below)[0] == 0.5  # both found, wrong place
    assert t2i_compbench.score_spatial("a girl on the top of a frog", below[1:])[0] == 0.0  # 0.25 < 0.5: zeroed
    bears = [det("teddy bear", (0.0, 0.4, 0.3, 0.6)), det("traffic light", (0.6, 0.4, 0.8, 0.6))]
    assert t2i_compbench.score_spatial("a teddy bear on the left of a traffic light", bears)[0] == 1.0
    overlapping = [det("cat", (0.2, 0.2, 0.6, 0.6)), det("sofa", (0.3, 0.2, 0.7, 0.6))]
    s, _ = t2i_compbench.score_spatial("a cat on the left of a sofa", overlapping)
    assert 0.5 < s < 1.0  # IoU > 0.1: soft score 0.1 / IoU
    assert t2i_compbench.position_score("near", (0, 0, 10, 10), (400, 100, 410, 110)) == 1.0
    assert t2i_compbench.position_score("near", (0, 0, 10, 10), (400, 400, 410, 410)) == pytest.approx(150 / 400)
    assert t2i_compbench.position_score("on top of", (0, 0, 10, 10), (0, 100, 10, 110)) == 0.0


def test_t2i_numeracy_rules() -> None:
    sing, plur = ["apple", "person", "fish", "bowl"], ["apples", "people", "fish", "bowls"]
    assert t2i_compbench.numeracy_targets("three apples and a bowl", sing, plur) == [("apple", 3), ("bowl", 1)]
    assert t2i_compbench.numeracy_targets("two people and two fish swam", sing, plur) == [("person", 2), ("fish", 2)]
    apples = [det("apple", (0.1 * i, 0.1, 0.1 * i + 0.08, 0.2)) for i in range(3)]
    assert t2i_compbench.score_numeracy("three apples", apples, sing, plur)[0] == 1.0
    assert t2i_compbench.score_numeracy("three apples", apples[:2], sing, plur)[0] == 0.5
    merged = [*apples[:2], det("apple", (0.0, 0.1, 0.079, 0.2))]  # a box inside another merges into it
    assert t2i_compbench.score_numeracy("three apples", merged, sing, plur)[0] == 0.5


# -- whole benchmarks ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def offline():
    p = get_planner("offline")
    return lambda prompt: p.plan(prompt)


def test_geneval_benchmark(bench_dir: Path, offline) -> None:
    report = evaluate("geneval", bench_dir, planner=offline)
    assert report.counts["overall"] == 553
    assert report.scores["overall"] >= 0.995, report.failures[:5]


def test_lmd_benchmark_and_recorded_gpt_layouts(bench_dir: Path, offline) -> None:
    ours = evaluate("lmd", bench_dir, planner=offline)
    assert ours.counts["overall"] == 400 and ours.scores["overall"] >= 0.995, ours.failures[:5]
    gpt4 = evaluate("lmd", bench_dir, layouts=bench_dir / "lmd" / "cache_lmd_v0.1_gpt-4.json")
    gpt35 = evaluate("lmd", bench_dir, layouts=bench_dir / "lmd" / "cache_lmd_v0.1_gpt-3.5-turbo.json")
    assert gpt4.scores["overall"] == 1.0
    assert gpt35.scores["overall"] == pytest.approx(0.9925)
    assert gpt35.scores["numeracy"] == pytest.approx(0.98) and gpt35.scores["spatial"] == pytest.approx(0.99)


def test_t2i_compbench_benchmark(bench_dir: Path, offline) -> None:
    report = evaluate("t2i-compbench", bench_dir, planner=offline)
    assert report.scores["spatial (mean score)"] >= 0.95, report.failures[:5]
    assert report.scores["numeracy (mean score)"] >= 0.95, report.failures[:5]


def test_eval_cli(bench_dir: Path, capsys, tmp_path: Path) -> None:
    assert cli_main(["eval", "lmd", "--data", str(bench_dir), "--show-failures"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "negation" in out
    assert cli_main(["eval", "lmd", "--data", str(bench_dir), "--layouts",
                     str(bench_dir / "lmd" / "cache_lmd_v0.1_gpt-3.5-turbo.json"), "--show-failures"]) == 0
    out = capsys.readouterr().out
    assert "99.25%" in out and "two chairs" in out
    # recorded Scenes (as `scenecraft plan --input --output` writes them) score the same way
    prompts = tmp_path / "p.txt"
    prompts.write_text("a photo of a bench\na photo of a cow\n")
    assert cli_main(["plan", "--input", str(prompts), "--output", str(tmp_path / "s.jsonl")]) == 0
    capsys.readouterr()
    assert cli_main(["eval", "geneval", "--data", str(bench_dir), "--layouts", str(tmp_path / "s.jsonl"),
                     "--json"]) == 0
    assert '"failures": 551' in capsys.readouterr().out
    assert cli_main(["eval", "geneval", "--data", str(tmp_path / "nowhere")]) == 2
