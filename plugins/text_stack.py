"""Texts stacked in one place (rows on a carrier, in an image region, in the free band) grow together.

Why: at the legible minimum size, four rows may not fit the area the plan gave them. Growing each row
around its own centre would make the rows overlap; instead the stack's area grows (taller first, then
wider) around its centre, inside the image, and the rows are split again in proportion to what each
needs. The change is reported as a ``text.fit`` finding, so nothing is shrunk silently.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from agent.findings import Finding
from agent.text.fit import line_pitch, line_width, stroke_width, wrap
from agent.text.fonts import choose_font, load_face

if TYPE_CHECKING:
    from agent.scene import SceneText

Box = tuple[float, float, float, float]
GAP = 0.006  # between rows, as a share of the image height


def stack_key(t: SceneText) -> tuple[str | None, str | None, bool]:
    """Texts with the same key share one stack: the same carrier, the same image region."""
    return (t.on, t.region, t.on is None and t.region is None)


def grow_stacks(texts: list[SceneText], width: int, height: int, floor: dict[str, int],
                outline: bool = True) -> tuple[list[SceneText], list[Finding]]:
    """Texts whose stack needs more room than its rows' union get new, non-overlapping rows.

    ``floor`` is each text's smallest legible font size in px."""
    groups: dict[tuple, list[int]] = {}
    for i, t in enumerate(texts):
        if not t.rotation:
            groups.setdefault(stack_key(t), []).append(i)
    out, findings = list(texts), []
    for idxs in groups.values():
        if len(idxs) < 2:
            continue
        idxs = sorted(idxs, key=lambda i: texts[i].box[1])
        ux0, uy0 = min(texts[i].box[0] for i in idxs), min(texts[i].box[1] for i in idxs)
        ux1, uy1 = max(texts[i].box[2] for i in idxs), max(texts[i].box[3] for i in idxs)
        need_w = max(_needed_width(texts[i], floor[texts[i].id], outline) for i in idxs) / width
        bw = min(1.0, max(ux1 - ux0, need_w))
        needs = [_needed_height(texts[i], round(bw * width), floor[texts[i].id], outline) / height for i in idxs]
        total = sum(needs) + GAP * (len(idxs) - 1)
        if total <= uy1 - uy0 + 1e-6 and bw <= ux1 - ux0 + 1e-6 and _rows_apart(texts, idxs):
            continue
        bh = min(1.0, max(uy1 - uy0, total))
        x0 = min(max(0.0, (ux0 + ux1) / 2 - bw / 2), 1.0 - bw)
        y0 = min(max(0.0, (uy0 + uy1) / 2 - bh / 2), 1.0 - bh)
        scale = (bh - GAP * (len(idxs) - 1)) / max(sum(needs), 1e-6)
        y = y0
        for i, need in zip(idxs, needs):
            h = need * scale
            out[i] = texts[i].model_copy(update={"box": _clip((x0, y, x0 + bw, y + h))})
            y += h + GAP
        findings.append(Finding(check="text.fit", target=texts[idxs[0]].id, problem="ok",
                                box=_clip((x0, y0, x0 + bw, y0 + bh)), expected="rows fit at a legible size",
                                message=f"{len(idxs)} stacked texts grew from "
                                        f"{[round(v, 3) for v in (ux0, uy0, ux1, uy1)]} to fit at a legible size"))
    return out, findings


def _rows_apart(texts: list[SceneText], idxs: list[int]) -> bool:
    return all(texts[a].box[3] <= texts[b].box[1] + 1e-6 for a, b in itertools.pairwise(idxs))


def _needed_width(t: SceneText, size: int, outline: bool) -> float:
    """Pixels the widest word of ``t`` needs at ``size`` (with the renderer's padding)."""
    font = load_face(choose_font(t.font, t.content), size)
    sw = stroke_width(size, outline)
    widest = max((line_width(font, w, sw) for w in t.content.split()), default=0)
    return widest * 1.1 + 4


def _needed_height(t: SceneText, width_px: int, size: int, outline: bool) -> float:
    """Pixels ``t`` needs at ``size`` when wrapped to ``width_px`` (with the renderer's padding)."""
    font = load_face(choose_font(t.font, t.content), size)
    sw = stroke_width(size, outline)
    lines = wrap(t.content, font, max(1, round(width_px * 0.92)), sw)
    return line_pitch(font, sw) * len(lines) * 1.1 + 4


def _clip(b: Box) -> Box:
    x0, y0, x1, y1 = (round(min(max(v, 0.0), 1.0), 4) for v in b)
    return (x0, y0, max(x1, x0 + 0.001), max(y1, y0 + 0.001))
