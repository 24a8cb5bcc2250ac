"""A place in the picture said first with no preposition: "Right top there are trees", "Left bottom we can see
a bench", "Top left corner, there is a logo".

Spoken descriptions of a picture often front the place bare. Only at the start of a sentence (or after its
comma) and only when the clause that follows opens with the viewer or "there" is a bare pair of place
words a place: "the right top drawer" or "left of the cup" stay what they are.
"""

from __future__ import annotations

from spacy.tokens import Doc

from agent.vocab import lexicon as L

_SIDES = frozenset({"left", "right", "top", "bottom", "upper", "lower", "middle", "center", "centre"})
_TAILS = frozenset({"side", "corner", "part", "half"})
_OPENERS = frozenset({"there", "we", "i", "you", "it", "one"})


def bare_place(doc: Doc, i: int) -> tuple[int, str] | None:
    """(end token, canonical place) of a bare place phrase starting at token ``i``, else None."""
    t = doc[i]
    if t.lower_ not in _SIDES or i > t.sent.start and not doc[i - 1].is_punct:
        return None
    j = i + 1
    while j < len(doc) and j < i + 3 and (doc[j].lower_ in _SIDES or doc[j].lower_ in _TAILS):
        j += 1
    nxt = j + (j < len(doc) and doc[j].text == ",")
    if nxt >= len(doc) or doc[nxt].lower_ not in _OPENERS:
        return None
    canon = L.ABSOLUTE_PLACES.get("in the " + " ".join(w.lower_ for w in doc[i:j]))
    return (j, canon) if canon is not None else None
