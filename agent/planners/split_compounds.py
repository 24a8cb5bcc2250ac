"""Noun compounds the small tagger splits by calling the head an adverb: "a dragon tattoo on her back", "a
sleeve tattoo on his arm" ("tattoo" tagged RB, "dragon" the verb's object or the fragment's root).

Why apart: both halves then look like nouns of their own, and the planner drew a dragon beside a tattoo.
No adverb follows a noun with an article, so the second word is the head (the thing) and the first says
what kind it is, a modifier in its description ("a dragon tattoo"), never a thing of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.pose_words import DIRECTIONS
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

_NONE = NounKind("-")
# Where the first half may stand: an object ("showing off a dragon tattoo") or the phrase's own head ("a dragon
# tattoo on an arm", the tagger's root with the head hung on it as an adverb).
_ARGUMENTS = frozenset({"dobj", "pobj", "ROOT", "nsubj", "conj", "appos"})


def noun_after_noun(t: Token) -> bool:
    """An adverb tag on a word WordNet knows as a drawable thing, right after an introduced noun it could
    compound with, is that noun's head ("showing off a dragon tattoo on her back"). Not a direction after a
    body part ("with the right foot forward": WordNet's forward is a player)."""
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if t.tag_ != "RB" or not t.is_alpha or prev is None or prev.pos_ != "NOUN" or prev.dep_ not in _ARGUMENTS:
        return False
    if t.lower_ in DIRECTIONS and (prev.dep_ not in ("dobj", "pobj")  # "a runner forward": where it moves
                                   or (noun_kind(L.singular(prev.lower_)) or _NONE).kind == "b"):
        return False
    if prev.dep_ not in ("dobj", "pobj") and not (t.i + 1 < len(t.doc) and t.doc[t.i + 1].dep_ == "prep"):
        return False  # "a dog upstairs": a head read as the root needs its place after the pair ("... on an arm")
    return (noun_kind(t.lower_) or _NONE).drawable and any(c.dep_ == "det" for c in prev.children)


def subject_head(t: Token) -> bool:
    """A drawable noun the tagger made the verb (or verbless root) of the singular noun right before it: "a
    company logo sign" read as "a company logo [to] sign". A singular noun cannot be the subject of a plain
    present verb ("a logo sign", not "signs"), and nothing follows as the verb's object or complement, so the
    pair is one compound and the second word its head."""
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if prev is None or prev.dep_ != "nsubj" or prev.head.i != t.i or prev.tag_ != "NN" or not t.is_alpha:
        return False
    if not (t.tag_ == "VBP" or t.pos_ == "NOUN") or t.dep_ != "ROOT":
        return False
    if any(c.dep_ in _VERB_ARGS for c in t.children) or not any(c.dep_ == "det" for c in prev.children):
        return False
    return (noun_kind(t.lower_) or _NONE).drawable


_VERB_ARGS = frozenset({"dobj", "aux", "auxpass", "neg", "attr", "acomp", "xcomp", "ccomp", "dative", "prt"})


def split_modifier(t: Token) -> bool:
    """Whether noun ``t`` is the first half of such a split compound ("dragon" of "a dragon tattoo", "logo" of
    "a company logo sign")."""
    return t.i + 1 < len(t.doc) and (noun_after_noun(t.doc[t.i + 1]) or subject_head(t.doc[t.i + 1]))


def split_head_modifier(t: Token) -> str | None:
    """The first half said before split head ``t`` ("dragon" for "tattoo", "company logo" for "sign")."""
    if subject_head(t):
        prev = t.doc[t.i - 1]
        return " ".join(w.lower_ for w in prev.subtree if w.i <= prev.i and w.dep_ != "det" and w.is_alpha)
    return t.doc[t.i - 1].lower_ if noun_after_noun(t) else None
