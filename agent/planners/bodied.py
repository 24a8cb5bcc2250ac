"""Creatures named by a word WordNet files as an idea: "a ghost with long arms", "a dark entity with wings".

Why: "entity", "being", "ghost", "wraith" are abstractions by their usual sense, so the noun table calls
them nothing to draw, and "a strange being with six wings" drew six loose wings and no being. A body part
said of such a noun ("with wings", "that has claws") says it has a body: it is a creature to draw, and the
parts are its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.pose_words import figure_pose_verb
from agent.planners.read_nouns import lookup, singular_of
from agent.planners.verbs import lemma
from agent.vocab import NounKind


def _parts_of(t: Token) -> list[Token]:
    """Nouns said to be ``t``'s by "with" ("a being with wings and a tail") or by "has" in a clause on it."""
    objs = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    objs += [g for c in t.children if c.dep_ in ("relcl", "acl") and lemma(c) == "have"
             for g in c.children if g.dep_ == "dobj"]
    # "level with their knee": parts someone else owns say where, not what has them
    return [w for g in objs for w in (g, *g.conjuncts) if not any(c.dep_ == "poss" for c in w.children)]


def bodied(t: Token, kind: NounKind) -> NounKind | None:
    """The kind to draw noun ``t`` as (a person when WordNet has a person sense, else a creature) when it names
    no physical thing but is said to have body parts; else None."""
    if kind.drawable or kind.art or kind.kind not in "zxqg" or kind.alt not in "p-":
        return None  # "a design with eyes": a made thing has eyes drawn on it, it is not a creature
    if figure_pose_verb(t) is not None:
        return None  # "Kneeling with both arms on the back": a posture someone takes, not a creature
    if not any((lookup(singular_of(w)) or NounKind("-")).kind == "b" for w in _parts_of(t)):
        return None
    return NounKind("p", "p") if kind.alt == "p" else NounKind("a", "a")
