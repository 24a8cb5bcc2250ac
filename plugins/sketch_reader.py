"""Pictures must not set a page reader's letter size: the objects whose parts would are faded into the backdrop.

Why: tesseract's layout analysis (textord ``filter_noise_blobs``) guesses the page's x-height from the 75th
percentile of the heights of its blobs (connected ink components, after its binarisation), leaving out
specks under 7 px and solid blobs (ink covering 70% or more of their box). Blobs under half of that guess
are put aside as "small" and never reach the line finder. A sun drawn as a disk and eight rays gives eight
triangles three times as tall as the letters above it: the guess becomes a ray's height, every letter is
"small", and the words vanish, although the same words are read at once on their own. A solid square or
circle does no harm (solid blobs are not counted), nor do a few picture parts among many letters.

The rule: when a picture carries text, the page as the reader binarises it (plugins.page_ink) is checked
with the texts drawn; while a text's letters fall under half of the reader's guess and picture blobs
(not letters, not solid) taller than twice those letters take part in the guess, the objects drawn
over those blobs lose the next step of :data:`FADES` of their opacity (they are mixed with what lies
under them: the backdrop, which the paper lift already made paper to the reader; mixing toward white
would not do, white being ink on a blue sky), until the reader takes them for paper. Objects that do
not push the guess keep their colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

NOISE_PX = 7  # textord_max_noise_size at 1024 px: shorter blobs are specks
SOLID = 0.7  # textord_noise_area_ratio: blobs whose ink covers this share of their box are not counted
GUESS_ILE = 0.75  # textord_initialx_ile: the percentile of blob heights taken for the x-height
FADES = (0.45, 0.65, 0.8)  # share of opacity taken away, tried in order for the objects that push the guess
CHECK_PX = 512  # the check draws the page at most this many px on the long side

Box = tuple[float, float, float, float]
Blob = tuple[int, int, int, int, float, bool]  # x0, y0, x1, y1, ink share of the box, touches a letter


def blobs(ink: np.ndarray, glyphs: np.ndarray) -> list[Blob]:
    """The 8-connected ink components of ``ink`` with their boxes, ink share and whether they hold letter
    pixels (``glyphs``, the mask of the drawn texts)."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    lettered = np.zeros(n, bool)
    lettered[np.unique(labels[glyphs & ink])] = True
    return [(int(x), int(y), int(x + w), int(y + h), float(a) / (w * h), bool(lettered[i]))
            for i, (x, y, w, h, a) in enumerate(stats) if i > 0]


def reader_guess(found: list[Blob], noise: float) -> float:
    """The reader's x-height guess: the GUESS_ILE percentile of the heights of the counted blobs."""
    heights = sorted(b[3] - b[1] for b in found if b[3] - b[1] >= noise and b[4] < SOLID)
    return float(heights[int(GUESS_ILE * len(heights))]) if heights else 0.0


def pushing_blobs(found: list[Blob], noise: float, words: list[Box] | None = None) -> list[Blob]:
    """The picture blobs that make the reader's guess drop a text as small: none when, in each of
    ``words`` (pixel boxes of the drawn texts; None: all letters as one), the median letter blob reaches
    half the guess (an i's dot may be small: the reader joins it to its stem later); else the counted
    picture blobs taller than twice the median letter of the shortest such text."""
    guess = reader_guess(found, noise)
    lows = []
    for box in words if words is not None else [None]:
        inside = sorted(b[3] - b[1] for b in found if b[5] and b[3] - b[1] >= noise and (box is None or (
            box[0] <= (b[0] + b[2]) / 2 <= box[2] and box[1] <= (b[1] + b[3]) / 2 <= box[3])))
        if inside and inside[len(inside) // 2] < guess / 2:
            lows.append(inside[len(inside) // 2])
    if not lows:
        return []
    return [b for b in found if not b[5] and b[4] < SOLID and b[3] - b[1] > 2 * min(lows)]


def owners(pushing: list[Blob], boxes: dict[str, Box], scale: float) -> set[str]:
    """Ids of the objects whose drawn box (full-size pixels) holds the centre of a pushing blob."""
    out: set[str] = set()
    for x0, y0, x1, y1, _, _ in pushing:
        cx, cy = (x0 + x1) / 2 / scale, (y0 + y1) / 2 / scale
        out |= {k for k, (bx0, by0, bx1, by1) in boxes.items() if bx0 <= cx <= bx1 and by0 <= cy <= by1}
    return out


def reader_fades(draw: Callable[[dict[str, float], int, int], Image.Image], texts: list, boxes: dict[str, Box],
                 width: int, height: int) -> dict[str, float]:
    """How much of each object's opacity goes (ids absent: none) so that no picture blob sets
    the reader's letter size; empty for a picture without text or without OpenCV (the OCR extra), and
    when even the last fade leaves letters small (fading is then no help: the picture stays as asked).

    Args:
        draw: draws the picture as the texts find it (styled, no texts) at a size with the given fades.
        texts: the texts drawn in their own box over the picture (the sketch node's).
        boxes: each object's drawn box in full-size pixels.
        width, height: the picture's full size in pixels.
    """
    try:
        import cv2  # noqa: F401
    except ImportError:
        return {}
    if not texts or not boxes:
        return {}
    import numpy as np

    from plugins.page_ink import ink_mask, page_channels
    from plugins.text_render import render_texts

    k = min(1.0, CHECK_PX / max(width, height))
    w, h = max(8, round(width * k)), max(8, round(height * k))
    fades: dict[str, float] = {}
    for step in range(len(FADES) + 1):
        page, glyphs, placed, _ = render_texts(draw(fades, w, h), texts)
        ink = ink_mask(np.asarray(page.convert("RGB")), page_channels(page))
        words = [(t.box[0] * w, t.box[1] * h, t.box[2] * w, t.box[3] * h) for t in placed]
        found = blobs(ink, np.asarray(glyphs.convert("L")) > 127)
        ids = owners(pushing_blobs(found, NOISE_PX * k, words), boxes, k)
        if not ids:
            return fades
        if step == len(FADES):
            return {}  # fading does not help here (a style re-toning the picture): leave the picture as asked
        fades = {**fades, **{i: FADES[min(len(FADES) - 1, FADES.index(fades[i]) + 1) if i in fades else 0]
                            for i in ids}}
    return fades


def fade_drawn(img: Image.Image, before: Image.Image, share: float) -> None:
    """Fade what was drawn on ``img`` since ``before`` (a copy) by ``share`` of its opacity, in place: on
    a flat picture mixed back toward what it covered, on a transparent layer (RGBA) by its alpha, so the
    layer composes to the same picture as the flat drawing."""
    import numpy as np
    from PIL import Image as PILImage

    a, b = np.asarray(before, np.float32), np.asarray(img, np.float32)
    changed = np.abs(a - b).max(axis=-1) > 0
    out = b.copy()
    if img.mode == "RGBA":
        out[..., 3] = np.where(changed, b[..., 3] * (1.0 - share), b[..., 3])
    else:
        out = np.where(changed[..., None], b + (a - b) * share, b)
    img.paste(PILImage.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8), img.mode))
