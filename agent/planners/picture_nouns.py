"""Nouns that name the picture itself, not a thing in it: a picture word styled and put nowhere ("a 1950s
style movie poster", "anime style drawing of a fox") and a catalogue sheet ("Set with three cocktails",
"..., vector set").

Why apart: both look like things to the noun table (a poster is drawable, a set is a group with an object
sense), and only their modifiers and arcs say that the prompt describes the picture with them.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.read_nouns import determiner, lookup, place_prep
from agent.vocab import NounKind
from agent.vocab import lexicon as L

_NONE = NounKind("z")


def styled_picture(t: Token) -> bool:
    """A picture word with "style" before it and put nowhere ("retro style poster of a rocket", not "a retro
    style poster on the wall")."""
    if place_prep(t) is not None or any(c.dep_ == "prep" and c.lower_ not in _PICTURE_PREPS for c in t.children):
        return False
    return any(w.lower_ == "style" and w.dep_ in ("compound", "nmod", "amod") for c in t.lefts for w in c.subtree)


SHEETS = frozenset({"set", "collection", "pack", "bundle", "kit"})


def sheet(t: Token) -> bool:
    """ "Set with three cocktails", "vector set": a set that counts nothing ("set of six" counts), names no
    kind of thing ("a tea set" is one) and stands nowhere is the sheet the things are shown on."""
    if determiner(t) is not None or place_prep(t) is not None:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False
    return all((lookup(c.text.lower()) or _NONE).art or sheet_thing(c) or c.lower_ in L.COLOR_WORDS for c in t.lefts
               if c.dep_ in ("compound", "nmod"))  # "Green retro trucks collection": the trucks' colour


def sheet_thing(c: Token) -> bool:
    """ "Pink cute owls collection", "retro cars set": a plural thing compounded on a sheet word is what the
    sheet holds (an English compound modifier is singular: "a tea set" is one thing), so it heads its own
    phrase and the sheet is the picture."""
    h = c.head
    if c.dep_ != "compound" or c.tag_ not in ("NNS", "NNPS") or h.i <= c.i or h.lower_ not in SHEETS:
        return False
    if any(x.dep_ == "prep" and x.lower_ == "of" for x in h.children):
        return False  # "flowers collection of six roses": the set counts the roses
    return (lookup(L.singular(c.lower_)) or _NONE).drawable and L.singular(c.lower_) != c.lower_


def counting_sheet(t: Token) -> str | None:
    """ "A cartoon vector illustration set of four bees", "Brandname pack of six eggs": a sheet that counts the
    things and stands nowhere names the picture they are shown in; its words (not its article) are the
    style. None for a set put somewhere ("a set of six cups on a shelf" is read as the cups)."""
    if t.lower_ not in SHEETS or place_prep(t) is not None or t.dep_ not in ("ROOT", "appos", "nsubj"):
        return None
    things = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if not things or not any(c.dep_ == "nummod" for c in things[0].children):
        return None
    if any(c.dep_ == "prep" and c.lower_ != "of" for x in (t, things[0]) for c in x.children):
        return None  # the things stand somewhere: a scene, not a sheet
    words = [w.text for c in t.lefts if c.dep_ in ("compound", "nmod", "amod") for w in c.subtree if not w.is_punct]
    return " ".join([*words, t.text]).lower().replace("_", " ")


_PICTURE_PREPS = frozenset({"of", "with", "showing", "depicting", "featuring", "from", "by", "for"})
