"""Fitting text into a box: tokenising, word wrap, and the largest font size whose lines fit.

Why a module of its own: the renderer, the planner (to size text boxes) and tests all need the same
answer to "how big can this string be in this box", and it must never be answered by clipping.
Measurements include the stroke so outlined text fits as exactly as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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


Token = tuple[str, bool]


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokens(text))


class _Measure:
    """Line widths for one font and stroke. Token advances are cached, so guessing where a line ends
    costs a sum; exact measurements (``getbbox``, slow for big CJK faces) are remembered per line."""

    def __init__(self, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, stroke: int) -> None:
        self.font, self.stroke = font, stroke
        self._adv: dict[str, float] = {}
        self._width: dict[str, int] = {}
        self.slack = float(getattr(font, "size", 16)) * 0.5  # bearings/kerning: advances may overshoot this much

    def advance(self, tok: str) -> float:
        adv = self._adv.get(tok)
        if adv is None:
            adv = self._adv[tok] = float(self.font.getlength(tok))
        return adv

    def width(self, line: str) -> int:
        w = self._width.get(line)
        if w is None:
            w = self._width[line] = line_width(self.font, line, self.stroke)
        return w


def _join(toks: list[Token]) -> str:
    return "".join(f"{' ' if (space and i) else ''}{tok}" for i, (tok, space) in enumerate(toks))


def _estimates(toks: list[Token], start: int, m: _Measure, max_width: int) -> tuple[int, bool]:
    """How many tokens from ``start`` fit by summed advances (at least 1), and whether one more token
    might still fit within the slack (then it is measured too)."""
    total, k, space = 2 * m.stroke, 0, m.advance(" ")
    for i in range(start, len(toks)):
        tok, sp = toks[i]
        total += m.advance(tok) + (space if sp and k else 0.0)
        if total > max_width and k:
            return k, total <= max_width + m.slack
        k += 1
    return max(1, k), False


def _longest_fit(toks: list[Token], start: int, m: _Measure, max_width: int) -> int:
    """The most tokens from ``start`` whose joined line fits (at least 1): the advance estimate,
    confirmed by one or two exact measurements, with a gallop and binary search when it was off."""
    n = len(toks) - start

    def fits(k: int) -> bool:
        return k <= 1 or m.width(_join(toks[start:start + k])) <= max_width

    guess, maybe_more = _estimates(toks, start, m, max_width)
    guess = min(n, guess)
    step = 1
    if fits(guess):
        if guess == n or not (maybe_more and fits(guess + 1)):
            return guess
        lo, hi = guess + 1, guess + 2
        while hi <= n and fits(hi):
            lo, step = hi, step * 2
            hi = min(n + 1, lo + step)
        hi = min(hi, n + 1)
    else:
        hi, lo = guess, guess - 1
        while lo > 1 and not fits(lo):
            hi, step = lo, step * 2
            lo = max(1, hi - step)
    while hi - lo > 1:  # lo fits, hi does not (or is past the end)
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return max(1, lo)


def wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: int, stroke: int,
         break_words: bool = False) -> list[str]:
    """Greedy wrap on token boundaries, keeping explicit newlines; with ``break_words`` a token wider
    than the line is split between characters (used only below the legible size, never silently).

    O(n log n) or better in the text's length: cached token advances guess each line and one or two
    exact measurements confirm it (2,000 CJK characters fit in a fraction of a second, not 39 s).

    Args:
        text: the text, with any newlines it has.
        font: the font at the size being tried.
        max_width: the line width in pixels.
        stroke: the outline width in pixels (it widens every line).
        break_words: split a token wider than the line.
    """
    wrapped = _wrapped(text, font, max_width, stroke, break_words, None)
    return list(wrapped[0]) if wrapped is not None else []


@lru_cache(maxsize=256)
def _wrapped(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: int, stroke: int,
             break_words: bool, max_lines: int | None) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """(lines, their widths), or None as soon as there would be more than ``max_lines`` lines."""
    m = _Measure(font, stroke)
    lines: list[str] = []
    for para in text.split("\n"):
        toks = list(_tokens(para))
        if break_words:
            toks = [piece for tok in toks for piece in _split_token(tok, m, max_width)]
        start, before = 0, len(lines)
        while start < len(toks):
            k = _longest_fit(toks, start, m, max_width)
            lines.append(_join(toks[start:start + k]))
            start += k
            if max_lines is not None and len(lines) > max_lines:
                return None
        if len(lines) == before:
            lines.append("")
        if max_lines is not None and len(lines) > max_lines:
            return None
    return tuple(lines), tuple(m.width(ln) if ln else 0 for ln in lines)


def _split_token(token: Token, m: _Measure, max_width: int) -> list[Token]:
    """A token wider than the line as pieces that each fit (the first keeps the space before it)."""
    tok, space = token
    if m.width(tok) <= max_width:
        return [token]
    chars: list[Token] = [(ch, False) for ch in tok]
    pieces, start = [], 0
    while start < len(chars):
        k = _longest_fit(chars, start, m, max_width)
        pieces.append((tok[start:start + k], space and not pieces))
        start += k
    return pieces


def _split_chars(word: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: int,
                 stroke: int) -> list[str]:
    """``word`` cut between characters into pieces that each fit ``max_width``."""
    return [piece for piece, _ in _split_token((word, False), _Measure(font, stroke), max_width)]


def layout(text: str, choice: FontChoice, size: int, box_w: int, box_h: int, outline: bool = True,
           break_words: bool = False) -> Fit | None:
    """The layout at ``size`` if it fits in box_w x box_h, else None (wrapping stops at the first line
    that would not fit in the height).

    Args:
        text: the text to set.
        choice: the font family chosen for the text's script.
        size: the font size in pixels.
        box_w, box_h: the box in pixels.
        outline: leave room for an outline stroke.
        break_words: split a token wider than the box.
    """
    font = load_face(choice, size)
    sw = stroke_width(size, outline)
    pitch = line_pitch(font, sw)
    wrapped = _wrapped(text, font, box_w, sw, break_words, max(0, box_h // max(1, pitch)))
    if wrapped is None:
        return None
    lines, widths = wrapped
    width, height = max(widths), pitch * len(lines)
    if width <= box_w and height <= box_h:
        return Fit(size, tuple(lines), sw, width, height, break_words)
    return None


def fit_text(text: str, choice: FontChoice, box_w: int, box_h: int, min_size: int, max_size: int | None = None,
             outline: bool = True, break_words: bool = False) -> Fit | None:
    """Largest size in [min_size, max_size] (binary search) whose wrapped lines fit, or None.

    Args:
        text: the text to set.
        choice: the font family chosen for the text's script.
        box_w, box_h: the box in pixels.
        min_size: the smallest size to accept (the legible minimum).
        max_size: the largest size to try (default: the box's height, at least ``min_size``).
        outline, break_words: as for :func:`layout`.
    """
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
