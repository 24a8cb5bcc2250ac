"""T2I-CompBench's 2D-spatial and numeracy rules (UniDet_eval/2D_spatial_eval.py, numeracy_eval.py).

2D spatial: the relation is the first of [on side of, next to, near, on the left of, on the right of,
on the bottom of, on the top of, on top of] found in the prompt; the first detection of each object is
used; left/right/top/bottom need the axis offset to dominate and IoU < 0.1 (else 0.1/IoU); next to/near
need |dx| or |dy| under 150 px. Image score = 0.25 conf1 + 0.25 conf2 + 0.5 pos, zeroed under 0.5.
The official script names the objects with spaCy (first and last NOUN); without spaCy this module
takes the last word before the relation phrase and the last word of the prompt, which is the same on
the "a X REL a Y" prompts of the val list.

Numeracy: "number word + known object" pairs (new_objects.txt) give the expected counts; same-label
boxes with IoU or containment over 0.9 merge; each object scores 0.5/k if present and 0.5/k more if
its count is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from agent.eval.detections import Detection
from agent.eval.files import read_text

SPATIAL_VOCAB = ("on side of", "next to", "near", "on the left of", "on the right of", "on the bottom of",
                 "on the top of", "on top of")
PERSON = {"girl", "boy", "man", "woman"}
NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
# what the detector calls some of the benchmark's objects (the official script's renames)
NUMERACY_RENAMES = {"boy": "person", "girl": "person", "man": "person", "woman": "person", "ship": "boat",
                    "telivision": "tv", "goldfish": "fish", "painting": "picture"}


@dataclass
class T2IPrompt:
    prompt: str
    category: str  # "spatial" or "numeracy"


def load(data: Path, categories: tuple[str, ...] = ("spatial", "numeracy")) -> list[T2IPrompt]:
    out = []
    for cat in categories:
        path = data / "t2i-compbench" / f"{cat}_val.txt"
        out += [T2IPrompt(line.strip(), cat) for line in read_text(path).splitlines() if line.strip()]
    return out


def _iou(a: tuple, b: tuple) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def spatial_objects(prompt: str) -> tuple[str | None, str | None, str | None]:
    """(obj1, relation, obj2) as the scorer reads them."""
    rel = next((r for r in SPATIAL_VOCAB if r in prompt), None)
    if rel is None:
        return None, None, None
    before, _, after = prompt.partition(rel)
    w1 = re.findall(r"[A-Za-z]+", before)
    w2 = re.findall(r"[A-Za-z]+", after)
    obj1 = w1[-1].lower() if w1 else None
    obj2 = w2[-1].lower() if w2 else None
    return ("person" if obj1 in PERSON else obj1), rel, ("person" if obj2 in PERSON else obj2)


def position_score(rel: str, b1: tuple, b2: tuple, distance: float = 150.0) -> float:
    """determine_position(): boxes in pixels, b1 is the first object.

    Args:
        rel: the relation phrase.
        b1: the first object's box in pixels.
        b2: the second object's box.
        distance: the "near" distance in pixels (150 in the benchmark).
    """
    dx = (b2[0] + b2[2]) / 2 - (b1[0] + b1[2]) / 2
    dy = (b2[1] + b2[3]) / 2 - (b1[1] + b1[3]) / 2
    iou = _iou(b1, b2)
    soft = 1.0 if iou < 0.1 else 0.1 / iou
    if rel in ("next to", "on side of", "near"):
        return 1.0 if abs(dx) < distance or abs(dy) < distance else distance / max(abs(dx), abs(dy))
    if rel == "on the right of":
        return soft if dx < 0 and abs(dx) > abs(dy) else 0.0
    if rel == "on the left of":
        return soft if dx > 0 and abs(dx) > abs(dy) else 0.0
    if rel == "on the bottom of":
        return soft if dy < 0 and abs(dy) > abs(dx) else 0.0
    if rel == "on the top of":
        return soft if dy > 0 and abs(dy) > abs(dx) else 0.0
    return 0.0  # bare "on top of" scores 0 in the official script


def detector_label(name: str) -> str:
    return "person" if name in PERSON or name == "person" else name


def score_spatial(prompt: str, dets: list[Detection], width: int = 512, height: int = 512) -> tuple[float, str]:
    """T2I-CompBench's 2D-spatial score of one image and why.

    Args:
        prompt: the benchmark prompt.
        dets: the boxes found (or planned).
        width: the image width in pixels.
        height: the image height in pixels.
    """
    obj1, rel, obj2 = spatial_objects(prompt)
    # a multiword label answers to its head word too ("teddy bear" for "bear"), as the word-level parse sees it
    labels = [detector_label(d.name) for d in dets]
    heads = [lab.rpartition(" ")[2] for lab in labels]
    labels = [lab if lab in (obj1, obj2) else head for lab, head in zip(labels, heads)]
    if obj1 in labels and obj2 in labels and rel is not None:
        d1, d2 = dets[labels.index(obj1)], dets[labels.index(obj2)]
        s = 0.25 * d1.score + 0.25 * d2.score + 0.5 * position_score(rel, d1.pixels(width, height),
                                                                     d2.pixels(width, height))
        why = f"{obj1} {rel} {obj2}: position off"
    elif obj1 in labels:
        s, why = 0.25 * dets[labels.index(obj1)].score, f"no {obj2}"
    elif obj2 in labels:
        s, why = 0.25 * dets[labels.index(obj2)].score, f"no {obj1}"
    else:
        s, why = 0.0, f"neither {obj1} nor {obj2}"
    s = 0.0 if s < 0.5 else s
    return s, "ok" if s >= 1.0 - 1e-9 else why


def load_objects(data: Path) -> tuple[list[str], list[str]]:
    """new_objects.txt: singular and plural forms."""
    singular, plural = [], []
    for line in (data / "t2i-compbench" / "new_objects.txt").read_text().splitlines():
        if " - " in line:
            s, p = line.split(" - ", 1)
            singular.append(s.strip().lower())
            plural.append(p.strip().lower())
    return singular, plural


def numeracy_targets(prompt: str, singular: list[str], plural: list[str]) -> list[tuple[str, int]]:
    """(object, count) pairs: a number word followed by a known object (one or two words)."""
    toks = re.findall(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", prompt)
    out: list[tuple[str, int]] = []
    for i, t in enumerate(toks):
        if t not in NUMBER:
            continue
        two = " ".join(toks[i + 1:i + 3]) if i < len(toks) - 2 else None
        one = toks[i + 1] if i + 1 < len(toks) else None
        if two is not None and (two in singular or two in plural):
            if two in plural and t not in ("a", "an", "one"):
                out.append((singular[plural.index(two)], NUMBER[t]))
            else:
                out.append((two, 1))
        elif one is not None and (one in singular or one in plural):
            if one in singular and t in ("a", "an", "one"):
                out.append((one, 1))
            else:
                out.append((singular[plural.index(one)] if one in plural else one, NUMBER[t]))
    return out


def _same(a: tuple, b: tuple) -> bool:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]) + 1)
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]) + 1)
    inter = ix * iy
    area1 = (a[2] - a[0] + 1) * (a[3] - a[1] + 1)
    area2 = (b[2] - b[0] + 1) * (b[3] - b[1] + 1)
    return inter / (area1 + area2 - inter) > 0.9 or inter / area1 > 0.9 or inter / area2 > 0.9


def score_numeracy(prompt: str, dets: list[Detection], singular: list[str], plural: list[str],
                   width: int = 512, height: int = 512) -> tuple[float, str]:
    """T2I-CompBench's numeracy score of one image and why.

    Args:
        prompt: the benchmark prompt.
        dets: the boxes found (or planned).
        singular: the benchmark's singular object names.
        plural: their plurals, in the same order.
        width: the image width in pixels.
        height: the image height in pixels.
    """
    targets = numeracy_targets(prompt, singular, plural)
    if not targets:
        return 0.0, "no countable object in the prompt"
    labels: list[str] = []
    boxes: list[tuple] = []
    for d in dets:
        label, box = NUMERACY_RENAMES.get(d.name, d.name), d.pixels(width, height)
        if not any(label == lab and _same(box, b) for lab, b in zip(labels, boxes)):
            labels.append(label)
            boxes.append(box)
    total, weight, why = 0.0, 1.0 / len(targets), []
    for name, n in targets:
        name = NUMERACY_RENAMES.get(name, name)
        if name not in labels:
            labels = [name if name in lab else lab for lab in labels]
        if name in labels:
            total += 0.5 * weight
            if labels.count(name) == n:
                total += 0.5 * weight
            else:
                why.append(f"{name}: {labels.count(name)} not {n}")
        else:
            why.append(f"no {name}")
    return total, "ok" if not why else "; ".join(why)
