"""GenEval's rules (djghosh13/geneval evaluation/evaluate_images.py), applied to detections.

Per ``include`` item: the top-``count`` detections of the class must exist, all with the asked colour,
and (for position) every one of them must stand in the relation to every object matched by the item
it refers to, after GenEval's 0.1 margin. Per ``exclude`` item: fewer than ``count`` detections.
Thresholds: score > 0.3, > 0.9 for counting prompts; at most 16 detections per class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent.eval.detections import COCO_ALIASES, Detection
from agent.eval.files import GenEvalRow, read_rows
from agent.layout.check import geneval_relations

TAGS = ("single_object", "two_object", "counting", "colors", "position", "color_attr")


@dataclass
class GenEvalPrompt:
    prompt: str
    tag: str
    include: list[dict]
    exclude: list[dict]


def load(data: Path) -> list[GenEvalPrompt]:
    rows = read_rows(data / "geneval" / "evaluation_metadata.jsonl", GenEvalRow)
    return [GenEvalPrompt(r.prompt, r.tag, [i.as_dict() for i in r.include], [e.as_dict() for e in r.exclude])
            for r in rows]


def coco_name(name: str) -> str:
    return COCO_ALIASES.get(name, name)


def score(item: GenEvalPrompt, detections: list[Detection], width: int = 512, height: int = 512) -> tuple[bool, str]:
    """(correct, reason) for one image's detections under GenEval's rules.

    Args:
        item: the GenEval prompt and its include/exclude rules.
        detections: the boxes found (or planned).
        width: the image width in pixels.
        height: the image height in pixels.
    """
    cut = 0.9 if item.tag == "counting" else 0.3
    by_class: dict[str, list[Detection]] = {}
    for d in detections:
        if d.score > cut:  # under its own name and, if it has one, under its COCO class ("taxi" is a car)
            for cls in dict.fromkeys((d.name, coco_name(d.name))):
                by_class.setdefault(cls, []).append(d)
    for cls in by_class:
        by_class[cls] = sorted(by_class[cls], key=lambda d: -d.score)[:16]
    matched: list[list[Detection] | None] = []
    for req in item.include:
        cls, count = req["class"], req["count"]
        found = by_class.get(cls, [])[:count]
        if len(found) < count:
            return False, f"expected {cls} >= {count}, found {len(found)}"
        if "color" in req:
            wrong = [d.color for d in found if d.color != req["color"]]
            if wrong:
                return False, f"expected {req['color']} {cls}, found {wrong[0] or 'no colour'}"
        if "position" in req:
            rel, target_index = req["position"]
            targets = matched[target_index]
            if not targets:
                return False, f"no target for {cls} {rel}"
            for a in found:
                for b in targets:
                    if rel not in geneval_relations(a.pixels(width, height), b.pixels(width, height)):
                        return False, f"expected {cls} {rel} target"
        matched.append(found)
    for req in item.exclude:
        n = len(by_class.get(req["class"], []))
        if n >= req["count"]:
            return False, f"expected {req['class']} < {req['count']}, found {n}"
    return True, "ok"


def summarize(results: list[tuple[GenEvalPrompt, bool]]) -> dict[str, float]:
    """Per-tag accuracy and GenEval's overall score (the unweighted mean over the six tags)."""
    out: dict[str, float] = {}
    for tag in TAGS:
        rows = [ok for item, ok in results if item.tag == tag]
        if rows:
            out[tag] = sum(rows) / len(rows)
    out["overall"] = sum(out.values()) / len(out) if out else 0.0
    return out
