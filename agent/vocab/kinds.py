"""What kind of thing a noun names: a drawable object, a person, a setting, a measure, an art form...

Why a table: the planner must tell "a horse" from "highly detailed", "90 degrees" or "watercolor painting"
for nouns nobody listed by hand. WordNet knows, but loads in ~5 s; ``scripts/build_lexicon.py`` keeps one
line per noun (kind by weighted majority of its first senses, and its best physical sense) and this
module reads that table once, lazily, in ~50 ms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "nouns.tsv"

PHYSICAL = frozenset("oplafbcrusk")  # object person plant animal food body clothing art substance container
NAMES = {
    "o": "object", "p": "person", "a": "animal", "l": "plant", "f": "food", "b": "body part", "c": "clothing",
    "s": "setting", "r": "art", "u": "substance", "h": "phenomenon", "m": "measure", "q": "quality",
    "t": "time", "g": "group", "x": "communication", "z": "abstraction", "e": "shape", "k": "container", "-": "",
}


@dataclass(frozen=True)
class NounKind:
    """``kind``: the noun's usual kind; ``alt``: its best physical kind ("-" if none) — one letter each."""

    kind: str
    alt: str = "-"

    @property
    def drawable(self) -> bool:
        """A thing one can draw: physical in its usual sense, or a mostly-symbolic noun with a made-thing sense
        ("sign", "poster", "table"). Qualities, times and abstractions with a rare physical sense stay
        abstract ("design", "lighting", "degree"); a rare person sense does not count ("letter")."""
        if self.kind in PHYSICAL and self.kind not in "rs" or self.kind == "e":  # shapes: "three squares"
            return True
        return self.kind in "xgme" and self.alt in "ofcukl" and self.alt != "-"  # "branch": a group, a bough

    @property
    def art(self) -> bool:
        """An art form or picture ("watercolor", "portrait", "painting"): a style in "a painting of X"."""
        return self.kind == "r" or self.alt == "r" and self.kind in "zx"

    @property
    def setting(self) -> bool:
        return self.kind == "s"

    def __str__(self) -> str:
        return NAMES.get(self.kind, self.kind)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    with TABLE.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            lemma, _, rest = line.rstrip("\n").partition("\t")
            out[lemma] = rest.replace("\t", "")
    return out


def _plain(word: str) -> str:
    """ "ingénue" -> "ingenue": accents folded away, as WordNet's lemmas are written."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def noun_kind(noun: str) -> NounKind | None:
    """The kind of ``noun`` (lower-case singular lemma, words separated by spaces or hyphens), or None if
    WordNet does not know it."""
    code = _table().get(noun) or _table().get(noun.replace("-", " ")) or _table().get(noun.replace("-", ""))
    if not code and not noun.isascii():  # "ingénue", "piñata", "crème brûlée": WordNet spells them plain
        code = _table().get(_plain(noun))
    if not code:
        return None
    return NounKind(code[0], code[1] if len(code) > 1 else "-")


def known(noun: str) -> bool:
    return noun_kind(noun) is not None
