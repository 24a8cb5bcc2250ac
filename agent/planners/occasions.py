"""What a preposition phrase of a caption says a noun is for: the occasion the scene happens at ("at an
outdoor party", "during the wedding") or the purpose of the picture ("a poster for my kid's room").

Why apart from the role rules: both are read from the preposition and the noun it hangs on, not from the
noun's own kind alone; a party is a group to WordNet and a kid's room a place, yet neither is drawn here.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.read_nouns import lookup, place_prep, singular_of
from agent.vocab import NounKind


def during(t: Token) -> bool:
    """ "fighting for the ball during the match": what happens "during" something is a time, whatever else the
    noun can name (a match is also a stick): the occasion, never a thing in the scene."""
    return place_prep(t) == "during" and t.dep_ == "pobj"


def occasion(t: Token, kind: NounKind) -> bool:
    """ "at an outdoor party", "during the wedding": a gathering or event with no physical sense, said as where
    the scene happens, is its setting ("at the level of his knee" is a place on someone, not an occasion)."""
    return place_prep(t) in ("at", "during") and kind.kind in "gzx" and kind.alt == "-" \
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)


def posed_for(t: Token, kind: NounKind | None) -> bool:
    """ "eight members of the band posing for a photo": the picture one poses or smiles for is this picture."""
    return kind is not None and kind.art and t.dep_ == "pobj" and t.head.lower_ == "for" \
        and t.head.head.pos_ == "VERB"


def group_of_people(t: Token, kind: NounKind | None) -> bool:
    """ "three members of the band", "two players of the team": the group people belong to is no thing beside
    them (a band is also a ring of rubber; the person before "of" says which sense)."""
    if kind is None or kind.kind != "g" or t.dep_ != "pobj" or t.head.lower_ != "of":
        return False
    owner = lookup(singular_of(t.head.head)) if t.head.head.pos_ == "NOUN" else None
    return owner is not None and owner.kind == "p"


def purpose(t: Token) -> bool:
    """ "a picture for my kid's bedroom wall": what the picture is for is not in it ("waits for the ball":
    what one waits for is; "the first title for eight players": a title is nothing to draw, so the players
    are what the caption shows)."""
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.text.lower() == "for":
            owner = t.head.head
            what = lookup(singular_of(owner)) if owner.pos_ == "NOUN" else None
            return owner.pos_ in ("NOUN", "PROPN") and (what is None or what.drawable or what.art)
        if t.dep_ not in ("poss", "compound", "conj", "amod") or t.head.i == t.i:
            return False
        t = t.head
    return False
