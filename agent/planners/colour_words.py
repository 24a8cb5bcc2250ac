"""Which words name a colour, and the colour phrase a colour word makes with its shade and its conjuncts.

Kept apart from :mod:`agent.planners.read_nouns` (which colour a noun's own modifiers give it): these
answers look at one colour word only, so other readers (links, "X is red" clauses) share them.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.vocab import lexicon as L

# Shade words that name a colour alone ("a dark tie", "pale skin", "the sky is dark"); the other shades
# ("light", "deep", "bright") do only when said "in color" ("the sauce is light in color"): alone they say
# weight, depth or glow as often as colour.
TONES = frozenset({"dark", "pale"})


def is_colour(t: Token) -> bool:
    """Whether word ``t`` names a colour: a colour word, a tone said alone, or a shade said "in color"."""
    low = t.text.lower()
    if low in L.COLOR_WORDS or low in TONES:
        return True
    said_on = [*t.children, *(t.head.children if t.dep_ == "acomp" else ())]  # "is light in color": on "is"
    return low in L.COLOR_MODIFIERS and any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ in ("color", "colour") for g in c.children)
        for c in said_on)


def colour_phrase(c: Token, join: bool = True) -> str:
    """A colour word with its shade ("light") and the colours joined to it ("black and white")."""
    words = [plain_colour(c.text)]
    shade = [m.text.lower() for m in c.doc[max(0, c.i - 1):c.i] if m.text.lower() in L.COLOR_MODIFIERS]
    if not shade:
        shade = [m.text.lower() for m in c.children if m.i < c.i and (m.text.lower() in L.COLOR_MODIFIERS
                                                                      or m.dep_ == "advmod" and m.is_alpha)]
    if shade:
        words[0] = f"{shade[0]} {words[0]}"
    joined = [plain_colour(x.text) for x in c.conjuncts
              if x.text.lower() in L.COLOR_WORDS and x.i > c.i] if join else []
    listed = [m for m in c.children if m.i < c.i and m.dep_ in ("amod", "compound", "nmod")
              and m.text.lower() in L.COLOR_WORDS and m.text.lower() not in L.COLOR_MODIFIERS] if join else []
    if listed and joined:  # "his shirt is black white and blue": a list the tagger hung on its second colour
        words = [plain_colour(m.text) for m in listed] + words
    if joined:
        return ", ".join(words + joined[:-1]) + " and " + joined[-1]
    return words[0]


def plain_colour(word: str) -> str:
    low = word.lower()
    return "gray" if low == "grey" else low
