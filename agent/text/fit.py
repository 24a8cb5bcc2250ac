"""Fitting text into a box: tokenising, word wrap, and the largest font size whose lines fit.

Why a module of its own: the renderer, the planner (to size text boxes) and tests all need the same
answer to "how big can this string be in this box", and it must never be answered by clipping.
Measurements include the stroke so outlined text fits as exactly as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent.text.fonts import FontChoice, char_script, load_face

if TYPE_CHECKING:
    from PIL import ImageFont

LINE_SPACING = 1.12  # line pitch as a multiple of ascent + descent
STROKE_RATIO = 1 / 14  # stroke width per px of font size (legibility outline)
_UNBREAKABLE_SCRIPTS = {"cjk", "hiragana", "thai", "lao", "khmer", "myanmar"}  # no spaces between words


@dataclass(frozen=True)
class Fit:
    """A fitted layout: font size, wrapped lines, stroke width, and the block's pixel extent."""

    size: int
    lines: tuple[str, ...]
    stroke: int
    width: int
    height: int
    broke_words: bool = False


def stroke_width(size: int, enabled: bool = True) -> int:
    return max(1, round(size * STROKE_RATIO)) if enabled else 0


def tokens(text: str) -> list[tuple[str, bool]]:
    """(token, space_before) pairs: words for spaced scripts, single characters for CJK/Thai runs."""
    out: list[tuple[str, bool]] = []
    for word in text.split(" "):
        if not word:
            continue
        first = True
        buf = ""
        for ch in word:
            if char_script(ch) in _UNBREAKABLE_SCRIPTS:
                if buf:
                    out.append((buf, first))
                    first, buf = False, ""
                out.append((ch, first))
                first = False
            else:
                buf += ch
        if buf:
            out.append((buf, first))
    return out


def line_width(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, line: str, stroke: int) -> int:
    if not line:
        return 0
    left, _, right, _ = font.getbbox(line, stroke_width=stroke)
    return int(right - left)


def line_pitch(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, stroke: int) -> int:
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * LINE_SPACING) + 2 * stroke


def wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: int, stroke: int,
         break_words: bool = False) -> list[str]:
    """Greedy wrap on token boundaries, keeping explicit newlines; with ``break_words`` a token wider
    than the line is split between characters (used only below the legible size, never silently)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for tok, space in tokens(para):
            trial = f"{line}{' ' if (space and line) else ''}{tok}"
            if not line or line_width(font, trial, stroke) <= max_width:
                line = trial
                if break_words and line_width(font, line, stroke) > max_width:
                    pieces = _split_chars(line, font, max_width, stroke)
                    lines.extend(pieces[:-1])
                    line = pieces[-1]
                continue
            lines.append(line)
            line = tok
            if break_words and line_width(font, line, stroke) > max_width:
                pieces = _split_chars(line, font, max_width, stroke)
                lines.extend(pieces[:-1])
                line = pieces[-1]
        lines.append(line)
    return lines


def _split_chars(word: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: int,
                 stroke: int) -> list[str]:
    pieces, cur = [], ""
    for ch in word:
        if cur and line_width(font, cur + ch, stroke) > max_width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    return [*pieces, cur]


def layout(text: str, choice: FontChoice, size: int, box_w: int, box_h: int, outline: bool = True,
           break_words: bool = False) -> Fit | None:
    """The layout at ``size`` if it fits in box_w x box_h, else None."""
    font = load_face(choice, size)
    sw = stroke_width(size, outline)
    lines = wrap(text, font, box_w, sw, break_words)
    width = max(line_width(font, ln, sw) for ln in lines)
    height = line_pitch(font, sw) * len(lines)
    if width <= box_w and height <= box_h:
        return Fit(size, tuple(lines), sw, width, height, break_words)
    return None


def fit_text(text: str, choice: FontChoice, box_w: int, box_h: int, min_size: int, max_size: int | None = None,
             outline: bool = True, break_words: bool = False) -> Fit | None:
    """Largest size in [min_size, max_size] (binary search) whose wrapped lines fit, or None."""
    hi = max_size if max_size is not None else max(min_size, box_h)
    lo, best = min_size, None
    while lo <= hi:
        mid = (lo + hi) // 2
        fit = layout(text, choice, mid, box_w, box_h, outline, break_words)
        if fit is not None:
            best, lo = fit, mid + 1
        else:
            hi = mid - 1
    return best


def grown_boxes(box: tuple[float, float, float, float], steps: int = 8):
    """Ever larger boxes around ``box``'s centre, kept inside the unit square: width grows first
    (a long string wants a wider box), then height. The last one is the whole image."""
    x0, y0, x1, y1 = box
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    for k in range(1, steps + 1):
        nw = min(1.0, w * 1.3**k)
        nh = min(1.0, h * (1.0 if nw < 1.0 and k <= 3 else 1.2 ** (k - 2)))
        nx0 = min(max(0.0, cx - nw / 2), 1.0 - nw)
        ny0 = min(max(0.0, cy - nh / 2), 1.0 - nh)
        yield (nx0, ny0, nx0 + nw, ny0 + nh)
    yield (0.0, 0.0, 1.0, 1.0)
