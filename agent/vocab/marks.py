"""Nouns that name a graphic mark: an icon, a sign, a symbol, a logo, a tag.

Why a table: stock captions chain these words as keywords ("Doctor icon sign symbol"), and only WordNet's
hypernyms tell them from documents and things a mark shows ("mail", "book", "crown"). The table is built once
by ``scripts/build_marks.py``; this module only reads it, lazily.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from agent.vocab.word_lists import read_word_list

TABLE = Path(__file__).parent / "data" / "marks.txt"


@lru_cache(maxsize=1)
def _marks() -> frozenset[str]:
    return read_word_list(TABLE)


def is_mark_noun(lemma: str) -> bool:
    """Whether ``lemma`` (singular, lower case) names a graphic mark ("icon", "sign"; not "mail", "book")."""
    return lemma in _marks()
