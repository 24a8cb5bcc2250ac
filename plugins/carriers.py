"""The largest free flat area of a text's carrier, found in the pixels the renderer drew.

Why pixels and not a table: a truck pictogram is letterboxed inside its box, its cab may face either way,
and a sign has slot strokes on its board. Reading the drawn object gives the cargo box of the truck (not
the cab) and the board of the sign (its decorations count as part of the board, so the text can cover
them with the board's own colour).

How: inside the carrier's box, each dominant colour that is not the background's gives a mask; small
gaps (slats, seams) are closed and enclosed holes (slots, windows) filled; the largest axis-aligned
rectangle inside the mask is that colour's flat area. The largest over the colours wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from agent.scene import SceneObject, SceneText
    from plugins.text_render import Drawn

Box = tuple[float, float, float, float]
RGB = tuple[int, int, int]
_WORK = 64  # the crop is analysed at most this many px on a side
_TOL = 60.0  # colour distance (RGB, Euclidean) within which a pixel belongs to a flat colour
_MIN_SHARE = 0.08  # a flat area smaller than this share of the carrier box is no flat area


@dataclass(frozen=True)
class FlatArea:
    """A flat rectangle of a carrier, in image fractions, and its colour (to paint over decorations)."""

    box: Box
    color: RGB


def pixel_box(box: tuple[float, float, float, float], w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return round(x0 * w), round(y0 * h), max(round(x1 * w), round(x0 * w) + 1), max(round(y1 * h), round(y0 * h) + 1)


def flat_area(img: Image.Image, box: Box) -> FlatArea | None:
    """The largest flat area of the object drawn in ``box`` (fractions), or None if there is none."""
    import numpy as np
    from PIL import Image

    W, H = img.size
    x0, y0 = round(box[0] * W), round(box[1] * H)
    x1, y1 = max(round(box[2] * W), x0 + 2), max(round(box[3] * H), y0 + 2)
    crop = img.convert("RGB").crop((x0, y0, x1, y1))
    scale = min(1.0, _WORK / max(crop.size))
    small = crop.resize((max(2, round(crop.width * scale)), max(2, round(crop.height * scale))), Image.BILINEAR)
    arr = np.asarray(small, dtype=np.float32)
    bg = _ring_color(img, (x0, y0, x1, y1))
    best: tuple[int, tuple[int, int, int, int], RGB] | None = None
    for color in _dominant_colors(arr, bg):
        mask = np.linalg.norm(arr - np.array(color, np.float32), axis=-1) < _TOL
        rect = largest_rectangle(_fill_holes(_close(mask)))
        area = (rect[2] - rect[0]) * (rect[3] - rect[1])
        if best is None or area > best[0]:
            best = (area, rect, color)
    if best is None or best[0] < _MIN_SHARE * arr.shape[0] * arr.shape[1]:
        return None
    _, (c0, r0, c1, r1), color = best
    sx, sy = (x1 - x0) / arr.shape[1], (y1 - y0) / arr.shape[0]
    out = ((x0 + c0 * sx) / W, (y0 + r0 * sy) / H, (x0 + c1 * sx) / W, (y0 + r1 * sy) / H)
    return FlatArea(tuple(round(v, 4) for v in out), color)  # type: ignore[arg-type]


def _ring_color(img: Image.Image, px: tuple[int, int, int, int]) -> RGB:
    """Median colour of the image just outside a pixel box (the background around the carrier)."""
    import numpy as np

    arr = np.asarray(img.convert("RGB"))
    x0, y0, x1, y1 = px
    m = max(2, (x1 - x0 + y1 - y0) // 40)
    parts = [arr[max(0, y0 - m):y0, x0:x1], arr[y1:y1 + m, x0:x1], arr[y0:y1, max(0, x0 - m):x0],
             arr[y0:y1, x1:x1 + m]]
    found = [p.reshape(-1, 3) for p in parts if p.size]
    pix = np.concatenate(found) if found else arr.reshape(-1, 3)
    return tuple(int(v) for v in np.median(pix, axis=0))  # type: ignore[return-value]


def _dominant_colors(arr: np.ndarray, bg: RGB, k: int = 4) -> list[RGB]:
    """The ``k`` most common coarse colours of ``arr`` that are not the background's."""
    import numpy as np

    q = (arr // 32).astype(np.int32).reshape(-1, 3)
    codes = q[:, 0] * 64 + q[:, 1] * 8 + q[:, 2]
    values, counts = np.unique(codes, return_counts=True)
    out: list[RGB] = []
    flat = arr.reshape(-1, 3)
    for code in values[np.argsort(-counts)]:
        color = tuple(int(v) for v in np.median(flat[codes == code], axis=0))
        if np.linalg.norm(np.array(color, np.float32) - np.array(bg, np.float32)) < _TOL:
            continue
        if all(np.linalg.norm(np.array(color) - np.array(c)) >= _TOL / 2 for c in out):
            out.append(color)  # type: ignore[arg-type]
        if len(out) >= k:
            break
    return out


def _close(mask: np.ndarray, k: int = 5) -> np.ndarray:
    """Morphological closing: gaps narrower than ``k`` px (slats, seams) join the mask."""
    import numpy as np
    from PIL import Image, ImageFilter

    im = Image.fromarray(mask.astype(np.uint8) * 255)
    return np.asarray(im.filter(ImageFilter.MaxFilter(k)).filter(ImageFilter.MinFilter(k))) > 127


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """The mask plus every region of it enclosed (not connected to the crop's border)."""
    import numpy as np
    from PIL import Image, ImageDraw

    pad = np.pad(~mask, 1, constant_values=True).astype(np.uint8) * 255
    im = Image.fromarray(pad).copy()  # fromarray may share the (read-only) buffer
    ImageDraw.floodfill(im, (0, 0), 128)
    outside = np.asarray(im)[1:-1, 1:-1] == 128
    return ~outside


def largest_rectangle(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(col0, row0, col1, row1), end-exclusive: the largest all-True rectangle (histogram stack method)."""
    import numpy as np

    rows, cols = mask.shape
    heights = np.zeros(cols, dtype=np.int32)
    best, rect = 0, (0, 0, 0, 0)
    for r in range(rows):
        heights = np.where(mask[r], heights + 1, 0)
        stack: list[int] = []
        for c in range(cols + 1):
            h = int(heights[c]) if c < cols else 0
            while stack and int(heights[stack[-1]]) >= h:
                top = stack.pop()
                height = int(heights[top])
                left = stack[-1] + 1 if stack else 0
                if height * (c - left) > best:
                    best, rect = height * (c - left), (left, r - height + 1, c, r + 1)
            stack.append(c)
    return rect


def onto_flat_areas(img: Image.Image, texts: list[SceneText], objects: list[SceneObject],
                    ) -> tuple[list[SceneText], dict[str, FlatArea]]:
    """Texts written on an object (and in no image region) move onto the object's largest flat area,
    as equal rows that fill it (inset a little), in the order the plan stacked them; a carrier the page
    reader would binarise as ink around them is then made paper, ``img`` painted in place
    (plugins.carrier_paper). Returns the texts and, per moved text id, the area (its colour paints over
    decorations)."""
    from plugins.carrier_paper import paper_carriers

    by_id = {o.id: o for o in objects}
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if t.on in by_id and t.region is None:
            groups.setdefault(t.on, []).append(i)
    out, areas = list(texts), {}
    for oid, idxs in groups.items():
        area = flat_area(img, by_id[oid].box)
        if area is None:
            continue
        ax0, ay0, ax1, ay1 = area.box
        mx, my = 0.04 * (ax1 - ax0), 0.04 * (ay1 - ay0)
        step = (ay1 - ay0 - 2 * my) / len(idxs)
        for k, i in enumerate(sorted(idxs, key=lambda j: texts[j].box[1])):  # rows, in the planned order
            nb = (ax0 + mx, ay0 + my + k * step, ax1 - mx, ay0 + my + (k + 1) * step)
            out[i] = texts[i].model_copy(update={"box": tuple(round(min(max(v, 0.0), 1.0), 4) for v in nb)})
            areas[texts[i].id] = area
    paper_carriers(img, out, areas, objects)
    return out, areas


def clean_under(img: Image.Image, drawn: Drawn, area: FlatArea) -> None:
    """Paint the carrier's own colour under the glyphs' rows (with a margin), across its flat area, so no
    decoration (a sign's slots, a cargo box's slats) shows through or beside the letters."""
    import numpy as np
    from PIL import ImageDraw

    W, H = img.size
    bbox = drawn.layer.getchannel("A").getbbox()
    if bbox is None:
        return
    ax0, ay0, ax1, ay1 = pixel_box(area.box, W, H)
    pix = np.asarray(img.crop((ax0, ay0, ax1, ay1)).convert("RGB")).reshape(-1, 3)
    color = tuple(int(v) for v in np.median(pix, axis=0))
    m = max(2, (bbox[3] - bbox[1]) // 6)
    y0, y1 = drawn.pos[1] + bbox[1] - m, drawn.pos[1] + bbox[3] + m  # the glyphs' rows, across the whole area:
    top, bottom = max(y0, ay0), min(y1, ay1) - 1
    if bottom < top:  # the text grew off its area: there is nothing of the area under its glyphs
        return
    ImageDraw.Draw(img).rectangle((ax0, top, ax1 - 1, bottom), fill=color)  # no stubs left


def band_across(img: Image.Image, drawn: Drawn, objects: list[SceneObject],
                others: list[tuple[float, float, float, float]], area: FlatArea | None = None) -> None:
    """Widen a text's plate into a band across every object it lies on, out to the objects' box edges
    (but not over the ``others`` texts' boxes). A text on a carrier's flat ``area`` spans that area
    only: the band then reaches the cargo box's edges without hiding the rest of the truck.

    A plate enclosed by a darker or saturated object is, to a page binariser such as tesseract's, a
    hole in one big foreground blob, and the letters inside it are never found; a band that reaches the
    object's edges opens the hole onto the page.

    Args:
        img: the picture, painted in place.
        drawn: the text as drawn (nothing happens when it has no plate).
        objects: the Scene's objects; those the plate overlaps set the band's ends.
        others: the other texts' boxes (image fractions), which the band must not cover.
        area: the carrier's flat area the text sits on, if any (the band spans it only).
    """
    from PIL import ImageDraw

    if drawn.plate is None:
        return
    color, (x0, y0, x1, y1) = drawn.plate
    W, H = img.size
    left, right = x0, x1
    for span in [area.box] if area is not None else [o.box for o in objects]:
        ox0, oy0, ox1, oy1 = pixel_box(span, W, H)
        if ox0 < x1 and x0 < ox1 and oy0 < y1 and y0 < oy1:
            left, right = min(left, ox0 - 3), max(right, ox1 + 3)
    for b in others:  # never over another text
        bx0, by0, bx1, by1 = pixel_box(b, W, H)
        if by0 < y1 and y0 < by1:
            left = max(left, bx1 + 2) if bx1 <= x0 + 2 else left
            right = min(right, bx0 - 2) if bx0 >= x1 - 2 else right
    if (left, right) != (x0, x1):
        ImageDraw.Draw(img).rectangle((max(0, left), y0, min(W - 1, right), y1), fill=color)
