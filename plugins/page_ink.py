"""Which colours a page reader's global binariser takes for ink, and which for paper.

Why: tesseract (the second reader of the legibility rule) binarises the whole picture once, before it
looks for text, with Otsu's threshold computed **per colour channel** over the whole image. A channel
whose darker (or lighter) class holds under a quarter of the pixels calls that class ink; a channel
split more evenly has no say (when no channel has one, the most lopsided of them decides). A pixel is
ink when any channel with a say calls it ink. Glyphs on the paper side are lost, and glyph fills on the
paper side inside an ink outline come out hollow ("MODEL" in yellow with a dark outline read as
nothing, a pink word on a light plate as nothing, while the same words in cyan were read).

So the renderer asks, before it draws: is this fill ink on this picture, and is the plate or outline
around it paper? This module answers with the same arithmetic the reader uses, on the picture as it is
(the glyphs themselves are too few pixels to move the thresholds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

RGB = tuple[int, int, int]
_SAY = 0.25  # a class under this share of the pixels is a convincing foreground (over 1 - this: background)


@dataclass(frozen=True)
class Channel:
    """One channel's Otsu threshold and which side is ink: +1 above it, -1 at or below it, 0 no say."""

    threshold: int
    ink_side: int


def otsu(hist: np.ndarray) -> tuple[int, int, int]:
    """(threshold, pixels at or below it, all pixels) maximising the between-class variance."""
    import numpy as np

    h = hist.astype(np.float64)
    total = h.sum()
    levels = np.arange(256, dtype=np.float64)
    omega0 = np.cumsum(h)[:255]
    mu_t = np.cumsum(h * levels)[:255]
    omega1 = total - omega0
    valid = (omega0 > 0) & (omega1 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = mu_t / omega0 - ((h * levels).sum() - mu_t) / omega1
        sig = np.where(valid, diff * diff * omega0 * omega1, -1.0)
    t = int(np.argmax(sig))  # the first maximum, as the reader's strict '>' keeps it
    return t, int(omega0[t]), int(total)


def page_channels(img: Image.Image) -> list[Channel]:
    """The reader's per-channel thresholds and ink sides for a whole picture (RGB)."""
    import numpy as np

    arr = np.asarray(img.convert("RGB")).reshape(-1, 3)
    out: list[Channel] = []
    best: tuple[float, int, int] | None = None  # (larger class, channel, ink side) of those with no say
    for ch in range(3):
        t, low, total = otsu(np.bincount(arr[:, ch], minlength=256))
        if low in (0, total):
            out.append(Channel(0, 0))
            continue
        if low > (1 - _SAY) * total:
            out.append(Channel(t, +1))  # the light class is the small one: light is ink
        elif low < _SAY * total:
            out.append(Channel(t, -1))
        else:
            side = -1 if low < 0.5 * total else +1
            dist = float(total - low if side == -1 else low)  # the larger class, as the reader measures it
            if best is None or dist > best[0]:
                best = (dist, ch, side)
            out.append(Channel(t, 0))
    if best is not None and not any(c.ink_side for c in out):
        out[best[1]] = Channel(out[best[1]].threshold, best[2])
    return out


def is_ink(color: RGB, channels: list[Channel]) -> bool:
    """Whether the reader's binariser turns ``color`` into ink on the picture ``channels`` describe."""
    for value, c in zip(color, channels, strict=True):
        if c.ink_side > 0 and value > c.threshold or c.ink_side < 0 and value <= c.threshold:
            return True
    return False


def _named_shades(word: str | None, color: RGB, max_shift: float) -> list[RGB]:
    """Shades of ``color`` that keep its name: moved toward black or white by up to ``max_shift`` of the
    way, plus the prototypes of its named colour class (agent.verify.colors); for a word with no class
    of its own (grey, cyan) every shade is kept and only a ΔE bound keeps the look."""
    import numpy as np

    from agent.verify.colors import PROTOTYPES, classify_pixels

    base = np.array(color, dtype=np.float64)
    steps = np.linspace(0.05, max_shift, 12)
    cands = [tuple(int(round(v)) for v in base * (1 - s)) for s in steps]
    cands += [tuple(int(round(v)) for v in base + (255 - base) * s) for s in steps]
    key = ((word or "").strip().lower().split()[-1:] or [""])[0]
    cands += PROTOTYPES.get(key, [])
    labels = classify_pixels(np.array([color, *cands]))
    named = key in PROTOTYPES
    return [c for c, lab in zip(cands, labels[1:], strict=True) if lab == labels[0] or not named]  # type: ignore[misc]


def _nearest(color: RGB, shades: list[RGB], max_delta: float) -> RGB | None:
    """The shade nearest ``color`` (CIELAB ΔE) if it lies within ``max_delta``."""
    import numpy as np

    from agent.verify.colors import srgb_to_lab

    if not shades:
        return None
    dist = np.sqrt(((srgb_to_lab(np.array(shades)) - srgb_to_lab(np.array([color]))) ** 2).sum(-1))
    best = int(np.argmin(dist))
    return shades[best] if dist[best] <= max_delta else None


def ink_shade(word: str | None, color: RGB, channels: list[Channel], max_shift: float = 0.6,
              max_delta: float = 30.0) -> RGB:
    """The shade of the requested colour nearest to it that the reader takes for ink (``color`` itself
    when it is ink, or when no shade of it is).

    A shade keeps the colour's name: for one of the named colour classes (agent.verify.colors) any of
    that class's prototype shades, or ``color`` moved toward black or white by up to ``max_shift``,
    as long as the nearest class name stays the same (a word with no class of its own, grey or cyan,
    has only the ΔE bound), the shade stays within ``max_delta`` (CIELAB
    ΔE) of ``color`` and a colour the reader takes for paper still contrasts 4.5:1 with it (its
    outline: an ink fill in an ink outline is one blob). So pink may become a deeper pink and grey a
    dimmer grey, but white and yellow on a light picture stay as they are (no white or yellow is dark
    enough) and are outlined instead, hollow to the reader.

    Args:
        word: the colour word the plan asked for ('pink'), if any.
        color: its RGB.
        channels: the picture's binariser (:func:`page_channels`).
        max_shift: how far toward black or white a shade may move (share of the way).
        max_delta: how far (ΔE) a shade may look from ``color``.
    """
    from plugins.legibility import CONTRAST_MIN, DARK, LIGHT, contrast

    if is_ink(color, channels):
        return color
    papers = [c for c in (DARK, LIGHT, *paper_extremes(channels)) if not is_ink(c, channels)]
    ok = [c for c in _named_shades(word, color, max_shift)
          if is_ink(c, channels) and any(contrast(c, p) >= CONTRAST_MIN for p in papers)]
    return _nearest(color, ok, max_delta) or color


def standalone_shade(word: str | None, color: RGB, channels: list[Channel] | None, under: tuple[RGB, ...],
                     max_delta: float = 30.0) -> RGB | None:
    """The shade of the requested colour nearest to it that needs no outline at all: 4.5:1 (WCAG) with
    every colour in ``under`` (the darkest and lightest pixels below the text) and ink to the reader.
    None when no shade within ``max_delta`` (CIELAB ΔE) of ``color`` with its name does.

    Why: an outline is the weak spot of both readers. When the fill and its outline fall on the same
    side of the page reader's threshold, each word is one blob ("SUMMER" in purple outlined in white
    on a sky with white clouds: white is ink there); letters spaced for the outline are read in lower
    case by PP-OCR. A purple a little deeper on a light sky needs neither.

    Args:
        word: the colour word the plan asked for ('purple'), if any.
        color: its RGB.
        channels: the picture's binariser (:func:`page_channels`), None when unknown.
        under: the colours the glyphs must stand out from.
        max_delta: how far (ΔE) the shade may look from ``color``.
    """
    from plugins.legibility import CONTRAST_MIN, contrast

    ok = [c for c in [color, *_named_shades(word, color, 0.6)]
          if (not channels or is_ink(c, channels)) and all(contrast(c, u) >= CONTRAST_MIN for u in under)]
    return _nearest(color, ok, max_delta)


def paper_page(page: RGB, channels: list[Channel]) -> RGB:
    """The page colour plates are made of, on the paper side: ``page`` itself when the reader takes it for
    paper, else near-white or near-black, whichever is paper (a picture of two mid tones can have its
    ring, where the page colour is read, on the ink side of the threshold)."""
    from plugins.legibility import DARK, LIGHT

    if not is_ink(page, channels):
        return page
    return next((c for c in (LIGHT, DARK) if not is_ink(c, channels)), page)


def reader_outline(fill: RGB, channels: list[Channel] | None) -> RGB:
    """Near-black or near-white outline for ``fill``: of the two that contrast 4.5:1 with it, the one
    on the other side of the reader's binariser (so the reader sees the glyph apart from its outline);
    else the one that contrasts more (plugins.legibility.outline_for)."""
    from plugins.legibility import CONTRAST_MIN, DARK, LIGHT, contrast, outline_for

    if channels:
        ink = is_ink(fill, channels)
        for c in (DARK, LIGHT) + (paper_extremes(channels) if ink else ()):
            if contrast(fill, c) >= CONTRAST_MIN and is_ink(c, channels) != ink:
                return c
    return outline_for(fill)


def paper_extremes(channels: list[Channel], margin: int = 12) -> tuple[RGB, RGB]:
    """The lightest and the darkest colour the reader takes for paper, ``margin`` levels clear of each
    threshold. Why: on a picture where white is ink on one channel (white clouds on a blue sky: the red
    channel calls its light minority ink) and black on another, neither near-white nor near-black can
    outline an ink fill; a pale tint just under the light channel's threshold still can."""
    light, dark = [], []
    for c in channels:
        if c.ink_side > 0:  # light is ink: paper up to the threshold
            light.append(max(0, c.threshold - margin))
            dark.append(0)
        elif c.ink_side < 0:  # dark is ink: paper above it
            light.append(255)
            dark.append(min(255, c.threshold + 1 + margin))
        else:
            light.append(255)
            dark.append(0)
    return (light[0], light[1], light[2]), (dark[0], dark[1], dark[2])


def ink_mask(arr: np.ndarray, channels: list[Channel]) -> np.ndarray:
    """Where the reader's binariser puts ink in an RGB array (H, W, 3)."""
    import numpy as np

    a = arr.astype(np.int32)
    ink = np.zeros(a.shape[:2], dtype=bool)
    for i, c in enumerate(channels):
        if c.ink_side > 0:
            ink |= a[..., i] > c.threshold
        elif c.ink_side < 0:
            ink |= a[..., i] <= c.threshold
    return ink


def open_onto_page(img: Image.Image, plate: tuple[int, int, int, int], color: RGB, channels: list[Channel],
                   max_share: float = 0.35) -> tuple[int, int] | None:
    """Open a plate that the reader sees enclosed by ink onto the page, painting ``img`` in place.

    Why: a paper-side plate inside an ink-side object (light letters' plate on a black shirt) is a hole
    in one big blob to the reader, and tesseract finds no text in such a hole; the same plate joined to
    the page's paper on one side is read ("BACON" on a black shirt: nothing read, then read once the
    plate reached past the shirt's edge). Walking out from each side of the plate along its rows, the
    first run of ink columns past the plate's own band is what closes it; the shorter of the two runs
    (at most ``max_share`` of the image width) is painted in the plate's ``color``. A plate with paper
    or the image edge right beside it (or beside its band) on either side is left alone.

    Args:
        img: the picture, painted in place.
        plate: the plate's pixel box.
        color: the plate's colour (the band is painted in it).
        channels: the reader's binariser (:func:`page_channels`).
        max_share: the longest run painted, as a share of the image width.

    Returns:
        The painted columns (x0, x1), or None when nothing was painted.
    """
    import numpy as np

    W = img.width
    x0, y0, x1, y1 = plate
    y0, y1 = max(0, y0), min(img.height, y1)
    if y1 - y0 < 2 or x1 - x0 < 2:
        return None
    rows = np.asarray(img.crop((0, y0, W, y1)).convert("RGB"))
    blocked = ink_mask(rows, channels).mean(axis=0) > 0.2  # a column a paper path cannot cross
    band = (np.abs(rows.astype(np.int32) - np.array(color)).max(axis=-1) <= 6).mean(axis=0) > 0.8
    runs = []
    for cols in (range(x0 - 1, -1, -1), range(x1 + 1, W)):
        run: list[int] = []
        for c in cols:
            if band[c] and not run:
                continue  # the plate's own band (plugins.carriers.band_across) goes on
            if not blocked[c]:
                break
            run.append(c)
        if not run:
            return None  # paper (or the image edge) right beside the plate on this side: open already
        runs.append(run)
    run = min(runs, key=len)
    if len(run) > max_share * W:
        return None
    a, b = max(0, min(run) - 3), min(W - 1, max(run) + 3)  # past the object's soft edge, as band_across does
    from PIL import ImageDraw

    ImageDraw.Draw(img).rectangle((a, y0, b, y1 - 1), fill=color)
    return a, b


def ink_ring(fill: RGB, outline: RGB, channels: list[Channel] | None) -> RGB | None:
    """The colour of an outer ring around the outline when the reader would see neither the fill nor
    the outline as ink (blue letters with a white outline on a picture where only the blue channel has a
    say): the ink one of near-black and near-white, so the letters reach the reader at least as outlines.
    None when the fill or the outline is ink already, or when neither near-black nor near-white is."""
    from plugins.legibility import DARK, LIGHT

    if not channels or is_ink(fill, channels) or is_ink(outline, channels):
        return None
    return next((c for c in (DARK, LIGHT) if is_ink(c, channels)), None)
