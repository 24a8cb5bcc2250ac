"""Names WordNet knows only as people, first an artist ("monet", "van gogh", "hokusai").

Why a table: tag-style prompts end with whose style to paint in ("..., monet, warm light"), lower case and
with no "by"; the tagger calls such a name a common noun and WordNet a person, so the planner drew a
person called Monet. Built by ``scripts/build_lexicon.py`` (every noun sense an instance, the first a kind
of artist.n.01); this module only reads it, lazily.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from agent.vocab.word_lists import read_word_list

TABLE = Path(__file__).parent / "data" / "artists.txt"


@lru_cache(maxsize=1)
def _artists() -> frozenset[str]:
    return read_word_list(TABLE)


def is_artist_name(name: str) -> bool:
    """Whether ``name`` (lower case, words separated by spaces) is an artist's name in WordNet."""
    return name in _artists()
