"""Level ground a thing stands on or beside, drawn: "a car on the road", "birds on the ground", "people
walking down a sidewalk", "the asphalt next to them".

Rooms and landscapes stay the Scene's background. A level ground (a road, grass, water, sand, a floor, a
stage) that the prompt puts a drawn thing on or beside is where that thing is: it becomes an object, a
strip along the bottom that the thing rests on, so the plan shows the ground and the relation (a
relation with one end only in the background shows nothing about where the thing is). Relief (a hill,
a cliff, a mountain) and enclosing settings ("in the water", "in a forest") stay the background: a thing
"in" them is not on a strip. Two settings related to each other are :mod:`link_settings`' job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.link_ends import POINTERS, VIEWERS
from agent.planners.link_settings import setting_entity, take_mentions
from agent.planners.read_nouns import noun_name
from agent.planners.read_roles import GROUND

if TYPE_CHECKING:
    from agent.planners.link_ends import Ends

# Ground with relief or far away is no strip one stands on: it stays the backdrop.
_RELIEF = frozenset({"hill", "hillside", "mountain", "cliff", "rock", "rocks", "moon", "slope", "waves"})
LEVEL = (GROUND - _RELIEF) | {"land", "stage", "asphalt", "surface", "platform"}
# Relations that put a ground beside a thing ("on" is the thing's: "a road on which there are stones").
_BESIDE = frozenset({"next to", "near", "behind", "in front of"})
_OVER = frozenset({"down", "along", "across"})  # "walking down a sidewalk" (not "flying over the ocean")


def ground_things(ends: Ends, rels: list[tuple[int, str, int | None, Token | None]], places: list[int]) -> None:
    """Make objects of the level grounds a drawn thing is related to (see the module doc).

    Args:
        ends: the linker (its ``out``, ``entity_of``, ``background`` and ``backgrounds`` are updated).
        rels: for each relation phrase, (its first token, its value, its object entity, its object token).
        places: the first tokens of the place phrases ("At the bottom there is sand": the place reader draws
            the sand there, with the words listed with it).
    """
    made: dict[str, int] = {}
    for start, value, obj, obj_tok in rels:
        if value not in _BESIDE or obj_tok is None:
            continue
        ground = _ground_end(ends, start, obj, obj_tok)
        if ground is not None and noun_name(ground) not in made:
            made[noun_name(ground)] = setting_entity(ends, ground)
    for t in ends.doc:  # "people walking down a city sidewalk": who moves over it stands on it
        if _moved_over(t) and _level(ends, t) and noun_name(t) not in made \
                and ends.governor(t.head if t.dep_ == "pobj" else t) is not None:
            made[noun_name(t)] = setting_entity(ends, t)
    for t in ends.doc:  # "There is grass. We can see water.": a ground named as seen is a region drawn
        if _level(ends, t) and noun_name(t) not in made and _seen(t) \
                and not any(t.sent.start <= p < t.i for p in places):
            made[noun_name(t)] = setting_entity(ends, t)
    take_mentions(ends, made)


def _seen(t: Token) -> bool:
    """Whether ``t`` (or the list it is in) is what "there is" or the viewer's "we can see" names."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    verb = t.head
    if t.dep_ == "attr" and verb.lemma_ in ("be", "") and verb.lower_ in ("is", "are"):
        return any(c.dep_ == "expl" for c in verb.children)
    return t.dep_ == "dobj" and any(c.dep_ == "nsubj" and c.lower_ in VIEWERS for c in verb.children)


def _moved_over(t: Token) -> bool:
    """ "down a sidewalk", "walking along the road" (the tagger may make the preposition a particle and the
    ground the verb's object)."""
    if t.dep_ == "pobj":
        return t.head.lower_ in _OVER
    return t.dep_ == "dobj" and any(c.lower_ in _OVER and c.tag_ == "RP" for c in t.head.children)


def _level(ends: Ends, t: Token) -> bool:
    return t.i in ends.background and noun_name(t) in LEVEL


def _ground_end(ends: Ends, start: int, obj: int | None, obj_tok: Token) -> Token | None:
    """The level ground a relation puts beside a drawn thing, when the ground is its subject ("the asphalt
    next to them", "grass in front of the house"). A thing on a ground ("two cars on the road") keeps the
    ground as the background: the backdrop draws it under the thing already."""
    subj_tok = ends.setting_subject(ends.doc[start])
    if subj_tok is None or not _level(ends, subj_tok):
        return None
    if obj is None and obj_tok.pos_ == "PRON" and obj_tok.lower_ in POINTERS and obj_tok.tag_ != "WDT":
        obj = ends.refers(obj_tok, start)
    return subj_tok if obj is not None else None
