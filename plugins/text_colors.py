"""Which colours a text is drawn in: fill, outline, effect and plate, from the pixels under its block.

Two readers decide: a person (WCAG contrast between the glyphs and what lies right around them) and a
page reader that binarises the whole picture first (tesseract; plugins.page_ink says what it takes
for ink). ``text_colors`` satisfies both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from agent.vocab.pictograms import color_rgb
from plugins.legibility import CONTRAST_MIN, background_range, contrast, luminance, pick_colors
from plugins.page_ink import Channel, ink_shade, paper_page, reader_outline, standalone_shade

if TYPE_CHECKING:
    from PIL import Image

    from agent.scene import SceneText

Effect = Literal["auto", "stroke", "shadow", "plate", "none"]
RGB = tuple[int, int, int]
FLAT_SPREAD = 0.06  # luminance std under a text block above which "auto" puts a plate behind it
DIM_OBJECT = 0.6  # a text on an object whose lightest pixels are darker than this (luminance) gets a band


def parse_color(value: str | None) -> RGB | None:
    """A colour word ('dark blue' -> blue) or '#rrggbb'; None when unknown."""
    if not value:
        return None
    v = value.strip()
    if v.startswith("#") and len(v) == 7:
        try:
            return (int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16))
        except ValueError:
            return None
    return color_rgb(v)


def text_colors(text: SceneText, img: Image.Image, box: tuple[int, int, int, int], effect: Effect,
                on_object: bool = False, page: RGB = (250, 250, 250), channels: list[Channel] | None = None,
                ) -> tuple[RGB, RGB, Effect, RGB | None]:
    """(fill, outline, effect, plate colour or None) for a text over the pixels under ``box`` (its block).

    The fill is the requested colour, or black / white, whichever contrasts more with the page. ``auto``
    draws plain glyphs when that contrast is at least 4.5:1 on a flat background. On a busy background
    (or an object whose pixels are not light: to a page binariser that object is one dark blob) an opaque
    plate goes behind the block: of the page's own colour when the fill contrasts with it, so the plate
    only clears the clutter and the page reader still sees dark-on-light. A fill that does not contrast
    with the page (a requested light colour on a light picture) gets a contrasting outline, on such a
    page-coloured plate where the pixels under it are busy.

    With the picture's binariser (``channels``, plugins.page_ink) a requested colour becomes its nearest
    shade that a page reader takes for ink, and the outline goes to the other side of the binariser from
    the fill: a paper-side fill inside a paper-side outline vanishes for that reader, an ink-side fill
    in an ink-side outline is one blob.

    Args:
        text: the Scene text (its requested colour).
        img: the picture before the text is drawn.
        box: the text block's pixel box.
        effect: the requested legibility aid (``auto`` decides).
        on_object: whether the text lies on one of the Scene's objects.
        page: the picture's own background colour.
        channels: the reader's binariser (plugins.page_ink.page_channels), if known.
    """
    lo, hi, spread = background_range(img, box)
    requested = parse_color(text.color)
    if channels:
        page = paper_page(page, channels)  # plates are of the page's colour: it must be paper to the reader
    if requested is not None:  # a shade that stands out alone needs no outline (plugins.page_ink)
        requested = standalone_shade(text.color, requested, channels, (lo, hi)) or (
            ink_shade(text.color, requested, channels) if channels else requested)
    fill, backing, needs_backing = pick_colors(requested, lo, hi, page)

    busy = spread > FLAT_SPREAD or (on_object and luminance(hi) < DIM_OBJECT)
    wanted = needs_backing or busy
    if effect == "auto" and wanted and backing != page:  # a light fill on a light page (or dark on dark):
        if busy and contrast(fill, page) >= CONTRAST_MIN:  # the page-coloured plate alone gives 4.5:1
            return fill, reader_outline(fill, channels), "none", page
        return fill, reader_outline(fill, channels), "stroke", page if busy else None  # outlined, clutter cleared
    plate = effect == "plate" or (effect == "auto" and wanted)
    if effect == "auto":
        effect = "none"
    return fill, backing if plate else reader_outline(fill, channels), effect, backing if plate else None
