"""Prompt syntax of the Stable Diffusion / Midjourney world, numbers with units, and the prompt's language.

Read before any parsing, because none of it is English grammar: ``--ar 16:9`` is a size, ``--no X`` a
negative, ``(word:1.2)`` / ``word::2`` / ``[a|b]`` are weights and alternations, ``--v 5`` a version flag,
and "8k", "35mm", "512x512" or "90 degrees" are camera and render settings, never objects or counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.vocab import lexicon as L

_AR_RE = re.compile(r"--(?:ar|aspect)\s+(\d{1,2})\s*:\s*(\d{1,2})\b", re.IGNORECASE)
_WH_RE = re.compile(r"--(w|h|width|height)\s+(\d{2,5})\b", re.IGNORECASE)  # Midjourney's legacy size flags
_NO_RE = re.compile(r"--no\s+([^-]+?)(?=\s--|$)", re.IGNORECASE)
_FLAG_RE = re.compile(r"--[a-z]+(?:\s+(?!--)[\w.:/-]+)?", re.IGNORECASE)  # --v 5, --q 2, --stylize 750, --niji
_WEIGHT_PAREN_RE = re.compile(r"\(([^()]*?)(?::\s*-?\d+(?:\.\d+)?)?\)")  # (word:1.2), ((word))
_WEIGHT_COLON_RE = re.compile(r"::\s*-?\d*(?:\.\d+)?")  # word::2 -> a separator
_ALT_RE = re.compile(r"[\[{]([^\[\]{}|]*)(?:\|[^\[\]{}]*)?[\]}]")  # [a|b] / {a|b} -> a
_LORA_RE = re.compile(r"<[^<>]{1,80}>")
# "37 1/2 x 16 1/2 x 17 3/8 in", "(95.3 x 42 x 44 cm)": a catalogue's measurements, never things or counts
_NUM = r"\d+(?:[.,]\d+)?(?:\s+\d+/\d+)?"
_DIMENSIONS_RE = re.compile(r"\(?" + _NUM + r"(?:(?:\s*[x×]\s*" + _NUM + r"){2,}|\s*[x×]\s*" + _NUM
                            + r"\s*(?:cm|mm|m|in|inch(?:es)?|ft)\b)(?:\s*(?:cm|mm|m|in|inch(?:es)?|ft)\b)?\.?\)?",
                            re.IGNORECASE)
_SIZE_RE = re.compile(r"\b(\d{2,5})\s*[x×]\s*(\d{2,5})\b(?:\s*(?:px|pixels?|resolution))?", re.IGNORECASE)
# A number glued to, or followed by, a unit: camera, render and measure settings.
_UNIT_RE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(k|mm|cm|m|km|px|fps|p|hz|°|%|kg|g|lb|lbs|mp|ft|in|inch(?:es)?|"
    r"degrees?|percent|meters?|metres?|centimeters?|millimeters?|feet|foot|pixels?|megapixels?|"
    r"mph|km/h|d)\b(?:\s+(?:resolution|lens|film|uhd|hd))?",
    re.IGNORECASE)
# A price, or a range of prices: "£20,000-30,000", "$5", "€1.5m" (an auction estimate counts nothing).
_PRICE_RE = re.compile(r"[£$€¥]\s?\d[\d,.]*(?:\s*(?:-|–|to)\s*[£$€¥]?\d[\d,.]*)?(?:\s?(?:k|m|bn|million|billion)\b)?",
                       re.IGNORECASE)
_STYLE_UNITS = frozenset({"k", "mm", "p", "fps", "mp", "megapixel", "megapixels", "d"})  # "8k", "35mm", "3d"
# "1 9 5 0 s", "2 0 1 4", "8 0's": digits typed one by one (a habit of scraped prompts) are one number
_SPACED_DIGITS_RE = re.compile(r"(?<![\w.])\d(?: \d)+(?: ?'?s\b|(?![\w.]))")
_SET_WORDS = r"(?:set|collection|kit|pack|bundle)"
_PACK_WORDS = r"(?:pack|piece|count|part)"
# "Three-pack of socks", "a 12-piece set of knives": the number counts the things the sheet is of.
_N_PACK_RE = re.compile(rf"\b(?:an?\s+)?(\d+|[a-z]+)-({_PACK_WORDS})\s+(?:({_SET_WORDS})\s+)?of\s+", re.IGNORECASE)
# "mugs - set of 2", "earbuds - 2 pack": a dash setting a set/pack count off from the things is a comma, when
# the count ends its clause ("brand - Pack of two bunnies" is a pack of the bunnies after it, not of "brand").
_DASH_SET_RE = re.compile(rf"\s+-{{1,2}}\s+(?=(?:(?:an?\s+)?{_SET_WORDS}\s+of\s+(?:\d+|[a-z]+)|(?:\d+|[a-z]+)[\s-]"
                          rf"{_PACK_WORDS})\s*(?:[,.;]|$))", re.IGNORECASE)
# "candles, 6 pack" (ending its clause): the count of the things before it, "pack of 6".
_END_PACK_RE = re.compile(rf"\b(\d+|[a-z]+)[\s-]({_PACK_WORDS})\b(?=\s*(?:[,.;]|$))", re.IGNORECASE)
# "2 x Velvet Cushions", "6 pcs hair clips": a product count written as a multiplier or in pieces.
_TIMES_RE = re.compile(r"(?<![\w.])(\d+)\s?(?:[x×]|pcs\.?|pc\.?)\s+(?=[A-Za-z])", re.IGNORECASE)
_NUM_HYPHEN_RE = re.compile(r"\b(\d+)\s+-\s+([a-z]+)\b", re.IGNORECASE)  # "8 - bit" is "8-bit", not two tags
_NON_LATIN_RE = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")
_FOREIGN = frozenset([
    "le", "la", "les", "des", "une", "du", "au", "aux", "et", "avec", "sur", "sous", "dans", "pour", "est",
    "sont", "d", "l", "à", "côté", "gauche", "droite", "el", "los", "las", "una", "unos", "con", "y", "en",
    "sobre", "del", "al", "junto", "izquierda", "derecha", "der", "die", "das", "ein", "eine", "einer", "und",
    "mit", "auf", "unter", "neben", "links", "rechts", "ist", "il", "lo", "gli", "della", "delle", "sinistra",
    "destra", "um", "uma", "com", "não", "ao", "à", "em", "os"
])
_ENGLISH = frozenset([
    "a", "an", "the", "of", "and", "with", "on", "in", "at", "to", "is", "are", "there", "this", "that", "by",
    "from", "for", "it", "its", "his", "her", "their", "left", "right", "above", "below", "under", "near",
    "next", "behind", "front", "top", "bottom", "one", "two", "three", "red", "blue", "green"
])


@dataclass
class Syntax:
    """What the prompt's syntax said, and the prompt with that syntax taken out."""

    text: str
    width: int | None = None
    height: int | None = None
    negative: list[str] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spelled: dict[str, str] = field(default_factory=dict)  # a joined number -> its digits as the user spaced them

    def respell(self, style: str) -> str:
        """``style`` with each number the reader joined ("1950s") back in the user's spacing ("1 9 5 0 s"):
        style goes out in the user's words; only the reader needed the digits joined."""
        for joined, said in self.spelled.items():
            style = re.sub(rf"(?<![\w.]){re.escape(joined)}(?![\w.])", said, style)
        return style


