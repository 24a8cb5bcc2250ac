"""Fonts: family names and style words -> installed font files, with a script-aware fallback chain.

Why: a Scene says ``font: "serif"`` or a prompt says "in cursive style"; a text may be Arabic or
Chinese. This module turns that into one concrete font file that covers the text's script, probing
Debian's DejaVu / Liberation / Noto fonts (and ``$SCENECRAFT_FONT_DIRS``), falling back to Pillow's
bundled font when nothing is installed. Paths are probed once and cached; nothing is downloaded.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from agent.text.emoji import FILES as EMOJI_FILES
from agent.text.emoji import EmojiFace, is_emoji_font

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]

# family -> candidate file names, first installed wins
FAMILIES: dict[str, list[str]] = {
    "sans": ["DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf"],
    "sans-bold": ["DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "LiberationSans-Bold.ttf"],
    "sans-italic": ["NotoSans-Italic.ttf", "DejaVuSans-Oblique.ttf", "LiberationSans-Italic.ttf"],
    "condensed": ["DejaVuSansCondensed-Bold.ttf", "LiberationSansNarrow-Bold.ttf", "NotoSans-Bold.ttf"],
    "display": ["NotoSansDisplay-Bold.ttf", "NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"],
    "serif": ["DejaVuSerif.ttf", "NotoSerif-Regular.ttf", "LiberationSerif-Regular.ttf"],
    "serif-bold": ["DejaVuSerif-Bold.ttf", "NotoSerif-Bold.ttf", "LiberationSerif-Bold.ttf"],
    "serif-italic": ["NotoSerif-BoldItalic.ttf", "DejaVuSerif-BoldItalic.ttf", "LiberationSerif-BoldItalic.ttf"],
    "mono": ["DejaVuSansMono.ttf", "NotoSansMono-Regular.ttf", "LiberationMono-Regular.ttf"],
    "mono-bold": ["DejaVuSansMono-Bold.ttf", "NotoSansMono-Bold.ttf", "LiberationMono-Bold.ttf"],
    "emoji": ["NotoColorEmoji.ttf"],
}

# Words people use for lettering styles (LeX-Bench's font subset among them) -> an installed family.
# No cursive or rounded face ships with Debian's core fonts, so the nearest legible face stands in.
STYLE_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("cursive", "script", "handwrit", "calligraph", "italic"), "serif-italic"),
    (("block", "3d", "bold", "heavy", "poster"), "sans-bold"),
    (("angular", "condensed", "narrow", "geometric"), "condensed"),
    (("rounded", "bubble", "round"), "display"),
    (("mono", "typewriter", "code"), "mono-bold"),
    (("upright", "serif", "roman", "classic", "elegant"), "serif-bold"),
    (("flat", "sans", "modern", "minimal", "clean"), "sans-bold"),
]

# Unicode script of a character (by its name prefix) -> Noto font files that cover it, best first.
# A (file, index) pair selects a face inside a .ttc collection (Noto CJK: 0 JP, 1 KR, 2 SC, 3 TC).
SCRIPT_FONTS: dict[str, list[tuple[str, int]]] = {
    "cjk": [("NotoSansCJK-Bold.ttc", 2), ("NotoSansCJK-Regular.ttc", 2), ("NotoSerifCJK-Bold.ttc", 2)],
    "hiragana": [("NotoSansCJK-Bold.ttc", 0), ("NotoSansCJK-Regular.ttc", 0)],
    "hangul": [("NotoSansCJK-Bold.ttc", 1), ("NotoSansCJK-Regular.ttc", 1)],
    "arabic": [("NotoSansArabic-Bold.ttf", 0), ("NotoNaskhArabic-Bold.ttf", 0), ("NotoSansArabic-Regular.ttf", 0)],
    "hebrew": [("NotoSansHebrew-Bold.ttf", 0), ("NotoSansHebrew-Regular.ttf", 0), ("DejaVuSans-Bold.ttf", 0)],
    "devanagari": [("NotoSansDevanagari-Bold.ttf", 0), ("NotoSansDevanagari-Regular.ttf", 0)],
    "bengali": [("NotoSansBengali-Bold.ttf", 0), ("NotoSansBengali-Regular.ttf", 0)],
    "tamil": [("NotoSansTamil-Bold.ttf", 0), ("NotoSansTamil-Regular.ttf", 0)],
    "telugu": [("NotoSansTelugu-Bold.ttf", 0), ("NotoSansTelugu-Regular.ttf", 0)],
    "gujarati": [("NotoSansGujarati-Bold.ttf", 0), ("NotoSansGujarati-Regular.ttf", 0)],
    "gurmukhi": [("NotoSansGurmukhi-Bold.ttf", 0), ("NotoSansGurmukhi-Regular.ttf", 0)],
    "kannada": [("NotoSansKannada-Bold.ttf", 0), ("NotoSansKannada-Regular.ttf", 0)],
    "malayalam": [("NotoSansMalayalam-Bold.ttf", 0), ("NotoSansMalayalam-Regular.ttf", 0)],
    "thai": [("NotoSansThai-Bold.ttf", 0), ("NotoSansThai-Regular.ttf", 0)],
    "lao": [("NotoSansLao-Bold.ttf", 0), ("NotoSansLao-Regular.ttf", 0)],
    "khmer": [("NotoSansKhmer-Bold.ttf", 0), ("NotoSansKhmer-Regular.ttf", 0)],
    "myanmar": [("NotoSansMyanmar-Bold.ttf", 0), ("NotoSansMyanmar-Regular.ttf", 0)],
    "sinhala": [("NotoSansSinhala-Bold.ttf", 0), ("NotoSansSinhala-Regular.ttf", 0)],
    "georgian": [("NotoSansGeorgian-Bold.ttf", 0), ("NotoSansGeorgian-Regular.ttf", 0)],
    "armenian": [("NotoSansArmenian-Bold.ttf", 0), ("NotoSansArmenian-Regular.ttf", 0)],
    "ethiopic": [("NotoSansEthiopic-Bold.ttf", 0), ("NotoSansEthiopic-Regular.ttf", 0)],
}
_NAME_TO_SCRIPT = {"CJK": "cjk", "HIRAGANA": "hiragana", "KATAKANA": "hiragana", "HANGUL": "hangul",
                   "IDEOGRAPHIC": "cjk", "FULLWIDTH": "cjk"}
RTL_SCRIPTS = {"arabic", "hebrew"}


class FontChoice(NamedTuple):
    """A concrete face: file path (None = Pillow's bundled font), face index in a collection, script.

    ``fallbacks`` are further faces for characters this one lacks (mixed scripts no single installed
    face covers); the text is then drawn as runs, each in the first face that has its glyphs.
    """

    path: Path | None
    index: int
    script: str
    fallbacks: tuple[FontChoice, ...] = ()


@lru_cache(maxsize=1)
def _index() -> dict[str, Path]:
    found: dict[str, Path] = {}
    dirs = font_dirs()
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.rglob("*")):
                if p.suffix.lower() in (".ttf", ".otf", ".ttc"):
                    found.setdefault(p.name, p)
    return found


def char_script(ch: str) -> str:
    """'latin' for Latin/Greek/Cyrillic/digits/punctuation (DejaVu covers them), else a SCRIPT_FONTS key."""
    if ord(ch) < 0x0370:
        return "latin"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in _NAME_TO_SCRIPT:
        return _NAME_TO_SCRIPT[first]
    key = first.lower()
    return key if key in SCRIPT_FONTS else "latin"


def text_script(text: str) -> str:
    """The text's dominant non-Latin script, or 'latin' (CJK/Arabic faces also carry Latin letters)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isspace():
            continue
        s = char_script(ch)
        if s != "latin":
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "latin"
    # Kana marks Japanese even when Han characters dominate; Hangul marks Korean.
    for marker in ("hiragana", "hangul"):
        if marker in counts:
            return marker
    return max(counts, key=lambda s: counts[s])


def family_for_style(words: str | None) -> str | None:
    """A family for free style words ('3D style', 'cursive'); a known family name passes through."""
    if not words:
        return None
    key = words.lower().strip()
    if key in FAMILIES:
        return key
    for keys, family in STYLE_WORDS:
        if any(k in key for k in keys):
            return family
    return None


def font_dirs() -> list[Path]:
    """Where fonts are looked up: ``$SCENECRAFT_FONT_DIRS`` first, then the system folders."""
    extra = os.environ.get("SCENECRAFT_FONT_DIRS", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + FONT_DIRS


def font_path(family: str = "sans", text: str = "") -> Path | None:
    """The first installed file for ``family`` (or a font file given by path), else None. For a ``text``
    with a capital I, the family's first face whose I is no bare bar comes first (:func:`bare_bar`).

    A path is accepted only inside a font folder: a Scene's ``font`` may come from an LLM or a PNG, and
    must not make the renderer open arbitrary files.
    """
    p = Path(family)
    if p.suffix and p.exists():
        real = p.resolve()
        if any(real.is_relative_to(d.resolve()) for d in font_dirs() if d.is_dir()):
            return real
        return None
    idx = _index()
    found = [idx[name] for name in FAMILIES.get(family, [family]) if name in idx]
    if "I" in text:
        found.sort(key=bare_bar)  # stable: the family's order otherwise
    return found[0] if found else None


@lru_cache(maxsize=64)
def bare_bar(path: Path) -> bool:
    """Whether the face draws the capital I as a bare bar (DejaVu Sans; Noto Sans gives it serifs).

    Why: outlined, a bare bar is a narrow ring, which PP-OCR reads as O ('LIME' read 'LOME'); and a bar
    is told from l only by context. The I of the face is drawn once and called a bar when its ink
    fills its bounding box."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (96, 96), 0)
    ImageDraw.Draw(img).text((24, 8), "I", font=ImageFont.truetype(str(path), 64), fill=255)
    ink = np.asarray(img) > 128
    ys, xs = np.nonzero(ink)
    return bool(len(xs)) and bool(ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1].mean() > 0.95)


@lru_cache(maxsize=64)
def _notdef(path: Path, index: int) -> bytes:
    from PIL import ImageFont

    return bytes(ImageFont.truetype(str(path), 24, index=index).getmask("\ue000"))  # a private-use code point


@lru_cache(maxsize=64)
def _cmap(path: Path, index: int) -> frozenset[int] | None:
    """The code points the face maps to glyphs (its cmap), or None when fontTools cannot read it."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # noqa: BLE001 - an unreadable font file: fall back to drawing the glyph
        return None


@lru_cache(maxsize=8192)
def _has_glyph(path: Path, index: int, ch: str) -> bool:
    """Whether the face has a glyph for ``ch``: its cmap says so (else: it draws something other than
    its notdef box)."""
    cmap = _cmap(path, index)
    if cmap is not None:
        return ord(ch) in cmap
    from PIL import ImageFont

    return bytes(ImageFont.truetype(str(path), 24, index=index).getmask(ch)) != _notdef(path, index)


def face_for(choice: FontChoice, ch: str) -> FontChoice | None:
    """The first face of ``choice`` and its fallbacks with a glyph for ``ch`` (None: none has one)."""
    for face in (choice, *choice.fallbacks):
        if face.path is None or ch.isspace() or _has_glyph(face.path, face.index, ch):
            return face
    return None


def missing_glyphs(choice: FontChoice, text: str) -> list[str]:
    """Characters of ``text`` no face of ``choice`` (fallbacks included) has a glyph for."""
    seen: list[str] = []
    for ch in text:
        if ch not in seen and face_for(choice, ch) is None:
            seen.append(ch)
    return seen


def font_runs(choice: FontChoice, text: str) -> list[tuple[str, FontChoice]]:
    """``text`` cut into runs that one face can draw (a run keeps its face while that face can)."""
    runs: list[tuple[str, FontChoice]] = []
    for ch in text:
        current = runs[-1][1] if runs else None
        if current is not None and (ch.isspace() or face_for(current._replace(fallbacks=()), ch) is not None):
            runs[-1] = (runs[-1][0] + ch, current)
            continue
        face = face_for(choice, ch) or choice
        runs.append((ch, face._replace(fallbacks=())))
    return runs


@lru_cache(maxsize=512)
def choose_font(family: str | None, text: str) -> FontChoice:
    """The face to draw ``text`` with: the first in the chain that has a glyph for every character.

    Chain: the script's Noto faces (for non-Latin text), the requested family (or style words),
    sans-bold, sans, every script face of other scripts; then Pillow's bundled font. When no face
    covers everything (Devanagari mixed with Latin, say) the one missing fewest characters wins.
    """
    script = text_script(text)
    idx = _index()
    candidates: list[FontChoice] = []
    if script != "latin":
        candidates += [FontChoice(idx[n], face, script) for n, face in SCRIPT_FONTS.get(script, []) if n in idx]
    fam = family_for_style(family) or (family if family else "sans-bold")
    for name in (fam, "sans-bold", "sans", "NotoSans-Bold.ttf"):
        path = font_path(name, text)
        if path is not None:
            candidates.append(FontChoice(path, 0, script))
    if not candidates:
        return FontChoice(None, 0, script)
    best, fewest = candidates[0], None
    for choice in candidates:
        missing = len(missing_glyphs(choice, text))
        if missing == 0:
            return choice
        if fewest is None or missing < fewest:
            best, fewest = choice, missing
    # No single face: the best one plus, for what it lacks, faces of the other scripts in the text.
    extra: list[FontChoice] = []
    for ch in missing_glyphs(best, text):
        for name, face in SCRIPT_FONTS.get(char_script(ch), []) if char_script(ch) != "latin" else []:
            if name in idx:
                extra.append(FontChoice(idx[name], face, char_script(ch)))
    emoji = [idx[n] for n in EMOJI_FILES if n in idx]  # colour emoji: a face of their own (agent.text.emoji)
    extra += [FontChoice(p, 0, script) for p in emoji if any(_has_glyph(p, 0, ch) for ch in missing_glyphs(best, text))]
    extra += [c for c in candidates if c != best]
    return best._replace(fallbacks=tuple(dict.fromkeys(extra)))


def lighter_face(choice: FontChoice, text: str) -> FontChoice:
    """The regular weight of a bold face (DejaVuSans-Bold -> DejaVuSans, NotoSerif-BoldItalic ->
    NotoSerif-Italic), when it is installed and has a glyph for every character of ``text``; else
    ``choice``.

    Why: a glyph filled in a colour the page reader takes for paper (white on a light picture) reaches
    it only as its ink outline, a hollow letter. Hollow bold letters are wide rings that tesseract
    misreads (white 'HERO' read 'ERO'); the same outline around a regular-weight stem closes into a
    near-solid stroke (on a plain page 8 of 8 words read instead of 5 of 8)."""
    if choice.path is None or choice.fallbacks or "Bold" not in choice.path.name:
        return choice
    name = choice.path.name
    stem, ext = name.rsplit(".", 1)
    options = [stem.replace("BoldItalic", "Italic").replace("BoldOblique", "Oblique")]
    options += [stem.replace("-Bold", ""), stem.replace("-Bold", "-Regular"), stem.replace("Bold", "")]
    idx = _index()
    for opt in dict.fromkeys(o.rstrip("-") for o in options):
        path = idx.get(f"{opt}.{ext}")
        if path is not None and path != choice.path:
            lighter = choice._replace(path=path)
            if not missing_glyphs(lighter, text):
                return lighter
    return choice


class RunFont:
    """Several faces used as one font: measures and draws a line as per-face runs, baselines aligned.

    Implements the few font methods fitting needs (``getbbox``, ``getmetrics``, ``getlength``);
    :func:`draw_line` draws with it.
    """

    def __init__(self, choice: FontChoice, size: int) -> None:
        self.choice, self.size = choice, size

    def runs(self, text: str) -> list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]]:
        return [(run, load_face(face, self.size)) for run, face in font_runs(self.choice, text)]

    def getlength(self, text: str) -> float:
        return sum(font.getlength(run) for run, font in self.runs(text))

    def getmetrics(self) -> tuple[int, int]:
        faces = [load_face(f._replace(fallbacks=()), self.size) for f in (self.choice, *self.choice.fallbacks)]
        metrics = [f.getmetrics() for f in faces]
        return max(m[0] for m in metrics), max(m[1] for m in metrics)

    def getbbox(self, text: str, stroke_width: int = 0) -> tuple[int, int, int, int]:
        ascent, descent = self.getmetrics()
        return (-stroke_width, -stroke_width, round(self.getlength(text)) + stroke_width,
                ascent + descent + stroke_width)


