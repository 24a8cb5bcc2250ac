"""Minimal LMD benchmark stage-1 rules (SCORING_RULES.md, utils/eval/lmd.py @e23f14d9), for tests and bench.

Hook: when the planner helper's ``agent.eval`` LMD scorer lands, the test and bench should call it
instead of :func:`lmd_predicate`; this module only restates the four predicates so the replay can be
scored today. Boxes are ``(name, (x, y, w, h))`` in pixels, as LMD stores them.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from agent.plan_check import singular

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench-data" / "lmd"
COLORS = {"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray", "grey"}
LmdBox = tuple[str, tuple[float, float, float, float]]


def load_rows() -> list[dict]:
    return [
        json.loads(line) for line in (BENCH / "lmd_benchmark_prompts.jsonl").read_text().splitlines() if line.strip()
    ]


def load_cache(model: str = "gpt-4") -> dict[str, list[str]]:
    return json.loads((BENCH / f"cache_lmd_v0.1_{model}.json").read_text())


def _count(boxes: list[LmdBox], name: str) -> int:
    return sum(name in b[0] for b in boxes)


def _first(boxes: list[LmdBox], name: str) -> LmdBox | None:
    return next((b for b in boxes if (name + " ") in b[0] or b[0].endswith(name)), None)


def lmd_predicate(row: dict, boxes: list[LmdBox]) -> bool:
    """The row's predicate on a layout: numeracy/negation exact count, attribution >= 1, spatial centres."""
    kind = row["predicate"]
    args = row["predicate_args"]
    if kind == "predicate_numeracy":
        (names, n) = args
        return _count(boxes, singular(names[0])) == n
    if kind == "predicate_attribution":
        return _count(boxes, args[0][0]) >= args[4] and _count(boxes, args[1][0]) >= args[5]
    if kind == "predicate_spatial":
        a, b = _first(boxes, args[0][0]), _first(boxes, args[1][0])
        if a is None or b is None:
            return False
        (ax, ay, aw, ah), (bx, by, bw, bh) = a[1], b[1]
        acx, acy, bcx, bcy = ax + aw / 2, ay + ah / 2, bx + bw / 2, by + bh / 2
        return {"left": acx < bcx, "right": acx > bcx, "top": acy < bcy, "bottom": acy > bcy}[row["location1"]]
    raise ValueError(f"unknown LMD predicate {kind}")


def parse_cached_layout(text: str) -> tuple[list[LmdBox], str, str]:
    """``"[('a cat', [x, y, w, h]), ...]\\nBackground prompt: ...\\nNegative prompt: ..."`` -> parts.

    ``ast.literal_eval`` reads literals only (no code runs), which is how LMD itself reads the list.
    """
    lines = text.strip().splitlines()
    boxes = [(str(n), tuple(float(v) for v in b)) for n, b in ast.literal_eval(lines[0])]
    background = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Background prompt")), "")
    negative = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Negative prompt")), "")
    return boxes, background, negative  # type: ignore[return-value]


def layout_to_scene_json(text: str, size: float = 512.0) -> dict:
    """The GPT-4 layout written as the Scene JSON an LLM would return (boxes clipped to the canvas)."""
    boxes, background, negative = parse_cached_layout(text)
    objects, seen = [], {}
    for phrase, (x, y, w, h) in boxes:
        words = [w_ for w_ in phrase.lower().split() if w_ not in ("a", "an", "the")]
        color = next((w_ for w_ in words if w_ in COLORS), None)
        noun = singular(" ".join(w_ for w_ in words if w_ not in COLORS) or phrase)
        seen[noun] = seen.get(noun, 0) + 1
        x0, y0 = max(0.0, x / size), max(0.0, y / size)
        x1, y1 = min(1.0, (x + w) / size), min(1.0, (y + h) / size)
        obj = {
            "id": f"{noun.replace(' ', '_')}_{seen[noun]}",
            "name": noun,
            "description": phrase,
            "box": [x0, y0, x1, y1],
        }
        if color:
            obj["color"] = color
        objects.append(obj)
    return {
        "background": background,
        "objects": objects,
        "relations": [],
        "texts": [],
        "negative": [n.strip() for n in negative.split(",") if n.strip()],
    }


def scene_to_lmd_boxes(scene, size: float = 512.0) -> list[LmdBox]:
    """A Scene's objects as LMD boxes: the description is the box name ("a red backpack")."""
    out = []
    for o in scene.objects:
        name = o.description or (f"a {o.color} {o.name}" if o.color else f"a {o.name}")
        x0, y0, x1, y1 = o.box
        out.append((name, (x0 * size, y0 * size, (x1 - x0) * size, (y1 - y0) * size)))
    return out
