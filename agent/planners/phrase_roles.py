"""What the phrase around a noun makes of it, whatever its WordNet kind: the arrangement a group forms ("in a
circle"), a game played ("playing chess"), the sort of the things before "of" ("bags of luggage"), and many
of a made thing that something has ("a tree with lights").

Why apart from :mod:`agent.planners.read_roles`: these are decided by one arc each (a preposition, a verb,
an owner), not by the noun's kind, and each names a case where the kind alone would draw the wrong thing.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners import tokens as T
from agent.planners.read_anchors import owner_token
from agent.planners.read_nouns import PARTITIVES, Noun, determiner, looks_plural, lookup
from agent.planners.thing_context import TEXT_NOUNS
from agent.planners.verbs import lemma
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L


def game_played(t: Token, kind: NounKind | None) -> bool:
    """The bare object of "play" that is no made thing is a game ("playing chess", "play football"); an
    instrument or a toy played is drawn ("playing guitar", "playing the piano")."""
    return t.dep_ == "dobj" and t.head.lower_ in _PLAY_FORMS and determiner(t) is None and not looks_plural(t) \
        and (kind is None or kind.kind not in "ok")


_PLAY_FORMS = T.verb_forms("play")


def action_object(n: Noun) -> bool:
    """ "a skater doing an ollie": the object of "do" that WordNet does not know as a thing is an action;
    "take a selfie", "taking a photo of a bird": the picture taken is not in the picture (the camera is)."""
    t = n.tok
    if t.dep_ == "dobj" and lemma(t.head) == "take" and n.name in L.FRAME_NOUNS | {"selfie", "snapshot", "picture"}:
        return True
    if game_played(t, n.kind):
        return True  # "two men playing chess", "kids play football": the game, not a thing ("playing guitar")
    return n.kind is None and t.dep_ == "dobj" and lemma(t.head) in ("do", "perform")


def formation(t: Token, kind: NounKind | None) -> bool:
    """ "the words 'join us' in a circle", "chairs in a row", "written in a spiral": a shape after "in" said
    of a text, of many things or of how they are put is the arrangement they form, not one more thing."""
    if kind is None or kind.kind != "e" or t.dep_ != "pobj" or t.head.lower_ not in ("in", "into"):
        return False
    g = t.head.head
    return determiner(t) in ("a", "an") and (
        g.tag_ in ("NNS", "NNPS") or L.singular(g.lower_) in TEXT_NOUNS or any(c.is_quote for c in g.children)
        or g.pos_ == "VERB" and g.lower_ in _ARRANGE_VERBS)


_ARRANGE_VERBS = frozenset().union(*(T.verb_forms(v) for v in (
    "arrange", "form", "place", "lay", "gather", "write", "line", "order", "organize", "dance", "march", "spell",
    "stand", "sit"))) | {"laid", "written", "stood", "sat", "set", "put"}


def things_it_has(t: Token, kind: NounKind) -> bool:
    """ "a Christmas tree with lights", "a truck with flashing lights": many of a word with a made-thing sense
    that a thing has are those things (lamps), not the light of the scene."""
    if not looks_plural(t) or kind.alt not in "ok":
        return False
    while t.dep_ == "conj":
        t = t.head
    owner = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "with" else \
        owner_token(t) if t.dep_ == "dobj" and lemma(t.head) == "have" else None
    if owner is None or not (owner.pos_ in ("NOUN", "PROPN") or "_" in owner.text):  # a joined name: any tag
        return False
    own = lookup(L.singular(owner.lower_.replace("_", " ")))
    return own is not None and not own.setting and L.singular(owner.lower_) not in L.SETTING_NOUNS


def sort_of_head(t: Token, kind: NounKind | None) -> bool:
    """ "bags of luggage", "crates of cargo": a bare singular noun of the same kind as the things before "of"
    says what sort they are (bags that are luggage), not what is in them ("bags of rice": rice is food)."""
    if kind is None or t.dep_ != "pobj" or t.head.lower_ != "of" or determiner(t) is not None or looks_plural(t):
        return False
    owner = t.head.head
    if L.singular(owner.lower_) in PARTITIVES:
        return False  # "three pieces of cake": the cake, in pieces
    own = lookup(L.singular(owner.lower_)) if owner.pos_ == "NOUN" and looks_plural(owner) else None
    return own is not None and own.kind == kind.kind and kind.kind in "ko"


def picked_up(t: Token) -> bool:
    """ "sweeping up sand", "scooping up snow": what a phrasal verb with "up" handles is a heap of the stuff,
    a thing, not the ground or the weather of the scene."""
    return t.dep_ == "dobj" and any(c.dep_ == "prt" and c.lower_ == "up" for c in t.head.children)


def sided(t: Token) -> bool:
    """ "in the back window", "on the front wall": a side said of it makes it a part of some thing."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in ("back", "front", "rear", "side") for c in t.children)


SORT_WORDS = frozenset({"kind", "sort", "type"})


def kind_named_before(t: Token) -> Token | None:
    """ "a mesh kind of thing": the noun before a sort word names what the thing is, so the sort word and the
    vague noun after "of" stand for that noun ("a strange kind of bird" names no other thing)."""
    if t.lower_ not in SORT_WORDS:
        return None
    return next((c for c in t.children if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("NOUN", "PROPN")
                 and c.i < t.i), None)


def vague_after_kind(t: Token) -> bool:
    """ "a mesh kind of thing", "a stand kind of object": the vague noun (no thing in its usual sense) after
    a named kind is that named thing, not a second one."""
    if t.dep_ != "pobj" or t.head.lower_ != "of" or kind_named_before(t.head.head) is None:
        return False
    kind = noun_kind(L.singular(t.lower_))  # WordNet's own usual sense: "object" is an abstraction there
    return kind is not None and kind.kind in "zxu"


def owned_thing(t: Token, kind: NounKind | None, prep: str | None) -> bool:
    """ "using his cell", "the seats are very big": a noun WordNet files first as a place but also as a made
    thing is that thing when someone owns it ("texting on her cell") or there are several of them, unless a
    preposition puts the scene inside it ("in his cell" stays a place)."""
    if kind is None or not kind.setting or kind.alt != "o" or prep in _INSIDE or t.dep_ == "pobj" and prep is None:
        return False
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)
    return owned or looks_plural(t) and prep is None


_INSIDE = frozenset({"in", "inside", "into", "within", "at"})
