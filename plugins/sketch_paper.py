"""A picture that carries text comes out as paper to a page reader's binariser, lifted only as much as needed.

Why: tesseract binarises the whole picture once, per colour channel (plugins.page_ink models it). The
backdrop's own tones decide where each channel splits: a light-blue sky over a beige ground splits the
blue channel between them, so the ground becomes ink and every word written over it vanishes; a white
shirt against a mid sky is the light minority of the red channel, so the shirt becomes ink and the
black words on it are lost in it. The same words are read at once when the picture is made grey.

The rule: when a picture carries text, the backdrop's sky and ground tones, the setting's features and
the pictures that carry no text are lifted toward white by the smallest step of :data:`LIFTS` after
which the reader takes the backdrop, the zones kept for texts and the light carriers' flat areas for
paper. The carriers themselves keep their colour (it was asked for); the lift keeps each tone's hue,
so the sky stays a sky and the ground a ground, only paler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

RGB = tuple[int, int, int]
Rect = tuple[float, float, float, float]
LIFTS = (0.0, 0.2, 0.35, 0.5, 0.65)  # share of the way toward white, tried in order
PAPER_MIN = 0.9  # a zone is paper when at least this share of its pixels is
LIGHT_CARRIER = 0.35  # WCAG luminance from which a carrier's flat area should be paper (yellow, white, pale)
CHECK_PX = 256  # the candidates are checked on a render this many px on the long side


def lifted(rgb: RGB, lift: float) -> RGB:
    """``rgb`` moved ``lift`` of the way toward white (hue kept, paler)."""
    return tuple(round(c + (255 - c) * lift) for c in rgb)  # type: ignore[return-value]


def veil(img: Image.Image, before: Image.Image, lift: float) -> None:
    """Lift what was drawn on ``img`` since ``before`` (a copy) toward white by ``lift``, in place: the
    new pixels are mixed with white in that share, the old ones kept."""
    if lift <= 0:
        return
    import numpy as np
    from PIL import Image as PILImage

    a, b = np.asarray(before.convert("RGB"), np.float32), np.asarray(img.convert("RGB"), np.float32)
    changed = np.abs(a - b).max(axis=-1, keepdims=True) > 0
    out = np.where(changed, b + (255.0 - b) * lift, b)
    img.paste(PILImage.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8), "RGB"))


def reads_as_paper(img: Image.Image, tones: list[RGB], zones: list[Rect]) -> float:
    """How well the picture serves as paper: the smallest paper share over ``zones`` (pixel rects where
    text goes) around the lines of letters, 0 when one of the backdrop ``tones`` is ink to the reader.

    The letters are not drawn yet (text.render draws them over this picture), but their dark mass moves
    the reader's thresholds: each zone gets a striped near-black band where its line goes (its middle
    rows), and the paper share is read around that band."""
    from plugins.page_ink import ink_mask, is_ink, page_channels

    page = img.convert("RGB")
    bands = [text_band(page, z) for z in zones]
    channels = page_channels(page)
    if any(is_ink(t, channels) for t in tones):
        return 0.0
    import numpy as np

    arr = np.asarray(page)
    ink = ink_mask(arr, channels)
    shares = []
    for z, band in zip(zones, bands, strict=True):
        x0, y0, x1, y1 = _ints(z, page.size)
        keep = np.ones((y1 - y0, x1 - x0), bool)
        bx0, by0, bx1, by1 = band
        keep[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] = False
        if keep.any():
            shares.append(1.0 - float(ink[y0:y1, x0:x1][keep].mean()))
    return min(shares, default=1.0)


def _ints(rect: Rect, size: tuple[int, int]) -> tuple[int, int, int, int]:
    x0, y0 = max(0, int(rect[0])), max(0, int(rect[1]))
    return x0, y0, min(size[0], max(int(rect[2]), x0 + 1)), min(size[1], max(int(rect[3]), y0 + 1))


def text_band(page: Image.Image, zone: Rect, fill: RGB | None = None, step: int = 2) -> tuple[int, int, int, int]:
    """Paint, in place, a stand-in for a line of letters in ``zone``: stripes in ``fill`` (near-black when
    None) over its middle rows (a third of its height, nine tenths of its width, one column in ``step``);
    returns the band.

    Args:
        page: the picture, painted in place.
        zone: where the line of letters goes (pixels).
        fill: the letters' colour (near-black when None).
        step: one striped column in this many (2: a bold dark line; 4: about what drawn letters cover).
    """
    from PIL import ImageDraw

    from plugins.legibility import DARK

    x0, y0, x1, y1 = _ints(zone, page.size)
    w, h = x1 - x0, y1 - y0
    band = (x0 + w // 20, y0 + h // 3, max(x0 + w // 20 + 1, x1 - w // 20), max(y0 + h // 3 + 1, y1 - h // 3))
    d = ImageDraw.Draw(page)
    for x in range(band[0], band[2], step):
        d.line((x, band[1], x, band[3] - 1), fill=fill or DARK)
    return band


def light_flat_areas(img: Image.Image, boxes: list[Rect]) -> list[Rect]:
    """The flat areas (pixel rects) of the carriers drawn in ``boxes`` (pixels) whose colour is light
    enough that the text on them should stand on paper (a dark carrier is ink however the page is
    toned: the text's plate opens it, plugins.page_ink.open_onto_page)."""
    from plugins.carriers import flat_area
    from plugins.legibility import luminance

    W, H = img.size
    out: list[Rect] = []
    for b in boxes:
        area = flat_area(img, (b[0] / W, b[1] / H, b[2] / W, b[3] / H))
        if area is not None and luminance(area.color) >= LIGHT_CARRIER:
            out.append((area.box[0] * W, area.box[1] * H, area.box[2] * W, area.box[3] * H))
    return out


def paper_lift(render: Callable[[float], tuple[Image.Image, list[RGB], list[Rect], list[Rect]]]) -> float:
    """The smallest lift of :data:`LIFTS` after which the picture reads as paper where text goes (the
    best one when none does).

    Args:
        render: draws the picture at a lift; returns (picture, backdrop tones, zones kept for texts,
            carriers' drawn boxes), rects in the picture's pixels.
    """
    best = (-1.0, 0.0)
    for lift in LIFTS:
        img, tones, zones, carriers = render(lift)
        score = reads_as_paper(img, tones, zones + light_flat_areas(img, carriers))
        if score >= PAPER_MIN:
            return lift
        if score > best[0] + 0.02:
            best = (score, lift)
    return best[1]


def gradient_tones(sky: RGB, ground: RGB) -> list[RGB]:
    """The extreme tones of the backdrop's gradient (plugins.sketch_backdrops.gradient): the sky's top and
    horizon, the ground's far and near edge."""
    def scaled(rgb: RGB, k: float) -> RGB:
        return tuple(min(255, max(0, int(c * k))) for c in rgb)  # type: ignore[return-value]

    return [scaled(sky, 1.05), scaled(sky, 0.9), scaled(ground, 0.95), scaled(ground, 1.05)]
