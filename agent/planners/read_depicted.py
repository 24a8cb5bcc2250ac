"""What an art word depicts when the thing is named before it: "a cat photo", "two heavy weight photo",
"three red apple illustration".

Why: the tagger makes the thing a ``compound`` of the art word, so the noun reader sees only "photo". With
no "of" after it ("a photo of a cat" is read by the frame), the art word is how the picture is made (the
style) and its compound is what it shows, with the art word's number and colour ("two ... photo": two
weights). A compound that forms a known style phrase with the art word ("pencil drawing", "stock photo")
or names no physical thing ("quality photo") is how it is made, not what it shows. A plural art word
("four owl illustrations") names the pictures themselves: they are the things.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.read_nouns import ART_WORDS, Noun, lookup, noun_name, said_number, sane_count, stated_count
from agent.planners.style_words import MEDIA_NOUNS, STYLE_TAGS
from agent.vocab import lexicon as L

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

_THINGS = frozenset("okcfaplb")  # a physical kind makes the compound a thing to show
_OF_WORDS = frozenset({"of", "showing", "depicting", "featuring"})
# Flat pictures: a sculpture or a film is a thing or a medium of its own ("stone sculpture", "Fuji film").
PICTURES = frozenset({"photo", "photograph", "picture", "image", "snapshot", "shot", "illustration", "drawing",
                      "painting", "sketch", "portrait", "render", "rendering", "clipart", "selfie",
                      "artwork", "wallpaper", "cartoon"})


def depicted(t: Token) -> Token | None:
    """The compound noun art word ``t`` shows ("cat" in "a cat photo"), or None."""
    if t.text.lower() not in PICTURES or any(c.dep_ == "prep" and c.lower_ in _OF_WORDS for c in t.children):
        return None
    comps = [c for c in t.children if c.dep_ == "compound" and c.i < t.i and c.pos_ in ("NOUN", "PROPN")]
    if not comps or comps[-1].i != t.i - 1 or comps[-1].pos_ != "NOUN":
        return None  # the thing stands right before the art word
    c = comps[-1]
    low = c.text.lower().replace("_", " ")
    pair = f"{low} {t.text.lower()}"
    if low in L.COLOR_WORDS or low in STYLE_TAGS or pair in STYLE_TAGS or pair in MEDIA_NOUNS \
            or pair in L.STYLE_PHRASES or low in L.STYLE_PHRASES:
        return None
    ck = lookup(L.singular(low))
    if ck is None or ck.art or not (ck.kind in _THINGS or ck.kind in "qm" and ck.alt in _THINGS):
        return None  # "heavy weight photo": a measure word with a physical sense is the thing shown
    return c


def counted_pictures(t: Token) -> bool:
    """ "..., a set of nine vector images", "six clipart pictures": pictures counted with nothing of their own
    to show (no "of", no thing compounded on them, only art words), so they are copies of the thing the
    caption named before them."""
    if t.text.lower().replace("_", " ") not in PICTURES and L.singular(t.text.lower()) not in PICTURES:
        return False
    if any(c.dep_ == "prep" and c.lower_ in _OF_WORDS for c in t.children):
        return False
    mods = [c for c in t.children if c.dep_ in ("compound", "nmod") and c.i < t.i]
    return all(c.lower_ in ART_WORDS or c.lower_ in STYLE_TAGS for c in mods) and stated_count(t)[0] is not None \
        and (said_number(t) or t.dep_ == "pobj" and said_number(t.head.head))


def _copies_of_earlier(reader: _Reader, n: Noun) -> bool:
    """The count of pictures that show nothing of their own goes to the caption's subject, its first uncounted
    thing ("Paper lantern with a tassel, a set of six vector images": six lanterns); they are the style."""
    before = [e for i, e in sorted(reader.entity_of.items()) if i < n.tok.i and not reader.out.entities[e].counted]
    value = stated_count(n.tok)[0]
    if not before or value is None:
        return False
    ent = reader.out.entities[before[0]]
    ent.count, ent.counted = sane_count(value, ent.name, reader.out.warnings), True
    words = [c.lower_ for c in n.tok.children if c.dep_ in ("compound", "nmod") and c.i < n.tok.i]
    reader.styles.append(" ".join([*words, n.tok.text.lower()]))
    reader.entity_of[n.tok.i] = n.entity = before[0]
    return True


def take_depicted(reader: _Reader, n: Noun) -> None:
    """ "two heavy weight photo": the photo is the style; the weights, two of them, are what it shows."""
    c = depicted(n.tok)
    if c is None and counted_pictures(n.tok):
        if not _copies_of_earlier(reader, n):
            reader._object(n)  # "four vector images" with nothing named before: the pictures are the things
        return
    if c is None or c.i in reader.entity_of:
        return
    reader.styles.append(n.tok.text.lower())
    sub = Noun(c, noun_name(c), None)
    sub.kind = lookup(sub.name)
    reader.nouns.append(sub)
    reader._object(sub, counted_by=n.tok)
