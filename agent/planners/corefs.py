"""Later mentions that name an earlier entity by another word, so that it is drawn once.

Why: paragraph prompts name a thing once and then refer to it by a more general word, by its head word, or
by the stuff it is made of: "A surfer rides a wave. ... behind the man" (the surfer), "a dog ... the animal",
"a fire hydrant ... the hydrant", "A glass carafe ... the contents of the glass" (the carafe), "a person -
perhaps a lifeguard -" (the person). The same-name case ("the plane") is the reader's own; these are the
cases where the names differ.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.parsed import Entity

# Everyday words for a person that say no more than age or sex: a later "the man" can be the surfer named
# before, but never the waiter. Grouped by who they can name.
_GENERIC_PEOPLE = {"man": "m", "guy": "m", "boy": "m", "gentleman": "m", "woman": "f", "lady": "f", "girl": "f",
                   "person": "", "child": "", "kid": "", "adult": "", "individual": "", "figure": ""}
# The same for animals: "A dog runs on the beach. The animal is brown." names the dog.
_GENERIC_ANIMALS = frozenset({"animal", "creature", "pet", "beast"})
_HEDGES = frozenset({"perhaps", "probably", "maybe", "possibly", "likely", "apparently", "presumably"})
_ASIDE_MARKS = frozenset({"-", "--", "—", "–", "(", ","})


def other_name_referent(t: Token, name: str, kind: str, entities: list[Entity], kinds: list[str],
                        entity_of: dict[int, int]) -> int | None:
    """The earlier entity that definite noun ``t`` ("the man", "the glass") names by another word, or None.

    Args:
        t: the definite noun token; only entities said before it (before its sentence, for people) count.
        name: its planned name; a noun already planned under this name is not another word for anything.
        kind: its WordNet kind ("p" for people, "a" for animals): a generic word ("the man", "the animal")
            may only restate the one earlier person or animal.
        entities, kinds, entity_of: the reader's entities so far, their kinds, and token index -> entity.
    """
    if any(e.name == name for e in entities):
        return None
    earlier = {k for i, k in entity_of.items() if i < t.sent.start}
    if kind == "p" and name in _GENERIC_PEOPLE or kind == "a" and name in _GENERIC_ANIMALS:
        alike = [k for k in earlier if kinds[k] == kind and entities[k].count == 1]
        if len(alike) == 1 and (kind == "a" or _may_be(name, entities[alike[0]].name)):
            return alike[0]
        return None
    before = {k for i, k in entity_of.items() if i < t.i}
    headed = {k for k in before if entities[k].name.endswith(" " + name)}  # "a fire hydrant ... the hydrant"
    if len(headed) == 1:
        return headed.pop()
    made_of = [k for k in before if name in entities[k].modifiers]  # "a glass carafe ... the glass"
    return made_of[0] if len(made_of) == 1 else None


def _may_be(generic: str, earlier: str) -> bool:
    """Whether a generic person word can name the earlier person ("the man" the surfer, not the woman)."""
    sex, before = _GENERIC_PEOPLE[generic], _GENERIC_PEOPLE.get(earlier)
    return before is None or not sex or not before or sex == before


def restated(t: Token) -> Token | None:
    """The noun that ``t`` restates in a hedged aside ("a person - perhaps a lifeguard -", "a man (probably a
    farmer)"), or None: only punctuation, a hedge and an article stand between them."""
    hedge = False
    i = t.i - 1
    while i >= 0:
        w = t.doc[i]
        if w.lower_ in _HEDGES:
            hedge = True
        elif not (w.lower_ in _ASIDE_MARKS or w.dep_ == "det" and w.head.i == t.i or w.head.i == t.i
                  and w.dep_ == "amod"):
            break
        i -= 1
    if not hedge or i < 0 or i == t.i - 1:
        return None
    prev = t.doc[i]
    return prev if prev.pos_ in ("NOUN", "PROPN") and t.doc[i + 1].lower_ in _ASIDE_MARKS else None