def read_syntax(prompt: str, width: int, height: int) -> Syntax:
    """Strip SD/Midjourney syntax and unit-numbers from ``prompt``; ``--ar`` rescales (width, height)."""
    out = Syntax(prompt)
    text = _LORA_RE.sub(" ", _spaced_quotes(_unwrap(prompt))).replace("—", "--").replace("–", "--")
    m = _AR_RE.search(text)
    if m and int(m.group(1)) > 0 and int(m.group(2)) > 0:
        out.width, out.height = aspect_size(int(m.group(1)), int(m.group(2)), max(width, height))
        out.style.append(f"ar {m.group(1)}:{m.group(2)}")
    text = _AR_RE.sub(" ", text)
    text = _size_flags(text, out, max(width, height))
    for m in _NO_RE.finditer(text):
        out.negative += [w.strip().lower() for w in re.split(r",|\band\b", m.group(1)) if w.strip()]
    text = _NO_RE.sub(" ", text)
    out.style += [_flag_words(m.group(0)) for m in _FLAG_RE.finditer(text) if _flag_words(m.group(0))]
    text = _FLAG_RE.sub(" ", text)
    text = _WEIGHT_COLON_RE.sub(", ", text)
    for _ in range(3):  # nested ((word:1.2))
        text = _WEIGHT_PAREN_RE.sub(lambda m: m.group(1), text)
    text = _ALT_RE.sub(lambda m: m.group(1), text)
    text = _SPACED_DIGITS_RE.sub(lambda m: _join_digits(m, out), text)
    text = _SIZE_RE.sub(" ", _DIMENSIONS_RE.sub(" ", text))
    text = _END_PACK_RE.sub(_end_pack, _DASH_SET_RE.sub(", ", text))
    text = _NUM_HYPHEN_RE.sub(r"\1-\2", _N_PACK_RE.sub(_n_pack, _TIMES_RE.sub(r"\1 ", text)))
    text = re.sub(r"(?:#|\bno\.\s?|\bnr\.\s?)\d+\b", " ", text, flags=re.IGNORECASE)  # "Chair #71": a name, not a count
    text = _GLUED_COUNT_RE.sub(_unglue_count, text)
    text = _UNIT_RE.sub(lambda m: _unit(m, out), _PRICE_RE.sub(" ", text))
    text = _NEG_NUM_RE.sub(lambda m: _negative_number(m, out), text)
    out.text = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"[ \t]+", " ", text)).strip(" ,")
    return out


