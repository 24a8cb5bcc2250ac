"""Where text goes: on the object it is written on (a sign, a shirt, a cover), else in a free band.

A free band is a strip at the top (or bottom) of the frame that the solver keeps clear of objects, so
glyphs never hide what the request asked to see.
"""

from __future__ import annotations

from agent.layout.text_regions import grid_regions, split_rows
from agent.scene import Scene

BAND = 0.17  # height of the strip kept free for texts that belong to no object
MIN_LINE = 0.065  # a text line on a surface is at least this tall (fraction of the frame): cap height 3%...
MIN_CHAR = 0.022  # ...and this wide per character, else the lines would be too small to read
# where text sits inside its surface, as fractions of the surface box (x0, y0, x1, y1)
_ON_SURFACE = {
    "default": (0.12, 0.22, 0.88, 0.62),
    "shirt": (0.25, 0.25, 0.75, 0.55), "t-shirt": (0.25, 0.25, 0.75, 0.55), "jersey": (0.25, 0.25, 0.75, 0.55),
    "hoodie": (0.25, 0.3, 0.75, 0.55), "sweater": (0.25, 0.3, 0.75, 0.55),
    "book": (0.15, 0.12, 0.85, 0.42), "cover": (0.15, 0.12, 0.85, 0.42), "magazine": (0.1, 0.05, 0.9, 0.3),
    "cake": (0.15, 0.2, 0.85, 0.55), "mug": (0.15, 0.3, 0.75, 0.7), "cup": (0.15, 0.3, 0.8, 0.7),
    "bottle": (0.15, 0.45, 0.85, 0.75), "can": (0.1, 0.3, 0.9, 0.7), "truck": (0.1, 0.15, 0.6, 0.55),
    "bus": (0.1, 0.15, 0.9, 0.4), "hat": (0.2, 0.3, 0.8, 0.65), "cap": (0.2, 0.3, 0.8, 0.65),
    "stop sign": (0.12, 0.35, 0.88, 0.65), "neon sign": (0.08, 0.2, 0.92, 0.8),
}


# agent.scene.Region -> the position key of agent.layout.text_regions' 3x3 grid
_GRID_KEY = {"top left": "upper left corner", "top right": "upper right corner", "bottom left": "lower left corner",
             "bottom right": "lower right corner", "top": "top", "bottom": "bottom", "left": "left",
             "right": "right", "center": "center"}
REGION_TEXT_H = 0.16  # a text placed in a region of the image is at most this tall (fraction of the frame)


def free_texts(scene: Scene) -> list[int]:
    """Texts on no object and in no named region: they share the free band at the top."""
    return [i for i, t in enumerate(scene.texts) if t.on is None and t.region is None]


def band_height(n: int) -> float:
    """The free band's height for ``n`` texts: every row at least MIN_LINE tall (legible), at most 0.4."""
    return max(BAND, min(0.4, MIN_LINE * n + 0.02)) if n else 0.0


def object_area(scene: Scene) -> tuple[float, float, float, float]:
    """The part of the frame objects may use: all of it, less the text band when free texts exist."""
    margin = 0.02
    if free_texts(scene):
        return (margin, band_height(len(free_texts(scene))) + 0.02, 1 - margin, 1 - margin)
    return (margin, margin, 1 - margin, 1 - margin)


def place_texts(scene: Scene) -> None:
    """Set every text box in place (objects must already have their boxes)."""
    by_id = {o.id: o for o in scene.objects}
    on_surface: dict[str, list[int]] = {}
    for i, t in enumerate(scene.texts):
        if t.on is not None and t.on in by_id and t.region is None:
            on_surface.setdefault(t.on, []).append(i)
    for oid, idxs in on_surface.items():
        o = by_id[oid]
        fx0, fy0, fx1, fy1 = _ON_SURFACE.get(o.name, _ON_SURFACE["default"])
        x0, y0, x1, y1 = o.box
        w, h = x1 - x0, y1 - y0
        left, right, top, bottom = _readable(x0 + fx0 * w, x0 + fx1 * w, y0 + fy0 * h, y0 + fy1 * h,
                                             [scene.texts[i].content for i in idxs])
        step = (bottom - top) / len(idxs)
        for k, i in enumerate(idxs):
            scene.texts[i].box = _clip((left, top + k * step, right, top + (k + 1) * step - 0.1 * step))
    _place_in_regions(scene)
    free = free_texts(scene)
    if free:
        step = (band_height(len(free)) - 0.02) / len(free)
        for k, i in enumerate(free):
            scene.texts[i].box = _clip((0.06, 0.02 + k * step, 0.94, 0.02 + (k + 1) * step - 0.005))


def _place_in_regions(scene: Scene) -> None:
    """Texts with a named region go there, whatever they are written on (the position wins); each
    region's texts stack as rows, at most REGION_TEXT_H tall each, centred in the region's cells. A
    carrier no relation holds in place then grows to take its texts in, so they stay on it."""
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(scene.texts):
        if t.region is not None:
            groups.setdefault(_GRID_KEY[t.region], []).append(i)
    if not groups:
        return
    cells = grid_regions(set(groups))
    for key, idxs in groups.items():
        x0, y0, x1, y1 = cells[key]
        if key == "center":  # the centre cell may have grown to one side only: keep it centred
            half = min(0.5 - x0, x1 - 0.5)
            x0, x1 = 0.5 - half, 0.5 + half
        h = min(y1 - y0, (REGION_TEXT_H + 0.02) * len(idxs))
        top = (y0 + y1 - h) / 2
        for i, box in zip(idxs, split_rows((x0, top, x1, top + h), len(idxs))):
            scene.texts[i].box = _clip(box)
    related = {ref for r in scene.relations for ref in (r.subject, r.object, r.object2) if ref}
    for o in scene.objects:
        boxes = [t.box for t in scene.texts if t.region is not None and t.on == o.id]
        if boxes and o.id not in related and o.name not in related:
            m = 0.02
            o.box = _clip((min(o.box[0], *(b[0] - m for b in boxes)), min(o.box[1], *(b[1] - m for b in boxes)),
                           max(o.box[2], *(b[2] + m for b in boxes)), max(o.box[3], *(b[3] + m for b in boxes))))


def _readable(left: float, right: float, top: float, bottom: float, lines: list[str]) -> tuple[float, ...]:
    """The text region on a small surface (four lines on a bottle), widened and heightened around its
    centre until every line can be read; it may then reach past the object, like a label would."""
    need_w = min(0.9, MIN_CHAR * max((len(t) for t in lines), default=1))
    need_h = min(0.9, MIN_LINE * len(lines))
    cx, cy = (left + right) / 2, (top + bottom) / 2
    w, h = max(right - left, need_w), max(bottom - top, need_h)
    cx = min(max(cx, w / 2), 1 - w / 2)  # slide back inside the frame rather than clip
    cy = min(max(cy, h / 2), 1 - h / 2)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _clip(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (round(min(max(v, 0.0), 1.0), 4) for v in b)
    if x1 - x0 < 1e-3:
        x1 = min(x0 + 0.01, 1.0)
        x0 = x1 - 0.01
    if y1 - y0 < 1e-3:
        y1 = min(y0 + 0.01, 1.0)
        y0 = y1 - 0.01
    return (x0, y0, x1, y1)
