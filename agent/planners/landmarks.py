"""Things that look like places or art words but are things: a named landmark ("the Statue of Liberty",
"Tower of London") and a building put in a place ("a cozy cabin in the woods", "a library in a living room").

Why apart from the role rules: WordNet files "statue" under art and "cabin", "library", "crown" under places
(a first sense), so the plain kind would make a style or a background of them; the phrase around them says
they stand in the picture.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners import tokens as T
from agent.planners.read_nouns import ART_WORDS, Noun, lookup, place_prep
from agent.vocab import lexicon as L

# Works of art in three dimensions: "a marble sculpture of an angel" is a thing standing in the picture (the
# angel is what it shows), where "a painting of an angel" is the picture itself.
SCULPTURES = frozenset({"sculpture", "statue", "statuette", "carving", "bust", "effigy"})


def named_thing(t: Token) -> Token | None:
    """The name in "<Thing> of <Name>", both capitalised ("Statue of Liberty", "Tower of London"), when the
    thing is no picture word ("Portrait of Lincoln" is a portrait of a person), or what a sculpture shows
    ("a bronze statue of a horse"); else None."""
    low = t.text.lower()
    if L.singular(low) in SCULPTURES and t.pos_ == "NOUN":
        return next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), None)
    if not t.text[:1].isupper() or t.pos_ not in ("NOUN", "PROPN"):
        return None
    if low in L.STYLE_PHRASES or low in L.FRAME_NOUNS or low in ART_WORDS:
        return None
    for c in t.children:
        if c.dep_ == "prep" and c.text.lower() == "of":
            name = next((g for g in c.children if g.dep_ == "pobj"), None)
            kind = lookup(L.singular(name.text.lower())) if name is not None else None
            if name is not None and name.pos_ == "PROPN" and name.text[:1].isupper() \
                    and not (kind is not None and kind.kind in "oplafcku"):  # "A Bowl Of Cherries": title case
                return name
    return None


def placed_building(n: Noun) -> bool:
    """A place noun with a made-thing sense (cabin, library, crown) that is itself put in, at or on a place
    ("in the woods", "on a hill"): it stands in that place rather than being it."""
    t = n.tok
    if n.kind is None or not n.kind.setting or n.kind.alt != "o" or place_prep(t) is not None \
            or n.name in T.LANDSCAPES:
        return False
    for c in t.children:
        if c.dep_ != "prep" or c.text.lower() not in ("in", "at", "on", "inside", "among", "amid"):
            continue
        for g in c.children:
            place = L.singular(g.text.lower().replace("_", " "))
            kind = lookup(place) if g.dep_ == "pobj" else None
            if kind is not None and kind.setting or g.dep_ == "pobj" and (place in T.LANDSCAPES
                                                                          or place in L.SETTING_NOUNS):
                return True
    return False


def named_landmark(t: Token) -> bool:
    """ "ducks in front of The Louvre", "a selfie next to Big Ben": a capitalised name that a spatial phrase
    puts something beside is a landmark standing there, whatever WordNet files the word under (a battle)."""
    if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.dep_ != "pobj":
        return False
    kind = lookup(L.singular(t.text.lower()))
    if kind is not None and kind.kind in "psoplafck":
        return False  # a person, a place, or a thing the kind rules already draw
    prep = t.head
    return prep.lower_ in ("of", "to", "behind", "beside", "near", "by") and prep.i > 0 \
        and prep.head.lower_ in ("front", "next", "top", "right", "left") or prep.lower_ in ("behind", "beside", "near")
