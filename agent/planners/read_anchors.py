"""Anchors: who wears, holds, uses or contains a thing, read from the verb or preposition that joins them.

Why a module of its own: role reading (:mod:`agent.planners.read_roles`) decides *whether* a noun is a thing;
these rules decide *whose* it is ("a cat wearing a hat", "a bowl of ramen"), and the parser, the body-part
reader and the linker all ask the same questions.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.read_nouns import lookup, noun_name
from agent.planners.tokens import QUANTITY_HEADS
from agent.planners.verbs import lemma
from agent.vocab.priors import size_prior

WEAR_VERBS = frozenset({"wear", "don", "sport", "dress", "put"})
HOLD_VERBS = frozenset({"hold", "carry", "grip", "clutch", "cradle", "wield", "grasp", "hug", "raise", "lift",
                         "brandish", "balance", "juggle", "squeeze", "hoist", "present", "offer"})
# Things one eats, drinks, reads or uses are in one's hands while one does ("a man eating a sandwich in an
# armchair": the sandwich is in the armchair too), when they are small enough to hold.
USE_VERBS = frozenset({"eat", "drink", "sip", "use", "read", "lick", "bite", "munch", "type"})


def owner_token(t: Token) -> Token | None:
    """Who wears / owns / holds ``t``: a possessive, "X with a hat", "X wearing a hat", "his left arm"."""
    for c in t.children:
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            return c
    h = t.head
    if t.dep_ == "dobj" and lemma(h) in WEAR_VERBS | HOLD_VERBS | USE_VERBS | {"have", "raise", "lift", "hold"}:
        return subject_of(h)
    if t.dep_ == "pobj" and h.text.lower() in ("with", "in") and h.head.pos_ in ("NOUN", "PROPN"):
        return h.head
    if t.dep_ == "pobj" and h.text.lower() == "with" and h.head.pos_ in ("VERB", "AUX"):
        return subject_of(h.head)
    if t.dep_ == "pobj" and h.text.lower() == "with" and h.head.dep_ == "acomp":  # "the plate is white with a
        return subject_of(h.head.head)  # blue rim": the plate's rim
    return None


def anchor_kind(t: Token, kind: str) -> str | None:
    """worn_by / held_by / part_of for clothing, held things and body parts, from the verb or kind; used_by
    for the object of a verb of use ("eating a sandwich"), held when it is small enough."""
    h = t.head
    if t.dep_ == "dobj" and lemma(h) in WEAR_VERBS:
        return "worn_by"
    if t.dep_ == "dobj" and lemma(h) in HOLD_VERBS:
        return "held_by"
    if t.dep_ == "dobj" and lemma(h) in USE_VERBS \
            and not any(c.dep_ == "prep" and c.lower_ in ("from", "out") for c in h.children):
        return "used_by"  # held when small enough for the user's hands; "eating soup from a bowl": in the bowl
    if kind == "c":
        return "worn_by"
    if kind == "b":
        return "part_of"
    return None


def subject_of(v: Token) -> Token | None:
    """The noun doing verb ``v``: its subject, or the noun a participle hangs on ("a cat wearing a hat")."""
    for _ in range(4):
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                return c
        if v.dep_ in ("acl", "relcl", "advcl") and v.head.pos_ in ("NOUN", "PROPN"):
            return v.head
        if v.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl", "pcomp"):
            v = v.head
            continue
        if v.dep_ == "prep" and v.head.pos_ == "VERB":  # "man made of swirling smoke ... holding a portal"
            v = v.head
            continue
        break
    return None


def handheld(thing: str, user: str) -> bool:
    """Whether ``thing`` is small enough for ``user`` to hold (under half the user's size prior)."""
    tw, th = size_prior(thing)
    uw, uh = size_prior(user)
    return tw * th < 0.5 * uw * uh


def container_of(t: Token) -> Token | None:
    """ "a bowl of ramen", "a cup of coffee", "a vase with tulips": the container the contents sit in."""
    h = t.head
    if t.dep_ == "pobj" and h.text.lower() in ("of", "with", "full") and h.head.pos_ == "NOUN":
        kind = lookup(noun_name(h.head))
        if kind is not None and "k" in (kind.kind, kind.alt):
            return h.head
        if kind is not None and kind.kind == "o" and h.text.lower() == "of" and noun_name(h.head) in QUANTITY_HEADS:
            return h.head  # "a bouquet of tulips": a collection that is a thing holds its members
    return None
