"""Letter spacing (tracking) for outlined text.

Why: an outline grows every letter by the stroke width on both sides, so at the font's own spacing
neighbouring outlined letters touch. A page reader that binarises the picture (tesseract) then sees one
blob per word and reads nothing; at 1024 px, 56 px DejaVu Sans Bold with a 4 px outline was read 0 of 3
times, with the letters moved apart by twice the stroke (the font's own gaps between the outlines) 3 of 3.
Wider gaps cost PP-OCR (RapidOCR) its context: spaced capitals were read as lower case ('CrOSSrOadS').
So the renderer spaces letters only when the reader takes their outline for ink (plugins.text_render):
an outline on the reader's paper side parts the letters by itself; and it spaces each pair of letters
only as far as that pair needs (:func:`letter_tracks`): the outlines of 'RO' or 'LE' stay parted at
the font's own spacing far more than those of 'NT' or 'TE', and an even 2 x stroke everywhere spread
the wide pairs for nothing (at 56 px, outlined DejaVu capitals: RapidOCR read 12 of 12 words in
capitals with no spacing, lower case crept in at 2 x stroke; tesseract read 10 of 12 unspaced).
:func:`tracking` stays the most a pair gets, which the fit reserves.
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


PAPER = 1.5  # paper between two outlines, in strokes: at 1 tesseract read hollow 'HERO' as 'FIERO', 'MONTH' as 'MONTE'


def tracking(stroke: int, line: str) -> int:
    """The most extra px between two letters of ``line`` drawn with an outline ``stroke`` px wide (0
    without one, or for a script whose letters join or carry combining marks): what the fit reserves."""
    if stroke <= 0 or not line or not _letters_stand_apart(line):
        return 0
    return 2 * stroke


@lru_cache(maxsize=4096)
def _letters_stand_apart(line: str) -> bool:
    """Only Latin, Greek and Cyrillic letters without combining marks (the cheap test first: fitting
    measures many lines)."""
    return not any(ord(ch) >= 0x0590 or unicodedata.combining(ch) or char_script(ch) != "latin" for ch in line)


def letter_tracks(font: Any, line: str, stroke: int, reach: int | None = None) -> list[int]:
    """Extra px after each letter of ``line`` but the last (outline ``stroke`` px wide): just enough
    that the two outlines keep :data:`PAPER` x ``stroke`` px of paper between them on every pixel row
    they share, at most :func:`tracking` (the font's own gap between the outlines), none for a script
    that joins.

    Why 1.5 strokes: two outlines a stroke apart read as one more stem to tesseract (a hollow 'H' next
    to 'E' was read 'FI'); half a stroke more parted them, and PP-OCR still read the capitals as
    capitals (measured on LeX renders). Measured on the outlined glyph masks, not their boxes ('AT'
    leans apart).

    Args:
        font: a PIL FreeType font.
        line: the text of one line.
        stroke: the outline width in px.
        reach: how far the ink reaches beyond the glyph when that is more than ``stroke`` (an ink ring
            round a paper outline, plugins.page_ink.ink_ring); the gaps are measured at that width.
    """
    most = tracking(stroke, line)
    if not most or len(line) < 2:
        return [0] * max(0, len(line) - 1)
    out = []
    for a, b in zip(line, line[1:], strict=False):
        gap = _outline_gap(font, a, b, max(stroke, reach or 0))
        out.append(min(most, max(0, round(PAPER * stroke) - gap)))
    return out


def _outline_gap(font: Any, a: str, b: str, stroke: int) -> int:
    """Paper px between outlined ``a`` and ``b`` set at ``a``'s advance: the least over shared rows."""
    ra, rb = _profile(font, a, stroke), _profile(font, b, stroke)
    adv = font.getlength(a)
    gaps = [adv + rb[y][0] - ra[y][1] for y in ra.keys() & rb.keys()]
    return round(min(gaps)) if gaps else 2 * stroke


@lru_cache(maxsize=4096)
def _profile(font: Any, ch: str, stroke: int) -> dict[int, tuple[int, int]]:
    """Row (from the baseline) -> (leftmost, rightmost + 1) x of the outlined glyph's ink (alpha >= 128)."""
    import numpy as np

    if ch.isspace():
        return {}
    mask, (ox, oy) = font.getmask2(ch, stroke_width=stroke, anchor="ls")
    arr = np.asarray(mask, dtype=np.uint8).reshape(mask.size[1], mask.size[0]) >= 128
    rows = np.flatnonzero(arr.any(axis=1))
    out = {}
    for y in rows:
        xs = np.flatnonzero(arr[y])
        out[int(y + oy)] = (int(xs[0] + ox), int(xs[-1] + 1 + ox))
    return out


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
                 track: int | list[int], **kwargs: Any) -> None:
    """Draw ``line`` letter by letter, ``track`` px apart (kerning is given up for the gap; a list gives
    the px after each letter, :func:`letter_tracks`); ``anchor``
    is 'la', 'ma' or 'ra' as in :func:`agent.text.fonts.draw_line`. Fonts made of script runs and a
    zero ``track`` draw the line whole.

    Args:
        draw: the ImageDraw to draw with.
        xy: the anchor point in pixels.
        line: the text.
        font: a PIL font (a :class:`agent.text.fonts.RunFont` is drawn whole).
        anchor: 'la', 'ma' or 'ra'.
        track: extra px between letters (one for all, or one per pair).
        **kwargs: passed to ``draw.text`` (fill, stroke).
    """
    from agent.text.fonts import draw_line

    gaps = [track] * (len(line) - 1) if isinstance(track, int) else list(track)
    if not any(g > 0 for g in gaps) or isinstance(font, RunFont) or len(line) < 2:
        draw_line(draw, xy, line, font, anchor, **kwargs)
        return
    x, y = xy
    advances = [font.getlength(ch) for ch in line]
    width = sum(advances) + sum(gaps)
    x -= {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
    for ch, adv, gap in zip(line, advances, [*gaps, 0], strict=True):
        draw.text((x, y), ch, font=font, anchor="l" + anchor[1], **kwargs)
        x += adv + gap