def _a_number(word: str) -> bool:
    """Digits or a number word ("6", "three"): what a pack count is written with."""
    return word.isdigit() or word.lower() in L.NUMBER_WORDS


def _end_pack(m: re.Match[str]) -> str:
    """ "6 pack" -> "pack of 6", "3-piece" -> "set of 3"; a word that is no number is left as it is."""
    if not _a_number(m.group(1)):
        return m.group(0)
    return f"{'pack' if m.group(2).lower() == 'pack' else 'set'} of {m.group(1)}"


def _n_pack(m: re.Match[str]) -> str:
    """ "Three-pack of socks" -> "pack of three socks"; a word that is no number is left as it is."""
    if not _a_number(m.group(1)):
        return m.group(0)
    return f"{m.group(3) or m.group(2)} of {m.group(1)} "


_GLUED_COUNT_RE = re.compile(r"(?<![\w.])(\d{1,2})([a-z]{3,})\b", re.IGNORECASE)  # "1girl", "2boys": booru tags


def _unglue_count(m: re.Match[str]) -> str:
    """ "1girl, solo" -> "1 girl": a count glued to a person or an animal (an anime tagging habit); other glued
    words stay as they are ("8bit", "3dcg")."""
    from agent.vocab import noun_kind

    kind = noun_kind(L.singular(m.group(2).lower()))
    return f"{m.group(1)} {m.group(2)}" if kind is not None and kind.kind in "pa" else m.group(0)


def _join_digits(m: re.Match[str], out: Syntax) -> str:
    """Three or more spaced digits, or two before an "s" ("8 0 s"), are one number; "2 3" stays two."""
    said = m.group(0)
    if said.rstrip("s'").count(" ") >= 2 or said.endswith("s"):
        out.spelled[said.replace(" ", "")] = said
        return said.replace(" ", "")
    return said


def _size_flags(text: str, out: Syntax, longest: int) -> str:
    """ "--w 1088 --h 1664": the picture's shape (the longer side keeps the requested size, as for --ar)."""
    sizes = {m.group(1).lower()[0]: int(m.group(2)) for m in _WH_RE.finditer(text)}
    if out.width is None and sizes.get("w") and sizes.get("h"):
        out.width, out.height = aspect_size(sizes["w"], sizes["h"], longest)
    return _WH_RE.sub(" ", text)


_NEG_NUM_RE = re.compile(r"(?<![\w-])-(\d+(?:\.\d+)?)(?=\s+[A-Za-z])")


def _negative_number(m: re.Match[str], out: Syntax) -> str:
    out.warnings.append(f"read the count -{m.group(1)} as {m.group(1)}")
    return m.group(1)


