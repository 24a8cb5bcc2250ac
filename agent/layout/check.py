"""Is a layout right? Relation tests with clear margins, shared by the solver and the tests.

A relation counts only when it would pass every public rule at once: GenEval's (centre offset minus
0.1 x the summed box sizes, then more than half of the offset's length along the axis), T2I-CompBench's
(the axis offset dominates and IoU < 0.1) and LMD's (strict centre order). Boxes are
``[x0, y0, x1, y1]`` in 0..1; ``width``/``height`` turn them into pixels so the aspect is right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

BoxT = Sequence[float]


def center(b: BoxT) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def iou(a: BoxT, b: BoxT) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def containment(a: BoxT, b: BoxT) -> float:
    """The larger of (intersection / area) over the two boxes: 1.0 when one box holds the other."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    areas = [(a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])]
    return max(inter / s for s in areas if s > 0) if any(s > 0 for s in areas) else 0.0


def geneval_relations(a: BoxT, b: BoxT, margin: float = 0.1) -> set[str]:
    """GenEval's relative_position(a, b): which of left of/right of/above/below a has to b."""
    (ax, ay), (bx, by) = center(a), center(b)
    ox, oy = ax - bx, ay - by
    dims = ((a[2] - a[0]) + (b[2] - b[0]), (a[3] - a[1]) + (b[3] - b[1]))
    rx = math.copysign(max(abs(ox) - margin * dims[0], 0.0), ox)
    ry = math.copysign(max(abs(oy) - margin * dims[1], 0.0), oy)
    if abs(rx) < 1e-3 and abs(ry) < 1e-3:
        return set()
    norm = math.hypot(ox, oy)
    dx, dy = rx / norm, ry / norm
    out = set()
    if dx < -0.5:
        out.add("left of")
    if dx > 0.5:
        out.add("right of")
    if dy < -0.5:
        out.add("above")
    if dy > 0.5:
        out.add("below")
    return out


def _px(b: BoxT, w: int, h: int) -> tuple[float, float, float, float]:
    return b[0] * w, b[1] * h, b[2] * w, b[3] * h


def relation_holds(rel: str, a: BoxT, b: BoxT, c: BoxT | None = None, width: int = 512, height: int = 512) -> bool:
    """Does box ``a`` stand in ``rel`` to ``b`` (and ``c`` for between), with every benchmark's margin?

    Args:
        rel: the relation word.
        a: the subject's box (0..1).
        b: the object's box.
        c: the second object's box, for "between".
        width: the image width in pixels (the aspect matters).
        height: the image height in pixels.
    """
    pa, pb = _px(a, width, height), _px(b, width, height)
    (ax, ay), (bx, by) = center(pa), center(pb)
    dx, dy = ax - bx, ay - by
    gen = geneval_relations(pa, pb)
    low_iou = iou(pa, pb) < 0.1
    if rel == "left of":
        return "left of" in gen and abs(dx) > abs(dy) and low_iou and ax < bx
    if rel == "right of":
        return "right of" in gen and abs(dx) > abs(dy) and low_iou and ax > bx
    if rel == "above":
        return "above" in gen and abs(dy) > abs(dx) and low_iou and ay < by
    if rel == "below":
        return "below" in gen and abs(dy) > abs(dx) and low_iou and ay > by
    ha = pa[3] - pa[1]
    x_overlap = min(pa[2], pb[2]) - max(pa[0], pb[0])
    if rel == "on top of":  # resting on: above, touching, horizontally over it
        return ay < by and abs(pa[3] - pb[1]) <= 0.3 * ha and x_overlap > 0
    if rel == "under":  # below and horizontally under it
        return ay > by and x_overlap > 0 and pa[3] >= pb[3] - 0.05 * height
    if rel in ("next to", "near"):  # T2I-CompBench: within 150 px of 512 on one axis; not on top of each other
        near = 150 / 512
        return (abs(dx) < near * width or abs(dy) < near * height) and iou(pa, pb) < 0.3
    y_gap = max(pa[1], pb[1]) - min(pa[3], pb[3])  # > 0: a vertical gap between them
    if rel == "in front of":  # lower in the frame (nearer the viewer), reaching up to what it hides
        return ay > by and y_gap < 0.05 * height
    if rel == "behind":
        return ay < by and y_gap < 0.05 * height
    if rel == "between" and c is not None:
        pc = _px(c, width, height)
        cx = center(pc)[0]
        return (bx < ax < cx or cx < ax < bx) and iou(pa, pb) < 0.1 and iou(pa, pc) < 0.1
    return False


def _gap(a: BoxT, b: BoxT) -> float:
    """Distance between two boxes' edges (0 when they touch or overlap)."""
    gx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    gy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return math.hypot(gx, gy)


def inside(b: BoxT) -> bool:
    return 0.0 <= b[0] < b[2] <= 1.0 and 0.0 <= b[1] < b[3] <= 1.0


def merged(a: BoxT, b: BoxT) -> bool:
    """Would a detector's de-duplication (IoU > 0.9 or containment > 0.9) count these as one?"""
    return iou(a, b) > 0.5 or containment(a, b) > 0.8
