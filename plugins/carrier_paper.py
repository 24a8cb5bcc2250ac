"""A carrier that a page reader binarises as ink is made paper before text is written on it.

Why: tesseract binarises the whole picture once, per colour channel (plugins.page_ink models it). A
carrier's own colour can be the very tone a channel splits off: a yellow sign is the dark minority of the
blue channel, so the whole sign is ink and the purple words on it vanish in it; a white shirt on a pale
sky is the light minority of the red channel, so the shirt is ink and the black words on it are lost.
The sketch backend's backdrop lift (plugins.sketch_paper) is chosen before the letters exist and keeps
the carriers at their colour, so it cannot see either.

The rule: once the texts have moved onto their carriers' flat areas (plugins.carriers.onto_flat_areas),
the picture is checked with the reader's arithmetic, with a stand-in for each line of letters in its own
colour. When the flat area around the letters is not paper, the least change after which it is wins:

- the carrier's picture lifted toward white by a share of :data:`SHADES` (hue kept; only while the flat
  area's colour keeps its name, agent.verify.colors: a yellow sign may turn pale yellow, never cream; a
  red book never pink; white and black have no lighter shade of their own name), and/or
- the backdrop veiled toward white by a share of :data:`VEILS` (a white shirt stays white, the sky
  around it pales until the shirt is no longer the lightest minority of any channel); the other
  pictures keep their colours, so the scene still reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from agent.scene import SceneObject, SceneText
    from plugins.carriers import FlatArea

RGB = tuple[int, int, int]
SHADES = (0.0, 0.2, 0.35, 0.5, 0.65)  # share of the way toward white for the carrier's picture
VEILS = (0.0, 0.2, 0.35, 0.5, 0.65)  # share of the way toward white for the backdrop (on top of the sketch's lift)
PAPER_OK = 0.9  # a flat area is paper when this share of it (around the letters) is
PAPER_BAD = 0.6  # below this share the carrier is changed at all
STROKE_STEP = 4  # the stand-in's stripes: one column in this many (drawn letters cover about that share)
CHECK_PX = 256  # the candidates are checked on a copy this many px on the long side
_BG_TOL = 24  # a pixel of a carrier's box this close (max over channels) to the colour around it is backdrop


def carrier_mask(img: Image.Image, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """Where the carriers are drawn: inside each pixel box, the pixels that differ from the backdrop
    seen past the box's left and right edges on the same row (a backdrop's gradient runs down the
    picture, so each row has its own tone)."""
    import numpy as np

    arr = np.asarray(img.convert("RGB")).astype(np.int32)
    H, W = arr.shape[:2]
    mask = np.zeros((H, W), bool)
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
        m = max(2, (x1 - x0) // 20)
        sides = [arr[y0:y1, max(0, x0 - m):x0], arr[y0:y1, x1:x1 + m]]
        sides = [s for s in sides if s.shape[1]]
        if not sides or y1 <= y0:
            continue
        ring = np.median(np.concatenate(sides, axis=1), axis=1)[:, None, :]  # one backdrop tone a row
        mask[y0:y1, x0:x1] |= np.abs(arr[y0:y1, x0:x1] - ring).max(axis=-1) > _BG_TOL
    return mask


def _toned(arr: np.ndarray, carriers: np.ndarray, drawn: np.ndarray, shade: float, veil: float) -> np.ndarray:
    """``arr`` with the ``carriers`` pixels lifted by ``shade`` toward white, the backdrop (neither
    carriers nor other ``drawn`` objects) by ``veil``; the other objects keep their colours."""
    import numpy as np

    k = np.where(carriers, shade, np.where(drawn, 0.0, veil))[..., None].astype(np.float32)
    return np.clip(np.round(arr + (255.0 - arr) * k), 0, 255).astype(np.uint8)


def keeps_name(color: RGB, shade: float) -> bool:
    """Whether ``color`` lifted by ``shade`` toward white keeps its colour name (agent.verify.colors)."""
    import numpy as np

    from agent.verify.colors import classify_pixels
    from plugins.sketch_paper import lifted

    labels = classify_pixels(np.array([color, lifted(color, shade)]))
    return bool(labels[0] == labels[1])


def paper_share(arr: np.ndarray, rows: list[tuple[tuple[int, int, int, int], RGB]]) -> float:
    """The smallest paper share, to the reader, over the text rows (pixel box, letter colour) of an RGB
    array, read around a stand-in for each line of letters painted in its colour."""
    import numpy as np
    from PIL import Image as PILImage

    from plugins.page_ink import ink_mask, page_channels
    from plugins.sketch_paper import text_band

    page = PILImage.fromarray(arr, "RGB")
    bands = [text_band(page, box, fill, STROKE_STEP) for box, fill in rows]
    ink = ink_mask(np.asarray(page), page_channels(page))
    shares = []
    for (box, _), (bx0, by0, bx1, by1) in zip(rows, bands, strict=True):
        x0, y0, x1, y1 = box
        keep = np.ones((y1 - y0, x1 - x0), bool)
        keep[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] = False
        if keep.any():
            shares.append(1.0 - float(ink[y0:y1, x0:x1][keep].mean()))
    return min(shares, default=1.0)


def paper_carriers(img: Image.Image, texts: list[SceneText], areas: dict[str, FlatArea],
                   objects: list[SceneObject]) -> tuple[float, float]:
    """Make the flat areas that carry ``texts`` paper to the reader, painting ``img`` in place.

    Args:
        img: the picture before the texts are drawn (RGB), painted in place.
        texts: the texts, those in ``areas`` already moved onto their carriers' flat areas.
        areas: per text id, the flat area it sits on (plugins.carriers.onto_flat_areas).
        objects: the Scene's objects (each text's ``on`` names its carrier).

    Returns:
        (shade, veil): the lift of the carriers' pictures and of the rest; (0, 0) when nothing changed.
    """
    import numpy as np

    from plugins.carriers import pixel_box
    from plugins.legibility import DARK
    from plugins.text_colors import parse_color

    on = [t for t in texts if t.id in areas]
    if not objects or not texts:  # no objects: not a picture the renderer drew (a model's photo stays as it is)
        return 0.0, 0.0
    W, H = img.size
    k = min(1.0, CHECK_PX / max(W, H))
    small = img.convert("RGB").resize((max(8, round(W * k)), max(8, round(H * k))))
    by_id = {o.id: o for o in objects}
    carriers = sorted({t.on for t in on if t.on in by_id})
    mask = carrier_mask(small, [pixel_box(by_id[c].box, *small.size) for c in carriers])
    drawn = carrier_mask(small, [pixel_box(o.box, *small.size) for o in objects])
    rows = [(pixel_box(t.box, *small.size), parse_color(t.color) or DARK) for t in texts]
    arr = np.asarray(small)
    if paper_share(arr.copy(), rows) >= PAPER_BAD:
        return 0.0, 0.0
    colors = {areas[t.id].color for t in on}  # texts in their own box (an image position) stand on the backdrop
    shades = [s for s in SHADES if all(keeps_name(c, s) for c in colors)]
    best = (paper_share(arr.copy(), rows), 0.0, 0.0)
    for shade, veil in sorted(((s, v) for s in shades for v in VEILS), key=lambda sv: (max(sv), sum(sv))):
        if shade == veil == 0.0:
            continue
        score = paper_share(_toned(arr, mask, drawn, shade, veil), rows)
        if score > best[0] + 0.05:
            best = (score, shade, veil)
        if score >= PAPER_OK:
            break
    _, shade, veil = best
    if shade or veil:
        from PIL import Image as PILImage

        full = carrier_mask(img, [pixel_box(by_id[c].box, W, H) for c in carriers])
        objs = carrier_mask(img, [pixel_box(o.box, W, H) for o in objects])
        img.paste(PILImage.fromarray(_toned(np.asarray(img.convert("RGB")), full, objs, shade, veil), "RGB"))
    return shade, veil