def _unit(m: re.Match[str], out: Syntax) -> str:
    unit = m.group(2).lower()
    if unit in _STYLE_UNITS:
        out.style.append(re.sub(r"(\d)\s+([a-z])", r"\1\2", m.group(0).strip().lower()))  # "4 k" -> "4k"
    return " "


def _flag_words(flag: str) -> str:
    """ "--uplight" -> "uplight"; version and quality numbers are not style ("--v 5", "--q 2")."""
    words = flag.lstrip("-").split()
    if words and words[0].lower() in ("v", "version", "q", "quality", "seed", "chaos", "c", "s", "stylize",
                                      "iw", "weird", "w", "tile", "repeat", "r", "stop", "niji"):
        return ""
    return " ".join(words).lower()


# Texts set off by double spaces where the quotes were lost ("with  knowledge is power  painted in gold"):
# read as quoted when a lettering word comes before or a writing verb after.
_SPACED_RE = re.compile(r"(\w+)\s{2,}([^\s\"'“”][^\"“”]{0,80}?\S)\s{2,}(\w+)?")
_CUE_BEFORE = frozenset({"text", "word", "words", "letters", "lettering", "saying", "says", "reads", "reading",
                         "titled", "caption", "slogan", "message", "phrase", "spelling"})
_CUE_AFTER = frozenset({"written", "painted", "spelled", "spelt", "carved", "printed", "engraved", "drawn", "etched",
                        "embroidered", "inscribed", "stitched", "sprayed", "formed", "made", "sprouting", "growing"})


def _spaced_quotes(prompt: str) -> str:
    def _quote(m: re.Match[str]) -> str:
        after = m.group(3) or ""
        if m.group(1).lower() in _CUE_BEFORE or after.lower() in _CUE_AFTER:
            return f'{m.group(1)} "{m.group(2)}" {after}'
        return m.group(0)

    return _SPACED_RE.sub(_quote, prompt) if "  " in prompt else prompt


_CSV_FIELD_RE = re.compile(r'(?:[^"]|"")*')


def _undouble(prompt: str) -> str:
    """A prompt pasted with a CSV cell's quoting: a quote around it and every quote inside doubled (a sign
    that says ""SALE"", three quotes around a quoted prompt). Undone by the CSV rule; what is left may itself
    be a quoted prompt. A doubled pair alone around it (two quotes each side) is read the same way."""
    p = prompt.strip()
    if len(p) < 4 or '""' not in p:
        return prompt
    if p[0] == p[-1] == '"' and '""' in p[1:-1] and _CSV_FIELD_RE.fullmatch(p[1:-1]):
        return p[1:-1].replace('""', '"')
    if p.startswith('""') and p.endswith('""') and _CSV_FIELD_RE.fullmatch(p):
        return p.replace('""', '"')
    return prompt


def _unwrap(prompt: str) -> str:
    """A prompt wholly inside quotes is a prompt, not a text to write (CSV quoting undone first)."""
    prompt = _undouble(prompt)
    p = prompt.strip()
    pairs = (('"', '"'), ("“", "”"), ("'", "'"))
    for a, b in pairs:
        if len(p) > 2 and p.startswith(a) and p.endswith(b) and p.count(a) <= (2 if a == b else 1) \
                and len(p.split()) > 4:
            return p[1:-1]
    return prompt


def aspect_size(w: int, h: int, longest: int) -> tuple[int, int]:
    """(width, height) with the ratio w:h and the longer side ``longest``, both multiples of 8."""
    if w >= h:
        return longest, max(8, round(longest * h / w / 8) * 8)
    return max(8, round(longest * w / h / 8) * 8), longest


def foreign_language(prompt: str) -> str | None:
    """A one-line warning when the prompt is not English (the offline planner reads English), else None."""
    letters = [c for c in prompt if c.isalpha()]
    if letters and sum(1 for c in letters if _NON_LATIN_RE.match(c)) > 0.3 * len(letters):
        return _LANG_WARNING
    words = re.findall(r"[^\W\d_]+", prompt.lower())
    foreign = sum(1 for w in words if w in _FOREIGN)
    english = sum(1 for w in words if w in _ENGLISH)
    if foreign >= 2 and foreign > english:
        return _LANG_WARNING
    return None


_LANG_WARNING = ("this prompt does not look English: the offline planner reads English only; "
                 "use --planner llm for other languages")
