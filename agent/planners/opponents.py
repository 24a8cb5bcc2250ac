"""The two sides of "vs": "knights vs dragons", "the police vs the mafia", "dragon vs phoenix".

Why: a "vs" tag names who faces whom, so both sides are what the picture shows. Read alone, a side may look
like a style tag (no drawable noun: "police vs the mafia"), a group with no physical sense, or a place
("phoenix" is a city first in WordNet); facing the other side, it is a thing (people, a creature).
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Token

from agent.planners.read_nouns import Noun
from agent.vocab.kinds import PHYSICAL

OPPONENT_WORDS = frozenset({"vs", "versus"})


def side_of_vs(t: Token) -> bool:
    """Whether noun ``t`` is one side of a "vs" ("police vs ...", "... vs the mafia")."""
    preps = [t.head] if t.dep_ == "pobj" else [c for c in t.children if c.dep_ == "prep"]
    return any(p.lower_ in OPPONENT_WORDS for p in preps)


class _Reader(Protocol):  # the part of parse._Reader this rule reads and writes
    nouns: list[Noun]
    background_toks: dict[int, int]
    backgrounds: list[str]

    def _object(self, n: Noun) -> None: ...


def draw_opponents(reader: _Reader) -> None:
    """A side of "vs" that went to the backdrop but has a physical sense is drawn ("dragon vs phoenix")."""
    for n in reader.nouns:
        if n.role != "background" or n.kind is None or n.kind.alt not in PHYSICAL or not side_of_vs(n.tok):
            continue
        slot = reader.background_toks.pop(n.tok.i, None)
        if slot is not None:
            reader.backgrounds[slot] = ""
        n.role = "object"
        reader._object(n)
