"""One text's glyph layer: the face, colours, outline, ring, plate and spacing of one placed text.

Why its own module: ``plugins.text_render`` places every text and runs the drawing passes for the page
reader's thresholds; what one text looks like (which weight, whether the letters are spaced, where the
plate goes) is a concept of its own, and the layer is what the carriers and the sketch's clearance ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent.findings import Finding
from agent.scene import SceneText
from agent.text.fit import Fit, line_pitch
from agent.text.fonts import RTL_SCRIPTS, FontChoice, choose_font, draw_line, lighter_face, load_face
from agent.text.tracking import draw_tracked, letter_tracks, tracking
from plugins.carriers import pixel_box
from plugins.legibility import luminance
from plugins.page_ink import Channel, ink_ring, is_ink
from plugins.text_colors import Effect, text_colors

if TYPE_CHECKING:
    from PIL import Image

PLATE_ALPHA = 255  # opaque: the contrast with the glyphs is then exactly the chosen one
RGB = tuple[int, int, int]


@dataclass
class TextPlacement:
    """Where and how big one text is drawn; ``findings`` say what was changed or could not be met."""

    text: SceneText
    box: tuple[float, float, float, float]
    fit: Fit | None
    findings: list[Finding]


def text_inset(bw: int, bh: int) -> int:
    """The margin kept inside a ``bw`` x ``bh`` text box on every side: 4% of its shorter side."""
    return max(1, round(0.04 * min(bw, bh)))


def block_centre_x(align: str, bw: int, bh: int, fit: Fit) -> float:
    """Where the centre of a fitted glyph block goes across its box (the block is centred vertically);
    plugins.sketch_clearance asks it to keep pictures clear of the letters before they are drawn.

    Args:
        align: the text's alignment ("left", "center", "right").
        bw, bh: the text box in pixels.
        fit: the fitted block (its width is read).
    """
    pad = text_inset(bw, bh)
    return {"left": pad + fit.width / 2, "center": bw / 2, "right": bw - pad - fit.width / 2}[align]


@dataclass
class Drawn:
    """One text drawn on a transparent layer: glyphs with any outline, the fill alone, and where it goes."""

    layer: Image.Image
    fill_mask: Image.Image
    pos: tuple[int, int]
    plate: tuple[RGB, tuple[int, int, int, int]] | None = None  # colour and image pixel box of a plate
    glyph_mask: Image.Image | None = None  # fill plus outline, no plate (where the contrast is measured)


def text_layer(placement: TextPlacement, img: Image.Image, effect: Effect, on_object: bool = False,
               page: RGB = (250, 250, 250), channels: list[Channel] | None = None) -> Drawn:
    """The glyphs of one text on a transparent layer (and its fill-only mask), and where it goes.

    Args:
        placement: the fitted text (plugins.text_render.place_text).
        img: the picture the text goes on (the pixels under the block choose the colours).
        effect: the legibility aid asked for (auto, stroke, shadow, plate, none).
        on_object: whether the text lies on one of the Scene's objects.
        page: the picture's page colour (plugins.legibility.page_color).
        channels: the page reader's per-channel thresholds (plugins.page_ink.page_channels).
    """
    from PIL import Image, ImageDraw

    text, fit = placement.text, placement.fit
    assert fit is not None
    x0, y0, x1, y1 = pixel_box(placement.box, *img.size)
    bw, bh = x1 - x0, y1 - y0
    pad = text_inset(bw, bh)
    m = max(2, fit.size // 6)  # the plate's margin around the block
    bx = block_centre_x(text.align, bw, bh, fit)
    block = (max(x0, round(x0 + bx - fit.width / 2 - m)), max(y0, round(y0 + (bh - fit.height) / 2 - m)),
             min(x1, round(x0 + bx + fit.width / 2 + m)), min(y1, round(y0 + (bh + fit.height) / 2 + m)))
    asked = effect
    fill, outline, effect, plate = text_colors(text, img, block, effect, on_object, page, channels)
    if asked == "auto" and effect == "none" and fit.stroke and channels and not is_ink(fill, channels):
        effect = "stroke"  # a fill the page reader takes for paper: it needs an outline to be seen at all
    ring = ink_ring(fill, outline, channels) if effect == "stroke" else None
    sw = fit.stroke if effect == "stroke" else 0
    choice, apart = _reader_face(text, (fill, outline, ring), sw, channels)
    font = load_face(choice, fit.size)
    outer = sw + max(2, (sw + 1) // 2) if ring is not None else 0  # the ring, just outside the outline
    pitch = line_pitch(font, fit.stroke)
    layer = Image.new("RGBA", (bw, bh), (0, 0, 0, 0))
    fill_mask, glyph_mask = Image.new("L", (bw, bh), 0), Image.new("L", (bw, bh), 0)
    draw, fdraw, gdraw = ImageDraw.Draw(layer), ImageDraw.Draw(fill_mask), ImageDraw.Draw(glyph_mask)
    anchor_x = {"left": (pad + fit.stroke, "la"), "center": (bw / 2, "ma"), "right": (bw - pad - fit.stroke, "ra")}
    x, anchor = anchor_x[text.align]
    direction = "rtl" if choice.script in RTL_SCRIPTS else None
    top = (bh - fit.height) / 2 + fit.stroke
    if plate:  # a busy or non-contrasting background: a plate of the contrasting colour behind the block
        draw.rounded_rectangle((bx - fit.width / 2 - m, (bh - fit.height) / 2 - m / 2,
                                bx + fit.width / 2 + m, (bh + fit.height) / 2 + m / 2),
                               radius=m, fill=(*plate, PLATE_ALPHA))
    if effect == "shadow":
        layer = _with_shadow(layer, fit, font, (x, top, pitch), anchor, outline, direction)
        draw = ImageDraw.Draw(layer)
    for i, line in enumerate(fit.lines):
        track = _spacing(font, line, (sw, outer), (fill, outline)) if apart else 0
        if ring is not None:
            draw_tracked(draw, (x, top + i * pitch), line, font, anchor, track, fill=(*ring, 255),
                         stroke_width=outer, stroke_fill=(*ring, 255), direction=direction)
        draw_tracked(draw, (x, top + i * pitch), line, font, anchor, track, fill=(*fill, 255), stroke_width=sw,
                     stroke_fill=(*outline, 255), direction=direction)
        draw_tracked(fdraw, (x, top + i * pitch), line, font, anchor, track, fill=255, direction=direction)
        draw_tracked(gdraw, (x, top + i * pitch), line, font, anchor, track, fill=255, stroke_width=sw,
                     stroke_fill=255, direction=direction)
    plate_px = (round(x0 + bx - fit.width / 2 - m), round(y0 + (bh - fit.height) / 2 - m / 2),
                round(x0 + bx + fit.width / 2 + m), round(y0 + (bh + fit.height) / 2 + m / 2))
    if not text.rotation:
        return Drawn(layer, fill_mask, (x0, y0), (plate, plate_px) if plate else None, glyph_mask)
    layer, fill_mask, glyph_mask = (_rotated(im, text.rotation, bw, bh) for im in (layer, fill_mask, glyph_mask))
    return Drawn(layer, fill_mask, (x0 + (bw - layer.width) // 2, y0 + (bh - layer.height) // 2), None, glyph_mask)


def _spacing(font: object, line: str, widths: tuple[int, int], colors: tuple[RGB, RGB]) -> int | list[int]:
    """The px between the letters of an outlined ``line`` whose outline the reader takes for ink.

    A hollow letter (a light fill in a darker outline, drawn in the regular weight) is spaced pair by
    pair, only as far as each pair needs (agent.text.tracking.letter_tracks): evenly spaced at
    2 x stroke, PP-OCR read such capitals in lower case ('TEa', 'WELCOmE'). A dark bold letter in a light
    outline keeps the even 2 x stroke: spaced pair by pair, tesseract misread it ('HOME' as 'HOMIE',
    'WIRING' as 'WARING' in white-outlined red), and PP-OCR reads it in capitals either way.
    """
    sw, outer = widths
    fill, outline = colors
    if luminance(outline) < luminance(fill):
        return letter_tracks(font, line, sw, outer)
    return tracking(sw, line)


def _reader_face(text: SceneText, colors: tuple[RGB, RGB, RGB | None], stroke: int,
                channels: list[Channel] | None) -> tuple[FontChoice, bool]:
    """(face, whether the letters are spaced apart) for ``text`` drawn in (fill, outline, ring) colours.

    Outlines the page reader takes for ink are kept apart (agent.text.tracking), or it sees one blob per
    word; a paper outline parts the letters by itself, and at the font's own spacing PP-OCR keeps
    reading capitals as capitals ('BUSINEsS' when spaced). An outlined glyph is drawn in the face's
    regular weight (agent.text.fonts.lighter_face) when its outline is the darker: tesseract recognises
    words from the grey picture, where a light fill leaves only the dark outline, and a bold stem in it is
    a hollow ring there ('FAITH' in yellow outlined in black read 'PAITH', pink 'HUSTLE' 'WUSTLE'),
    while a regular stem closes into a near-solid stroke (both read once regular). A light outline
    around a darker fill stays bold: there the fill is the letter, and thinned it was misread ('COACH').
    """
    fill, outline, ring = colors
    choice = choose_font(text.font, text.content)
    if not stroke:
        return choice, False
    if luminance(outline) < luminance(fill):  # the outline draws the letter in grey: keep its stem thin
        choice = lighter_face(choice, text.content)
    return choice, not channels or ring is not None or is_ink(outline, channels)


def _with_shadow(layer: Image.Image, fit: Fit, font: object, xy: tuple[float, float, int], anchor: str,
                 outline: RGB, direction: str | None) -> Image.Image:
    from PIL import Image, ImageDraw, ImageFilter

    x, top, pitch = xy
    shadow = Image.new("RGBA", layer.size, (0, 0, 0, 0))
    sd = ImageDraw.Draw(shadow)
    off = max(1, fit.size // 16)
    for i, line in enumerate(fit.lines):
        draw_line(sd, (x + off, top + i * pitch + off), line, font, anchor, fill=(*outline, 200), direction=direction)
    return Image.alpha_composite(layer, shadow.filter(ImageFilter.GaussianBlur(max(1, fit.size // 20))))


def _rotated(im: Image.Image, degrees: float, bw: int, bh: int) -> Image.Image:
    from PIL import Image

    rotated = im.rotate(degrees, resample=Image.BICUBIC, expand=True)
    scale = min(1.0, bw / rotated.width, bh / rotated.height)
    if scale < 1.0:
        rotated = rotated.resize((max(1, round(rotated.width * scale)), max(1, round(rotated.height * scale))),
                                 Image.LANCZOS)
    return rotated
