"""Body parts a pose says only as the place of another part, and regions of a part.

Why: in "his hand at knee level", "the arm held level with the shoulder", "the leg bent at the knee",
"the left arm crossed over the body" the knee, shoulder and body are where the posed part is, not parts
the sentence poses; drawing each as a thing of its own puts a loose knee beside the figure. Such a part
is said of its owner (the figure's description names it, so "the person's knee" is still shown), but it is
not a separate thing. A part the sentence poses or touches ("the hand touches the knee", "the left leg
rests on the right knee") is still drawn: only heights, the joint a limb bends at and the whole body are
landmarks. "The crook of the elbow", "the back of the head", "the ball of the foot": the first noun is a
region of the part, so the part is what is drawn and the region goes into the description with it.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.read_nouns import lookup, singular_of
from agent.planners.tokens import verb_forms

# Verbs a limb bends, folds or turns with, at a joint: "bent at the elbow", "bending at the waist".
_BENDS = frozenset({"bent", *(f for v in ("bend", "flex", "fold", "hinge", "bow", "kink", "crook", "pivot")
                                for f in verb_forms(v))})
# Words that put one thing at the height or line of another: "level with the hip", "parallel to the floor".
_ALIGNED = frozenset({"level", "even", "flush", "parallel", "aligned", "square"})
# Nouns that name the whole body of the one posing, or its back, against which the limbs are placed.
WHOLE_BODY = frozenset({"body", "back"})
# Kinds a region noun of a part is never: a garment, food or picture of the part ("the glove of the left
# hand"), or a measure ("the level of the knee": a height, see landmark).
_NOT_REGION = frozenset("cfrqm")


def body_word(t: Token) -> bool:
    """Whether noun ``t`` names a body part (WordNet's kind "b": "arm", "knee", "back")."""
    kind = lookup(singular_of(t))
    return kind is not None and kind.kind == "b"


def _measure(t: Token) -> bool:
    """A quality noun of size or height ("level", "height", "length"): WordNet's kind "q"."""
    kind = lookup(singular_of(t))
    return t.pos_ == "NOUN" and kind is not None and kind.kind == "q"


def _height(t: Token) -> bool:
    """A measure said as a place ("above knee level", "at the level of", "shoulder length apart"), not a
    measure the sentence is about ("the weight of the body shifts")."""
    return _measure(t) and t.dep_ == "pobj"


def landmark(t: Token) -> bool:
    """Whether body part ``t`` is said only as where another part is: a height ("at knee level", "shoulder
    length apart", "level with their shoulder", "at the level of the knee"), the joint a limb bends at
    ("bent at the elbow"), or the whole body or its back after a preposition ("crossed over the body", "in front
    of the body", "hands behind the back"); not "the weight of the body", which is about the body itself."""
    if t.dep_ == "compound" and _height(t.head):
        return True
    if t.dep_ != "pobj":
        return False
    prep = t.head
    if _height(prep.head) or prep.lower_ in ("with", "to") and prep.i > 0 and t.doc[prep.i - 1].lower_ in _ALIGNED:
        return True  # "at the level of the knee"; "level with their knee" (the parser may hang "with" on the verb)
    if prep.lower_ == "at" and prep.head.lower_ in _BENDS:
        return True
    if singular_of(t) in WHOLE_BODY:
        owner = prep.head
        return owner.pos_ != "NOUN" or _region_word(owner)  # not "the weight of the body": the body itself
    return False


def _region_word(t: Token) -> bool:
    """Whether noun ``t`` can name a region of a part: not a body part (but its back, front or side), a
    garment, a food or a picture."""
    kind = lookup(singular_of(t))
    return kind is None or kind.kind not in _NOT_REGION and kind.kind != "b" or t.lower_ in ("back", "front", "side")


def part_region(t: Token) -> bool:
    """ "the crook of the left elbow", "the bridge of the nose", "the ball of the foot": ``t`` heads "of" + a
    body part with no number or article but "the", so it is a region of that part; the part is the thing."""
    if t.pos_ != "NOUN" or body_word(t) and t.lower_ not in ("back", "front", "side") or not _region_word(t):
        return False
    if any(c.dep_ in ("nummod", "poss") or c.dep_ == "det" and c.lower_ != "the" for c in t.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and body_word(g) for g in c.children)
               for c in t.children)


def region_of(t: Token) -> str | None:
    """The region word said of body part ``t`` ("crook" for "the crook of the left elbow"), else None."""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and part_region(t.head.head):
        return t.head.head.lower_
    return None


def body_sense(t: Token) -> bool:
    """Whether a place word with a body-part sense ("back") names a body's part: said of someone ("the back
    of an elephant", "lying on her back") or posed ("the back is arched"); "the back of the truck" and
    "at the back" are places."""
    if not body_word(t):
        return False
    if any(c.dep_ == "poss" for c in t.children) or t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ == "VERB":
        return True
    if t.dep_ == "pobj" and t.head.head.pos_ == "NOUN" and body_word(t.head.head) \
            and not any(c.dep_ == "prep" for c in t.children):
        return True  # "arms on the back", "hands behind the back": where a part rests is a body's back
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                kind = lookup(singular_of(g)) if g.dep_ == "pobj" else None
                if kind is not None and kind.kind in "pa":
                    return True
    return False