def draw_line(draw: ImageDraw.ImageDraw, xy: tuple[float, float], line: str, font: Any, anchor: str,
              **kwargs: Any) -> None:
    """``draw.text`` that also takes a :class:`RunFont` (anchors 'la', 'ma', 'ra': top of the ascender).

    Args:
        draw: the ImageDraw to draw with.
        xy: the anchor point in pixels.
        line: the text.
        font: a PIL font or a :class:`RunFont` (per-script fallbacks).
        anchor: 'la', 'ma' or 'ra'.
        **kwargs: passed to ``draw.text`` (fill, stroke).
    """
    if not isinstance(font, RunFont):
        draw.text(xy, line, font=font, anchor=anchor, **kwargs)
        return
    x, y = xy
    width = font.getlength(line)
    x -= {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
    baseline = y + font.getmetrics()[0]
    for run, face in font.runs(line):
        if hasattr(face, "draw_run"):  # an emoji (agent.text.emoji): a colour bitmap, not a glyph outline
            face.draw_run(draw, (x, baseline), run, kwargs.get("fill"))
        else:
            draw.text((x, baseline), run, font=face, anchor="ls", **kwargs)
        x += face.getlength(run)


@lru_cache(maxsize=1024)
def load_face(choice: FontChoice, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont | RunFont:
    """``choice`` at ``size`` px, shaped with raqm when Pillow has it (needed for Arabic, Indic)."""
    from PIL import ImageFont, features

    if choice.fallbacks:
        return RunFont(choice, size)
    if choice.path is None:
        return ImageFont.load_default(size=size)
    if is_emoji_font(choice.path):
        return EmojiFace(choice.path, size)  # type: ignore[return-value]
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(choice.path), size=size, index=choice.index, layout_engine=engine)


@lru_cache(maxsize=256)
def load_font(family: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font of ``size`` px; falls back to sans, then to Pillow's bundled default font."""
    from PIL import ImageFont

    for fam in (family, "sans"):
        path = font_path(fam)
        if path is not None:
            return ImageFont.truetype(str(path), size=size)
    return ImageFont.load_default(size=size)
