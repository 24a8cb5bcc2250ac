"""Relation phrases whose words name a place on a body, not in the picture.

Why: "on the left" is a place in the frame, but in "resting on the left knee" the side word belongs to the
knee: the knee is the thing the foot rests on. And "eating from a plate on her lap" hangs "on her lap" on
the verb, whose subject is the woman; nobody sits on their own lap, so what lies there is the thing named
right before the phrase.
"""

from __future__ import annotations

from spacy.tokens import Token

# Nouns a side word may modify and still name a part of the picture ("on the left side", "the right corner").
_PLACE_HEADS = frozenset({"side", "sides", "corner", "corners", "edge", "edges", "half", "part", "portion", "area",
                          "end", "third", "quarter", "column", "margin", "border", "panel"})


def side_of_a_thing(t: Token) -> bool:
    """Whether a place phrase's last word "left" / "right" is the side of the noun after it ("on the left
    knee", "to the right hand"), not of the picture ("on the left side": a place noun keeps the place)."""
    h = t.head
    if t.lower_ not in ("left", "right") or t.dep_ not in ("amod", "compound") or h.i <= t.i or h.pos_ != "NOUN":
        return False
    heads = [h, h.head] if h.dep_ == "compound" else [h]  # "on the left hand side": the side
    return not any(w.lower_ in _PLACE_HEADS for w in heads)


def thing_on_own_part(entity_of: dict[int, int], start: int, owner: int) -> int | None:
    """The entity named right before a phrase (starting at token ``start``) that puts something on the part
    of ``owner``, the clause's own subject ("a plate on her lap"), else None."""
    k = entity_of.get(start - 1)
    return k if k is not None and k != owner else None
