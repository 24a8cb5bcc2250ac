"""Letter spacing (tracking) for outlined text.

Why: an outline grows every letter by the stroke width on both sides, so at the font's own spacing
neighbouring outlined letters touch. A page reader that binarises the picture (tesseract) then sees one
blob per word and reads nothing; at 1024 px, 56 px DejaVu Sans Bold with a 4 px outline was read 0 of 3
times, with the letters moved apart by twice the stroke (the font's own gaps between the outlines) 3 of 3.
Wider gaps cost PP-OCR (RapidOCR) its context: spaced capitals were read as lower case ('CrOSSrOadS').
So the renderer spaces letters only when the reader takes their outline for ink (plugins.text_render):
an outline on the reader's paper side parts the letters by itself.
Only scripts whose letters stand apart get it (Latin, Greek, Cyrillic): joined or shaped scripts
(Arabic, Devanagari...) would break, and CJK characters are spaced by their em boxes already.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from agent.text.fonts import RunFont, char_script

if TYPE_CHECKING:
    from PIL import ImageDraw


def tracking(stroke: int, line: str) -> int:
    """Extra px between the letters of ``line`` drawn with an outline ``stroke`` px wide (0 without one,
    or for a script whose letters join or carry combining marks)."""
    if stroke <= 0 or not line or not _letters_stand_apart(line):
        return 0
    return 2 * stroke


@lru_cache(maxsize=4096)
def _letters_stand_apart(line: str) -> bool:
    """Only Latin, Greek and Cyrillic letters without combining marks (the cheap test first: fitting
    measures many lines)."""
    return not any(ord(ch) >= 0x0590 or unicodedata.combining(ch) or char_script(ch) != "latin" for ch in line)


def tracked_width(font: Any, line: str, stroke: int, track: int) -> int:
    """Pixel width of ``line`` drawn letter by letter ``track`` px apart, outline included.

    Args:
        font: the PIL font the line is drawn with.
        line: the text of one line.
        stroke: the outline width in px.
        track: the extra px between letters (:func:`tracking`).
    """
    advances = sum(font.getlength(ch) for ch in line)
    return round(advances + track * (len(line) - 1) + 2 * stroke)


def draw_tracked(draw: ImageDraw.ImageDraw, xy: tuple[float, float], line: str, font: Any, anchor: str,
                 track: int, **kwargs: Any) -> None:
    """Draw ``line`` letter by letter, ``track`` px apart (kerning is given up for the gap); ``anchor``
    is 'la', 'ma' or 'ra' as in :func:`agent.text.fonts.draw_line`. Fonts made of script runs and a
    zero ``track`` draw the line whole.

    Args:
        draw: the ImageDraw to draw with.
        xy: the anchor point in pixels.
        line: the text.
        font: a PIL font (a :class:`agent.text.fonts.RunFont` is drawn whole).
        anchor: 'la', 'ma' or 'ra'.
        track: extra px between letters.
        **kwargs: passed to ``draw.text`` (fill, stroke).
    """
    from agent.text.fonts import draw_line

    if track <= 0 or isinstance(font, RunFont) or len(line) < 2:
        draw_line(draw, xy, line, font, anchor, **kwargs)
        return
    x, y = xy
    advances = [font.getlength(ch) for ch in line]
    width = sum(advances) + track * (len(line) - 1)
    x -= {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
    for ch, adv in zip(line, advances, strict=True):
        draw.text((x, y), ch, font=font, anchor="l" + anchor[1], **kwargs)
        x += adv + track
