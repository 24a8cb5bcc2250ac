"""The legibility rule every rendered text follows, and the measurement that checks it.

- Cap height at least 3% of the image height and never under 16 px (:func:`min_font_size`).
- WCAG contrast of at least 4.5:1 between the glyphs and what lies right around them: the fill is
  chosen (or an outline added) from the pixels under the box, darkest and lightest alike
  (:func:`pick_colors`), and the result is measured on the drawn pixels (:func:`measured_contrast`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from agent.text.fonts import FontChoice

RGB = tuple[int, int, int]
CONTRAST_MIN = 4.5  # WCAG AA for normal text
CAP_SHARE = 0.03  # cap height >= this share of the image height...
CAP_MIN_PX = 16  # ...and never under this many pixels
CAP_MAX_SHARE = 0.07  # and at most this share: larger letters gain nothing and hide the picture
DARK: RGB = (20, 20, 20)
LIGHT: RGB = (250, 250, 250)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0..1)."""
    def lin(c: float) -> float:
        c = c / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def outline_for(fill: RGB) -> RGB:
    """Near-black outline for light glyphs, near-white for dark ones (at least 4.5:1 for any fill)."""
    return DARK if contrast(fill, DARK) >= contrast(fill, LIGHT) else LIGHT


@lru_cache(maxsize=256)
def cap_ratio(choice: FontChoice) -> float:
    """Cap height per px of font size for a face ('H' measured; 0.7 when the face has no 'H')."""
    from agent.text.fonts import load_face

    font = load_face(choice, 100)
    try:
        _, top, _, bottom = font.getbbox("H")
    except Exception:  # noqa: BLE001 - a face without Latin letters or a bitmap font
        return 0.7
    return max(0.3, min(1.0, (bottom - top) / 100))


def max_font_size(choice: FontChoice, image_h: int) -> int:
    """The largest font size: cap height at most CAP_MAX_SHARE of the image height (tesseract's page
    segmentation takes much larger letters for pictures)."""
    return max(1, math.floor(CAP_MAX_SHARE * image_h / cap_ratio(choice)))


def min_font_size(choice: FontChoice, image_h: int, floor: int = 4) -> int:
    """The smallest font size whose cap height meets the rule for an image ``image_h`` px tall."""
    cap = max(CAP_SHARE * image_h, CAP_MIN_PX)
    return max(floor, math.ceil(cap / cap_ratio(choice)))


def background_range(img: Image.Image, box: tuple[int, int, int, int]) -> tuple[RGB, RGB, float]:
    """The darkest (5th percentile) and lightest (95th) colours under a pixel box, and the luminance
    spread (std), which says how busy the background is."""
    import numpy as np

    arr = np.asarray(img.crop(box).convert("RGB"), dtype=np.float32).reshape(-1, 3)
    lum = arr @ np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0
    order = np.argsort(lum)
    lo = arr[order[int(0.05 * (len(order) - 1))]]
    hi = arr[order[int(0.95 * (len(order) - 1))]]
    return tuple(int(v) for v in lo), tuple(int(v) for v in hi), float(lum.std())  # type: ignore[return-value]


def page_color(img: Image.Image) -> RGB:
    """The picture's own background: the median colour of its outer ring (the outer eighth on each side),
    where objects rarely are; a large object in the middle must not pass for the page."""
    import numpy as np

    arr = np.asarray(img.convert("RGB").resize((64, 64)))
    ring = np.concatenate([arr[:8].reshape(-1, 3), arr[-8:].reshape(-1, 3), arr[8:-8, :8].reshape(-1, 3),
                           arr[8:-8, -8:].reshape(-1, 3)])
    return tuple(int(v) for v in np.median(ring, axis=0))  # type: ignore[return-value]


def pick_colors(requested: RGB | None, lo: RGB, hi: RGB, page: RGB = LIGHT) -> tuple[RGB, RGB, bool]:
    """(fill, backing, needs_backing) for a text over pixels from ``lo`` (darkest) to ``hi`` (lightest).

    The fill is the requested colour, else near-black on a light ``page`` and near-white on a dark one:
    glyphs must be of the opposite polarity to the picture as a whole, or a page binariser (tesseract's)
    takes the patch they sit on, not the glyphs, for the foreground. The backing (a plate behind the
    block) is the page's own colour when that gives the fill 4.5:1, else near-black / near-white. It is
    needed when the fill's contrast with the darkest or the lightest pixel under the block is under 4.5:1.

    Args:
        requested: the Scene's colour for the text, if it names one.
        lo, hi: the darkest and lightest pixels under the text's block.
        page: the picture's overall colour (light or dark sets the default fill's polarity).
    """
    def worst(fill: RGB) -> float:
        return min(contrast(fill, lo), contrast(fill, hi))

    fill = requested if requested is not None else max((DARK, LIGHT), key=lambda c: contrast(c, page))
    backing = page if contrast(fill, page) >= CONTRAST_MIN + 0.5 else outline_for(fill)
    return fill, backing, worst(fill) < CONTRAST_MIN


def measured_contrast(img: Image.Image, fill_mask: Image.Image, full_mask: Image.Image) -> float | None:
    """Contrast between the glyphs' fill and what surrounds it, read from the drawn pixels.

    ``fill_mask`` is where the fill was drawn, ``full_mask`` fill plus outline (same size as ``img``,
    already cropped to the text). The surround is the outline where there is one, else a thin ring of
    background around the glyphs. The result is the 10th percentile over surround pixels of their
    contrast with the median fill colour (9 in 10 surround pixels contrast at least this much).
    """
    import numpy as np
    from PIL import ImageFilter

    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    fill = np.asarray(fill_mask) > 0
    core = np.asarray(fill_mask.filter(ImageFilter.MinFilter(3))) > 200
    near = np.asarray(fill_mask.filter(ImageFilter.MaxFilter(3))) > 0
    outline = (np.asarray(full_mask) > 250) & ~fill  # opaque outline pixels
    if outline.sum() >= 0.1 * max(1, fill.sum()):
        ring = outline
    else:
        ring = (np.asarray(fill_mask.filter(ImageFilter.MaxFilter(7))) > 0) & ~near
    if core.sum() < 4 or ring.sum() < 4:
        return None
    glyph = np.median(arr[core], axis=0)
    lum_g = _lum(glyph[None, :])[0]
    lum_r = _lum(arr[ring])
    ratios = (np.maximum(lum_g, lum_r) + 0.05) / (np.minimum(lum_g, lum_r) + 0.05)
    return float(np.percentile(ratios, 10))


def _lum(rgb: np.ndarray) -> np.ndarray:
    import numpy as np

    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])
