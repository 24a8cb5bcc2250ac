"""Benchmark-style prompts the planner has never seen: objects outside COCO, other phrasings, scored by
the same GenEval / LMD rules (a plan's boxes as detections)."""

from __future__ import annotations

import itertools
import warnings

import pytest

from agent.eval import geneval, lmd
from agent.eval.detections import from_scene
from agent.planners import get_planner

NOUNS = ["violin", "lantern", "cactus", "robot", "flamingo", "kettle", "pumpkin", "trumpet", "snail", "typewriter",
         "globe", "anchor", "owl", "canoe", "saxophone", "mushroom"]
PLURAL = {"cactus": "cacti"}
COLORS = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white"]
NUMBERS = {2: "two", 3: "three", 4: "four", 5: "5"}
POSITION = {  # phrasing -> GenEval relation of the first object to the second
    "left of": "left of", "to the left of": "left of", "on the left side of": "left of", "right of": "right of",
    "to the right of": "right of", "above": "above", "over": "above", "below": "below", "beneath": "below",
    "on the bottom of": "below", "on the top of": "above",
}


def a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def items() -> list[geneval.GenEvalPrompt]:
    out = []
    pairs = [(x, y) for x, y in itertools.permutations(NOUNS, 2)][::7]
    for k, (x, y) in enumerate(pairs):
        phrase, rel = list(POSITION.items())[k % len(POSITION)]
        out.append(geneval.GenEvalPrompt(f"a photo of {a(x)} {phrase} {a(y)}", "position",
                                         [{"class": y, "count": 1}, {"class": x, "count": 1, "position": [rel, 0]}],
                                         []))
        c1, c2 = COLORS[k % 10], COLORS[(k + 3) % 10]
        out.append(geneval.GenEvalPrompt(f"an image of {a(c1)} {x} and {a(c2)} {y}", "color_attr",
                                         [{"class": x, "count": 1, "color": c1},
                                          {"class": y, "count": 1, "color": c2}], []))
    for k, x in enumerate(NOUNS):
        n = 2 + k % 4
        word = PLURAL.get(x, x + "s")
        out.append(geneval.GenEvalPrompt(f"{NUMBERS[n]} {word} on a table", "counting", [{"class": x, "count": n}],
                                         [{"class": x, "count": n + 1}]))
        out.append(geneval.GenEvalPrompt(f"a {COLORS[k % 10]} {x}", "colors",
                                         [{"class": x, "count": 1, "color": COLORS[k % 10]}], []))
    return out


def test_geneval_style_prompts_with_unseen_objects_and_phrasings() -> None:
    p = get_planner("offline")
    failures = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for item in items():
            ok, why = geneval.score(item, from_scene(p.plan(item.prompt)))
            if not ok:
                failures.append((item.prompt, why))
    assert len(items()) > 100
    assert failures == []


@pytest.mark.parametrize("prompt, row", [
    ("A realistic photo of a scene with 4 lanterns",
     {"predicate": "predicate_numeracy", "predicate_args": [["lantern"], 4]}),
    ("A realistic photo of a scene with no owls", {"predicate": "predicate_numeracy", "predicate_args": [["owl"], 0]}),
    ("A realistic photo of a scene with a purple kettle and an orange snail",
     {"predicate": "predicate_attribution",
      "predicate_args": [["a purple kettle"], ["an orange snail"], None, None, 1, 1]}),
    ("A realistic photo of a scene with a globe on the right side and a canoe on the left side",
     {"predicate": "predicate_spatial", "predicate_args": [["a globe"], ["a canoe"]], "location1": "right"}),
    ("A realistic photo of a scene with a robot at the bottom and a pumpkin at the top",
     {"predicate": "predicate_spatial", "predicate_args": [["a robot"], ["a pumpkin"]], "location1": "bottom"}),
])
def test_lmd_style_prompts_with_unseen_objects(prompt: str, row: dict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scene = get_planner("offline").plan(prompt)
    item = lmd.LMDPrompt(0, prompt, "x", row)
    ok, why = lmd.score(item, lmd.boxes_from_detections(from_scene(scene)))
    assert ok, why
