"""Bare plurals that go one to each of a counted owner: "two gift boxes with red ribbons" (two ribbons), "three
girls in sun hats", "two kids reading books".

Why: a plural with no number gets the planner's default of three, which reads "two boxes with ribbons" as
three ribbons for two boxes. English distributes such a plural over the counted things it is said of (each
box has a ribbon), so the owner's count is the plural's. A number said of the plural ("two dogs with three
balls") is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.read_nouns import looks_plural, said_number
from agent.vocab import lexicon as L

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

_OWNING_PREPS = frozenset({"with", "in"})


def one_each(reader: _Reader) -> None:
    """Give each bare plural said of a counted plural owner the owner's count."""
    ents = reader.out.entities
    for i, k in sorted(reader.entity_of.items()):
        t, ent = reader.doc[i], ents[k]
        if ent.counted or ent.count != L.DEFAULT_PLURAL_COUNT or not looks_plural(t) or said_number(t):
            continue
        owner = _owner(t)
        if owner is None or owner.i not in reader.entity_of or reader.entity_of[owner.i] == k:
            continue
        own = ents[reader.entity_of[owner.i]]
        if own.counted and own.count >= 2:
            ent.count = own.count


def _owner(t: Token) -> Token | None:
    """The noun ``t`` is had, worn or handled by: "boxes with ribbons", "girls in hats", "kids reading books"
    (the verb's subject, or the noun the verb phrase is said of)."""
    while t.dep_ == "conj":
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ in _OWNING_PREPS and t.head.head.pos_ in ("NOUN", "PROPN"):
        return t.head.head
    if t.dep_ != "dobj" or t.head.pos_ != "VERB":
        return None
    verb = t.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None:
        return subj
    while verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ == "VERB":
        verb = verb.head  # "kids sitting on a bench reading books": the first verb's noun
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)
