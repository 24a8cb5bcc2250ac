"""LMD's rules (LLM-groundedDiffusion utils/eval/lmd.py, utils/eval/utils.py), applied to named boxes.

Boxes carry a phrase ("a red backpack") and an xywh box in pixels; the same predicates score an LLM's
layout (stage 1) and open-vocabulary detections (stage 2):
- negation / numeracy: the number of boxes whose phrase contains the singular object name equals N;
- attribution: at least one box whose phrase contains "a red backpack", and the same for the second;
- spatial: the first box whose phrase contains "a cat " (or ends with "a cat") on each side, compared
  by centre x (left/right) or centre y (top/bottom), strictly, no margin.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from agent.eval.detections import Detection
from agent.eval.files import LMDRow, read_json, read_rows

CATEGORIES = ("negation", "numeracy", "attribution", "spatial")
Box = tuple[str, tuple[float, float, float, float]]  # (phrase, (x, y, w, h) in pixels)


@dataclass
class LMDPrompt:
    index: int
    prompt: str
    category: str
    row: dict


def load(data: Path) -> list[LMDPrompt]:
    rows = read_rows(data / "lmd" / "lmd_benchmark_prompts.jsonl", LMDRow)
    return [LMDPrompt(r.index, r.prompt, r.category, r.model_dump()) for r in rows]


def boxes_from_detections(dets: list[Detection], width: int = 512, height: int = 512) -> list[Box]:
    out = []
    for d in dets:
        x0, y0, x1, y1 = d.pixels(width, height)
        out.append((d.phrase or d.name, (x0, y0, x1 - x0, y1 - y0)))
    return out


def parse_cached_layout(text: str) -> list[Box]:
    """One recorded LLM reply: "[('a cat', [x, y, w, h]), ...]\\nBackground prompt: ...". Literals only."""
    head = text.split("\nBackground prompt:")[0].strip()
    try:
        value = ast.literal_eval(head) if head else []
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return []
    out: list[Box] = []
    for item in value if isinstance(value, (list, tuple)) else []:
        try:
            name, box = item
            out.append((str(name), tuple(float(v) for v in box)))  # type: ignore[misc]
        except (TypeError, ValueError):
            continue
    return out


def load_cache(path: Path) -> dict[str, list[str]]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object of prompt -> replies")  # noqa: TRY004 - a file error
    return data


def _count(boxes: list[Box], needle: str) -> int:
    return sum(1 for name, _ in boxes if needle in name)


def _first(boxes: list[Box], phrase: str) -> tuple[float, float, float, float] | None:
    for name, box in boxes:
        if phrase + " " in name or name.endswith(phrase):
            return box
    return None


def score(item: LMDPrompt, boxes: list[Box]) -> tuple[bool, str]:
    """(success, reason) for one layout or one image's detections."""
    row = item.row
    args = row["predicate_args"]
    if row["predicate"] == "predicate_numeracy":
        names, n = args
        got = sum(_count(boxes, name) for name in names)
        return got == n, f"expected {n} {names[0]}, found {got}"
    if row["predicate"] == "predicate_attribution":
        first, second = args[0], args[1]
        c1, c2 = sum(_count(boxes, q) for q in first), sum(_count(boxes, q) for q in second)
        want1 = args[4] if len(args) > 4 and args[4] is not None else 1
        want2 = args[5] if len(args) > 5 and args[5] is not None else 1
        ok = c1 >= want1 and c2 >= want2
        return ok, f"found {c1} '{first[0]}' and {c2} '{second[0]}'"
    if row["predicate"] == "predicate_spatial":
        a, b = _first(boxes, args[0][0]), _first(boxes, args[1][0])
        if a is None or b is None:
            return False, f"missing {args[0][0] if a is None else args[1][0]}"
        loc1 = row["location1"]
        ax, ay = a[0] + a[2] / 2, a[1] + a[3] / 2
        bx, by = b[0] + b[2] / 2, b[1] + b[3] / 2
        ok = {"left": ax < bx, "right": ax > bx, "top": ay < by, "bottom": ay > by}.get(loc1, False)
        return ok, f"'{args[0][0]}' is not on the {loc1} of '{args[1][0]}'"
    return False, f"unknown predicate {row['predicate']}"


def summarize(results: list[tuple[LMDPrompt, bool]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for cat in CATEGORIES:
        rows = [ok for item, ok in results if item.category == cat]
        if rows:
            out[cat] = sum(rows) / len(rows)
    out["overall"] = sum(ok for _, ok in results) / len(results) if results else 0.0
    return out
