"""How a stock caption ends: "... sitting on a branch vector illustration", "... in the office stock photo",
"... at the beach royalty free stock image". The picture's medium is written after the last thing with no
comma, so the tagger makes that thing a compound of the medium word ("branch" of "illustration") and the
thing, or the place, is lost. Set off by a comma, the medium is a style tag like any other.

Why by words and not by the parse: the parse is what goes wrong here. A run of medium words (a picture word
last, singular: pictures counted or plural are things, "four owl illustrations") after a noun the WordNet
table knows is cut off, unless a number counts it ("nine round vector"). A single picture word is cut only
after a place phrase ("at home photo"): "a cat photo" is read by :mod:`agent.planners.read_depicted`, which
keeps the cat's number and colour.
"""

from __future__ import annotations

import re

from agent.planners.read_depicted import PICTURES
from agent.planners.read_nouns import ART_WORDS
from agent.planners.style_words import SEP_RE, is_style_word
from agent.vocab import lexicon as L
from agent.vocab import noun_kind

# Words of stock and catalogue media that WordNet files as abstractions ("stock", "royalty", "vector").
_MEDIUM_WORDS = frozenset({"stock", "royalty", "free", "royalty-free", "vector", "clipart", "clip", "art", "digital",
                           "flat", "hand-drawn", "editorial", "isolated"})
_PLACE_PREPS = frozenset({"in", "at", "on", "under", "over", "near", "by", "inside", "outside", "during", "against"})
_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "this", "that", "these", "those", "my", "his", "her", "its",
                             "our", "your", "their", "and", "or", "with", "to", "for"})
_WORD_RE = re.compile(r"\S+")


def cut_medium_tails(body: str) -> str:
    """``body`` with a comma before each tag's trailing medium run: "owls on a branch vector illustration" ->
    "owls on a branch, vector illustration"."""
    parts = SEP_RE.split(body)
    for k in range(0, len(parts), 2):
        parts[k] = _cut(parts[k])
    return "".join(parts)


def _cut(tag: str) -> str:
    words = list(_WORD_RE.finditer(tag))
    low = [m.group(0).lower().strip(".!") for m in words]
    if len(low) < 3 or low[-1] not in PICTURES and low[-1] not in ART_WORDS:
        return tag
    start = len(low) - 1
    while start > 1 and (low[start - 1] in _MEDIUM_WORDS or is_style_word(low[start - 1])
                         or low[start - 1] in ART_WORDS):
        start -= 1
    before = noun_kind(L.singular(low[start - 1])) if low[start - 1] not in _FUNCTION_WORDS else None
    if before is None or is_style_word(low[start - 1]) or low[start - 1] in _MEDIUM_WORDS:
        return tag  # "a realistic photo", "stock vector": no thing before the medium
    if start == len(low) - 1 and not _PLACE_PREPS.intersection(low[:start - 1]):
        return tag  # "a cat photo": the cat is what the photo shows (read_depicted)
    if any(w.isdigit() or w in L.NUMBER_WORDS and w not in ("a", "an") for w in low[max(0, start - 3):start]):
        return tag  # "on nine round vector": counted pictures are things
    cut = words[start].start()
    return tag[:cut].rstrip() + ", " + tag[cut:]
