"""Sentence contexts that settle whether a noun is a thing to draw where its WordNet kind alone does not.

Why: WordNet's usual sense of "branch" is a division of an organisation and of "wave" a movement, yet "an owl
perched on a branch" and "there are large waves" can only mean the things (the reverse, a shape that is a
thing's look, is :mod:`agent.planners.read_looks`). Grammar decides these, not word lists.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

# Prepositions that put one thing against another in space; "in", "at" and "during" also take times,
# states and events ("in a hurry", "at a glance", "during a game"), so they do not count.
SPATIAL_PREPS = frozenset({"on", "onto", "upon", "atop", "under", "beneath", "underneath", "beside", "behind",
                            "against", "near", "above", "below", "across", "inside", "alongside"})
_PHYSICAL_ALT = frozenset("okcfaplu")


def placed_thing(t: Token, kind: NounKind) -> bool:
    """A noun with a physical sense where the sentence needs a thing: something is on, under or beside it
    ("an owl perched on a branch"), or the sentence says it is there ("there are large waves")."""
    if kind.kind in "qmt" or t.lower_ in L.ABSTRACT_NOUNS:
        return False  # "there is a mesh kind of thing": the kind is no thing
    if existential(t):  # not a region ("there are shadows on the ground": shade), nor an abstraction said
        # of something ("there is a sense of calm", "there are reasons to smile")
        return kind.alt != "s" and (kind.alt in _PHYSICAL_ALT or not any(
            c.dep_ == "prep" and c.lower_ == "of" or c.dep_ in ("acl", "relcl") for c in t.children))
    if kind.alt not in _PHYSICAL_ALT:
        return False
    return t.dep_ == "pobj" and t.head.lower_ in SPATIAL_PREPS and any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in t.children)


def heaped(t: Token) -> bool:
    """A plural noun piled up by a collection word that has a physical sense ("a pile of coins", "a stack of
    bills", "a heap of tokens"): what lies in a pile is a thing, whatever sense WordNet files it under first
    ("coin" is money). Abstract collections make nothing ("a lot of fun", "a variety of styles")."""
    if t.dep_ != "pobj" or t.head.lower_ != "of" or t.tag_ not in ("NNS", "NNPS"):
        return False
    holder = noun_kind(L.singular(t.head.head.lower_))
    return t.head.head.pos_ == "NOUN" and holder is not None and holder.kind == "g" and holder.alt in "okb"


def existential(t: Token) -> bool:
    """ "There are large waves in the water", "there is a statue and a fountain": what "there be" presents."""
    while t.dep_ == "conj":
        t = t.head
    if t.dep_ not in ("attr", "nsubj") or t.head.lower_ not in _BE:
        return False
    return any(c.dep_ == "expl" for c in t.head.children)


_BE = frozenset({"is", "are", "was", "were", "be", "been", "'s", "'re"})


TEXT_NOUNS = frozenset({"letter", "lettering", "font", "writing", "text", "word", "caption", "title", "slogan",
                        "message", "script", "typography", "typeface", "calligraphy", "quote", "headline", "label"})
_SHOW_WORDS = frozenset({"showing", "depicting", "featuring", "portraying", "illustrating"})


def bears_text(t: Token) -> bool:
    """A noun something is written on: "a heart with the text 'i love you'", "a flag with the words ...". What
    carries a text is a thing, whatever WordNet's usual sense of it."""
    return any(c.dep_ == "prep" and c.lower_ == "with" and any(
        g.dep_ == "pobj" and L.singular(g.lower_) in TEXT_NOUNS for g in c.children) for c in t.children)


def shows_something(t: Token) -> bool:
    """ "A meme showing a cat", "a collage depicting a harbour": what shows something is a picture."""
    return any(c.lower_ in _SHOW_WORDS and c.dep_ in ("acl", "prep", "relcl", "amod") for c in t.children)


def described_place_word(t: Token) -> bool:
    """A word that can name a place in the picture ("the frame", "a corner") used for a thing: with a noun
    compounded onto it ("photo frames") or a clause that says what it is ("a frame made from bees")."""
    return any(c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and c.i == t.i - 1 or c.dep_ == "acl"
               for c in t.children)


_TAKE_FORMS = frozenset({"take", "takes", "taking", "took", "taken", "snap", "snaps", "snapping", "snapped"})


def no_thing_here(t: Token, kind: NounKind | None) -> bool:
    """Nouns the sentence uses for something other than a thing in the picture: the picture one takes ("two
    women take a selfie": an act, the phone is what is drawn), and a word WordNet does not know standing bare
    beside a noun in a tag list ("character sheet, ultra wide angle": a fragment, not a name)."""
    if kind is not None and kind.art and t.dep_ == "dobj" and t.head.lower_ in _TAKE_FORMS:
        return True
    return kind is None and t.dep_ == "appos" and not any(c.dep_ in ("det", "nummod", "poss") for c in t.children) \
        and not t.text[:1].isupper()


def inspiration(t: Token) -> bool:
    """ "inspired by modern art", "influenced by Japanese prints": where the look comes from, a style."""
    return t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.lower_ in ("inspired", "influenced")


_BEARING_ON = frozenset({"on", "upon", "in", "inside"})


def picture_on_thing(t: Token) -> bool:
    """A picture word with an article of its own, shown on or in a thing ("an image on a smartphone", "a photo
    on the fridge", "a picture in a locket"): a picture standing there, a thing, not the frame of the prompt
    ("in the image on the left" is a place in the frame; "a photo of a cat" is what the prompt is)."""
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children) \
            or any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False
    for c in t.children:
        if c.dep_ != "prep" or c.lower_ not in _BEARING_ON:
            continue
        for g in c.children:
            kind = noun_kind(L.singular(g.lower_.replace("_", " "))) if g.dep_ == "pobj" else None
            made = kind.kind in "okc" if kind is not None else g.pos_ == "NOUN"  # "smartphone": newer than WordNet
            if g.dep_ == "pobj" and made and g.lower_ not in L.FRAME_NOUNS:
                return True
    return False
