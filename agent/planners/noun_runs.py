"""Where a run of nouns with no commas holds two phrases: "steampunk owl mechanical gears brass copper".

Why: tag-style prompts drop commas, and the small parser then hangs every noun of the run on its last one
as a compound ("owl" a modifier of "gears"), so the subject vanished into a description. English puts
adjectives before noun modifiers ("old stone bridge", never "stone old bridge"), so a thing noun followed by
an adjective cannot be a compound inside one noun phrase: a new phrase starts after it.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

_THINGS = frozenset("oplafck")
_NONE = NounKind("-")


def cut_off_compound(t: Token) -> bool:
    """``t`` is tagged a compound of a later noun, but an adjective comes right after it (not a colour: "brick
    red", "sky blue" name one colour), and ``t`` names a thing: it heads its own phrase."""
    h = t.head
    if t.dep_ not in ("compound", "nmod", "amod") or t.pos_ not in ("NOUN", "PROPN") or not h.i > t.i + 1 \
            or not t.is_alpha:
        return False
    nxt = t.doc[t.i + 1]
    if nxt.pos_ != "ADJ" or nxt.dep_ != "amod" or nxt.head.i <= nxt.i or not nxt.is_alpha \
            or nxt.lower_ in L.COLOR_WORDS or not t.whitespace_:
        return False
    return (noun_kind(L.singular(t.lower_)) or _NONE).kind in _THINGS


def phrase_start(t: Token) -> int:
    """The index of the first word of noun ``t``'s own phrase: after the last cut-off compound on its left
    ("pirate captain weathered coat": "weathered coat"), else its left edge."""
    cut = max((w.i for w in t.doc[t.left_edge.i:t.i] if w.head.i != w.i and cut_off_compound(w)), default=-1)
    return cut + 1 if cut >= 0 else t.left_edge.i

