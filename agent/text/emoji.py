"""Colour emoji in lettering ('a poster that says "🎉 PARTY 🎉"'), drawn with the installed emoji font.

Why a face of its own: Noto Color Emoji (Debian ``fonts-noto-color-emoji``) is a bitmap (CBDT) font that
FreeType opens at its one strike size only (109 px; any other size is "invalid pixel size"), and its
glyphs are colour images, not masks to fill. :class:`EmojiFace` stands in for a Pillow font at any size:
it measures like one and draws a glyph scaled from the 109 px strike (in colour on a picture, as
coverage on a mask), so the runs machinery in :mod:`agent.text.fonts`
draws an emoji beside the letters of another face. Without the font an emoji is reported (one line,
the code points and the package), never drawn as a box.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = "fonts-noto-color-emoji"
FILES = ("NotoColorEmoji.ttf",)
STRIKE = 109  # the only pixel size the CBDT strike of Noto Color Emoji opens at


def is_emoji_font(path: Path | None) -> bool:
    return path is not None and path.name in FILES


def looks_like_emoji(ch: str) -> bool:
    """Whether ``ch`` is a pictographic symbol an emoji font is for (the 'So' symbols from U+2190 on,
    the joiner and the emoji variation selector); used to name the package when no face draws it."""
    return ch in "\u200d\ufe0f" or (ord(ch) >= 0x2190 and unicodedata.category(ch) == "So")


def symbol_hint(missing: list[str], name: str, installed: bool) -> str:
    """The second half of the one-line error for symbols no installed face draws (``name``: the first
    one's Unicode name; ``installed``: whether the emoji font is): the emoji font's package while it is
    not installed, else words instead."""
    points = " ".join(f"U+{ord(ch):04X}" for ch in missing[:8])
    if looks_like_emoji(missing[0]) and not installed:
        return f"{points} ({name}...) need a colour emoji font: install the Debian package {PACKAGE}"
    return f"{points} ({name}) is a symbol no installed face draws; write it as words, or ask for it as an object"


@lru_cache(maxsize=4)
def _strike(path: Path) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), STRIKE)


@lru_cache(maxsize=128)  # scaled RGBA images: a few MB each at poster sizes, so a long-lived server keeps few
def _glyph(path: Path, text: str, size: int) -> Any:
    """``text`` drawn from the strike in colour, scaled so that the strike's em becomes ``size`` px (RGBA)."""
    from PIL import Image, ImageDraw

    font = _strike(path)
    width = max(1, round(font.getlength(text)))
    ascent, descent = font.getmetrics()
    big = Image.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(big).text((0, 0), text, font=font, embedded_color=True)
    scale = size / STRIKE
    return big.resize((max(1, round(big.width * scale)), max(1, round(big.height * scale))), Image.LANCZOS)


class EmojiFace:
    """The emoji font at ``size`` px, with the methods ImageDraw and the fitting code call on a font."""

    def __init__(self, path: Path, size: int) -> None:
        self.path, self.size = path, size

    def getlength(self, text: str, *args: Any, **kwargs: Any) -> float:
        return _strike(self.path).getlength(text) * self.size / STRIKE

    def getmetrics(self) -> tuple[int, int]:
        ascent, descent = _strike(self.path).getmetrics()
        return round(ascent * self.size / STRIKE), round(descent * self.size / STRIKE)

    def getbbox(self, text: str, *args: Any, **kwargs: Any) -> tuple[int, int, int, int]:
        glyph = _glyph(self.path, text, self.size)
        return 0, 0, glyph.width, glyph.height

    def draw_run(self, draw: Any, baseline_xy: tuple[float, float], text: str, fill: Any = None) -> None:
        """Draw ``text`` with its left end on the baseline point: in colour on an RGB(A) picture, as
        coverage in ``fill`` on a mask (the glyph and fill masks the text renderer measures).

        Args:
            draw: the ImageDraw of the picture or mask.
            baseline_xy: the run's left end on the baseline, in pixels.
            text: the emoji run.
            fill: the mask ink (ignored in colour).
        """
        glyph = _glyph(self.path, text, self.size)
        x, y = round(baseline_xy[0]), round(baseline_xy[1]) - self.getmetrics()[0]
        alpha = glyph.getchannel("A")
        if draw.mode in ("RGB", "RGBA"):
            draw.im.paste(glyph.convert(draw.mode).im, (x, y, x + glyph.width, y + glyph.height), alpha.im)
        else:
            draw.bitmap((x, y), alpha, fill=fill)
