"""Shapes and designs said of a thing: "a cube with ten squares of purple", "the tail has a yellow design on it",
"a dress with a floral pattern", "a zebra with black stripes".

Why: a shape (WordNet noun.shape) or a design word (an abstraction with a made-thing sense: "design",
"pattern") that a thing has is how that thing looks, not a second thing to place beside it. The reader puts
it, with its number and colour, in the owner's description (:func:`agent.planners.read_parts.place_patterns`);
shapes said alone ("a green triangle above a circle") or put somewhere ("a table with a cube on it") stay
things; a design word keeps its place in the description ("a ribbon with a red pattern on it").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.planners.parsed import Entity
from agent.planners.read_anchors import owner_token
from agent.planners.read_nouns import colour_of, lookup, said_number, singular_of
from agent.planners.thing_context import SPATIAL_PREPS
from agent.vocab import NounKind
from agent.vocab import lexicon as L

_NONE = NounKind("z")


# Marks on a surface ("a zebra with black stripes", "the giraffe has brown spots"): WordNet files them as
# objects, places or qualities, yet what a thing has of them is its coat, not things beside it.
MARKINGS = frozenset({"stripe", "spot", "dot", "polka dot", "speckle", "fleck", "blotch", "splotch", "marking",
                      "streak"})


def look_kind(kind: NounKind, t: Token | None = None) -> bool:
    """A shape, a design word (an abstraction whose physical sense is a made thing), or a marking."""
    return kind.kind == "e" or kind.kind == "z" and kind.alt == "o" or t is not None and _marking(t)


def _marking(t: Token) -> bool:
    return L.singular(t.lower_.replace("_", " ")) in MARKINGS


def pattern(t: Token, kind: NounKind) -> bool:
    """Whether noun ``t`` is a shape or design said of a thing by "with" or "have" (its owner, from
    :func:`agent.planners.read_anchors.owner_token`): "a mug with hearts", "the kite has a pattern", and each
    shape of a list ("a tile with circles and squares": the list's first word carries the arc)."""
    if not look_kind(kind, t) or shape_put_somewhere(t, kind) or counted_made_things(t, kind):
        return False  # "a table with a cube on it": a shape put somewhere is a thing standing there
    while t.dep_ == "conj":
        t = t.head
    owner = owner_token(t)
    return owner is not None and t.dep_ in ("pobj", "dobj") and (owner.lower_ in ("it", "they") or owner.pos_ in (
        "NOUN", "PROPN") and (lookup(owner.text.lower()) or _NONE).kind != "z")  # "it has spots": the thing's


def shape_put_somewhere(t: Token, kind: NounKind) -> bool:
    """A shape with a place of its own ("a table with a cube on it", "a yard with a pyramid beside the gate")
    stands there: a thing, not the owner's pattern (a design word on it stays one: "a red pattern on it")."""
    return (kind.kind == "e" or _marking(t)) and any(c.dep_ == "prep" and c.lower_ in SPATIAL_PREPS
                                                     for c in t.children)


def counted_made_things(t: Token, kind: NounKind) -> bool:
    """A design word with a made-thing sense that a number counts ("a cake with five tiers"): a count gives each
    one a place of its own, so they are things, not the owner's look (uncounted, "a floral pattern", it is one).
    Counted shapes stay a pattern ("a cube with ten squares"): a shape is a look in its own right, and so is
    what is printed on clothing ("a shirt with two designs": a garment's surface, not a stand)."""
    if kind.kind != "z" or not any(c.dep_ == "nummod" and c.like_num for c in t.children):
        return False
    owner = owner_token(t)
    return owner is None or (lookup(L.singular(owner.lower_)) or _NONE).kind != "c"


def shape_colour(t: Token) -> bool:
    """ "six circles of orange", "stripes in gold": the colour word ``t`` is a shape's, not a fruit or a metal."""
    if t.dep_ != "pobj" or t.head.lower_ not in ("of", "in"):
        return False
    return look_kind(lookup(L.singular(t.head.head.text.lower())) or _NONE)


# Verbs of arranging things: "in a grid" after them is how the things stand, not a thing they stand in.
_ARRANGING = frozenset({"arranged", "laid", "lined", "organized", "organised", "ordered", "aligned", "grouped",
                        "stacked", "piled", "spaced", "sorted", "set", "placed", "positioned", "formed"})


def drawn_part(t: Token, kind: NounKind) -> bool:
    """ "three red hearts", "a golden heart": an abstraction whose physical sense is a body part, said with a
    colour or a number and with no one in the prompt to own it, is the shape drawn (a valentine heart), not an
    organ left out of the picture."""
    coloured = colour_of(t) or any(w.lower_ in L.COLOR_WORDS for w in t.subtree if w.i < t.i)  # "Red glossy"
    if kind.alt != "b" or kind.kind not in "zq" or not (coloured or said_number(t)):
        return False
    owners = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return not any(c.dep_ == "poss" for c in t.children) and not any(  # "her heart", "the heart of a lion"
        (lookup(singular_of(w)) or _NONE).kind in "pa" for w in owners)


def arranged_in(t: Token, kind: NounKind | None) -> bool:
    """ "rocks laid out in a perfect grid", "chairs arranged in a circle": the arrangement of the things before
    it, not a thing of its own (a container or a place they are put in stays one: "arranged in a vase")."""
    if t.dep_ != "pobj" or t.head.lower_ != "in" or kind is None or kind.kind in "ksplfab" or kind.setting:
        return False
    verb = t.head.head
    return verb.lower_ in _ARRANGING and verb.tag_ in ("VBN", "VBD")


_SHAPE_WORDS = frozenset({"shape", "form", "outline", "silhouette"})


def shaped_like(doc: Doc, entity_of: dict[int, int], entities: list[Entity]) -> None:
    """ "a wooden sign in the shape of a pineapple": the shape goes into the thing's description (its
    ``of_phrase``), so the renderer draws one pineapple-shaped sign, not a sign and a pineapple."""
    for t in doc:
        if t.lower_ not in _SHAPE_WORDS or t.dep_ != "pobj" or t.head.lower_ not in ("in", "into"):
            continue
        owner = t.head.head
        while owner.i not in entity_of and owner.dep_ in ("acl", "amod", "advcl") and owner.head.i != owner.i:
            owner = owner.head  # "a cake made in the shape of a castle": the cake
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if owner.i not in entity_of or of is None or not any(g.dep_ == "pobj" for g in of.children):
            continue
        ent = entities[entity_of[owner.i]]
        if not ent.of_phrase:
            end = max(x.i for x in of.subtree) + 1
            ent.of_phrase = doc[t.head.i:end].text.lower().replace("_", " ")
