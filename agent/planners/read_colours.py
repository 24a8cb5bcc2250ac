"""Colours said away from their noun: what people wear ("dressed in white", "the woman in brown"), a colour
tag after a thing ("cocktail napkins, white, set of four"), "the color of the typewriter is black", "a dog
in white and brown color combination", "blonde haired girl".

Why apart from the linker's late colours: these are said of a person's clothes or hair, or in tag lists,
not by a copula on the noun itself ("the plane is white"), and they land in different places (a worn
colour is the clothes' colour, named in the wearer's description).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners import tokens as T
from agent.planners.read_anchors import subject_of
from agent.planners.read_nouns import (
    QUANTIFIERS,
    Noun,
    colour_phrase,
    determiner,
    is_colour,
    looks_plural,
    modifiers_of,
    stated_count,
)
from agent.planners.verbs import lemma
from agent.vocab import lexicon as L

if TYPE_CHECKING:
    from agent.planners.parse import _Reader
    from agent.planners.read_links import Linker

_DRESS = frozenset({"dress", "dressed", "clad", "clothed", "attired", "garbed", "wear", "wearing", "wore", "worn"})
_PEOPLE = frozenset("pa")


def read_colours(reader: _Reader, linker: Linker) -> None:
    """Add the colours said away from their nouns (see the module doc) to the entities already read."""
    for t in reader.doc:
        if t.text.lower() not in L.COLOR_WORDS or t.i in reader.entity_of or t.i in reader.skip:
            continue
        if _conjoined_earlier(t):
            continue  # "white and brown": read with the first colour
        _worn(reader, linker, t) or _tag(reader, t) or _colour_of(reader, t) or _in_colour(reader, t) \
            or _set_of(reader, t) or _opening(reader, t)
    _haired(reader)
    for t in reader.doc:
        if t.lower_ in ("colors", "colours") and t.i not in reader.skip:
            _many_colours(reader, t)


def _conjoined_earlier(t: Token) -> bool:
    return t.dep_ == "conj" and t.head.text.lower() in L.COLOR_WORDS


def _owner(reader: _Reader, linker: Linker, tok: Token | None, at: int) -> int | None:
    if tok is None:
        return linker.before(at)
    if tok.i in reader.entity_of:
        return reader.entity_of[tok.i]
    if tok.pos_ == "PRON":
        before = linker.before(tok.i)
        return before if before is not None else linker.earlier(tok.i)
    return linker.before(at)  # "women standing in a kitchen wearing white": the participle's noun is a place


def _worn(reader: _Reader, linker: Linker, t: Token) -> bool:
    """ "She is dressed in white", "the woman in brown", "women wearing white": the clothes' colour."""
    h = t.head
    if t.dep_ in ("pobj", "amod") and h.text.lower() == "in" and h.head.text.lower() in _DRESS:
        verb = h.head
        who = subject_of(verb) or (verb.head if verb.dep_ == "acomp" else None)
        who = subject_of(who) if who is not None and who.pos_ in ("AUX", "VERB") else who
        owner = _owner(reader, linker, who, t.i)
    elif t.dep_ == "pobj" and h.text.lower() == "in" and h.head.i in reader.entity_of:
        owner = reader.entity_of[h.head.i]
    elif t.dep_ == "dobj" and lemma(h) == "wear":
        owner = _owner(reader, linker, subject_of(h), t.i)
    else:
        return False
    if owner is None or owner >= len(reader.kinds) or reader.kinds[owner] not in _PEOPLE:
        return False
    ent, colour = reader.out.entities[owner], colour_phrase(t)
    ent.color = ent.color or colour  # what a detector sees of a person dressed in blue is blue
    if reader.kinds[owner] != "p":
        return True  # "a dog in white": an animal's own colour, no clothes
    phrase = f"{colour} clothes"
    if phrase not in ent.parts:
        ent.parts.append(phrase)
    return True


def _tag(reader: _Reader, t: Token) -> bool:
    """ "cocktail napkins, white, set of four": a tag that is only a colour colours the thing before it (else
    the prompt's first uncoloured thing, else its setting)."""
    doc = reader.doc
    start, end = t.i, t.i + 1
    while start > 0 and doc[start - 1].text not in (",", ";"):
        start -= 1
    while end < len(doc) and doc[end].text not in (",", ";", "."):
        end += 1
    words = [w for w in doc[start:end] if not w.is_punct]
    if start == 0 or not all(w.text.lower() in L.COLOR_WORDS | L.COLOR_MODIFIERS or w.dep_ == "cc" for w in words):
        return False
    before = [reader.entity_of[j] for j in sorted(reader.entity_of) if j < start]
    free = [e for e in dict.fromkeys(before) if reader.out.entities[e].color is None]
    # "a mountain lake at dawn, purple and orange": the setting's; two colours or more ("aliens inside an
    # alien church, yellow and blue") are the picture's palette, the setting's as well as the subject's
    palette = sum(w.text.lower() in L.COLOR_WORDS for w in words) >= 2
    setting = bool(reader.backgrounds and reader.backgrounds[0] and (palette or not before))
    if setting:
        reader.backgrounds[0] = f"{colour_phrase(t)} {reader.backgrounds[0]}"
    if not free:
        return setting
    # the thing right before it ("napkins, white"), else the prompt's subject ("a village ..., dark velvet,
    # yellow and teal": the velvet has its colour already)
    target = before[-1] if before[-1] in free else free[0]
    reader.out.entities[target].color = colour_phrase(t)
    return True


def _set_of(reader: _Reader, t: Token) -> bool:
    """ "Colorful set of nine lilies and three irises", "a pink bunch of roses and tulips": a colour said of the
    set is the colour of each kind of thing in it that has none of its own."""
    h = t.head
    if t.dep_ not in ("amod", "compound") or L.singular(h.lower_) not in T.QUANTITY_HEADS:
        return False
    things = [g for p in h.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    things += [c for c in h.conjuncts if c.i > h.i]  # "set of four mugs and two teapots": "and" hung on "set"
    members = [m for g in things for m in (g, *g.conjuncts) if m.i in reader.entity_of]
    for m in members:
        ent = reader.out.entities[reader.entity_of[m.i]]
        ent.color = ent.color or colour_phrase(t)
    return bool(members)


def _opening(reader: _Reader, t: Token) -> bool:
    """ "Silver shiny icons - ...": a colour word that opens a caption and that the tagger took for a verb (or
    hung on a later noun) colours the thing its adjectives run into, when that thing has no colour of its own."""
    if t.i != t.sent.start or t.dep_ == "amod" and t.head.i in reader.entity_of:
        return False
    for w in reader.doc[t.i + 1:t.sent.end]:
        if w.i in reader.entity_of:
            ent = reader.out.entities[reader.entity_of[w.i]]
            ent.color = ent.color or colour_phrase(t)
            return True
        if w.pos_ != "ADJ" and w.dep_ not in ("amod", "compound") or w.lower_ in L.COLOR_WORDS:
            return False  # "Green retro trucks": a modifier the tagger called a noun runs on too
    return False


def _colour_of(reader: _Reader, t: Token) -> bool:
    """ "the color of the typewriter is dark black": the colour of what "color of" names."""
    if t.dep_ not in ("acomp", "attr"):
        return False
    subj = subject_of(t.head)
    if subj is None or subj.text.lower() not in ("color", "colour"):
        return False
    things = [g for c in subj.children if c.dep_ == "prep" and c.text.lower() == "of"
              for g in c.children if g.dep_ == "pobj" and g.i in reader.entity_of]
    if not things:
        return False
    ent = reader.out.entities[reader.entity_of[things[0].i]]
    ent.color = ent.color or colour_phrase(t)
    return True


def _in_colour(reader: _Reader, t: Token) -> bool:
    """ "a dog in white and brown color combination", "three cups in red": the thing's own colour."""
    h = t.head
    while h.dep_ in ("compound", "amod") and h.head.i != h.i:
        h = h.head
    if h.text.lower() not in ("color", "colour", "colors", "colours", "combination", "shade", "shades", "tone"):
        return False
    if h.dep_ != "pobj" or h.head.text.lower() != "in" or h.head.head.i not in reader.entity_of:
        return False
    ent = reader.out.entities[reader.entity_of[h.head.head.i]]
    ent.color = ent.color or colour_phrase(t)
    return True


def hair_tag(reader: _Reader, n: Noun) -> bool:
    """ "portrait of Ada, full platinum blond, freckles": a hair colour said as a bare noun after someone is
    that person's hair ("full platinum blond hair"), not a second person. True when it was given so."""
    t = n.tok
    if t.lower_ not in L.HAIR_COLORS or determiner(t) is not None or stated_count(t)[0] is not None:
        return False
    people = [k for j, k in sorted(reader.entity_of.items()) if j < t.i and reader.kinds[k] in ("p", "")]
    if not people:
        return False
    words = [w for w in modifiers_of(t) if w not in QUANTIFIERS]
    reader.out.entities[people[-1]].parts.append(" ".join([*words, n.name, "hair"]))
    return True


def worn_stuff(reader: _Reader, n: Noun) -> bool:
    """ "a man in denim", "a woman in uniform": clothing said bare after "in" (no article, no number, no
    words of its own) is what the person's clothes are ("a man in denim clothes"), not a thing beside them.
    True when it was given so."""
    t = n.tok
    if n.kind is None or "c" not in (n.kind.kind, n.kind.alt) or t.dep_ != "pobj" or t.head.lower_ != "in" \
            or determiner(t) is not None or looks_plural(t) or stated_count(t)[0] is not None \
            or any(c.i < t.i for c in t.children):
        return False  # "in ornate Renaissance clothing": said with its own words, the clothing is a thing
    people = [k for j, k in sorted(reader.entity_of.items()) if j < t.i and reader.kinds[k] == "p"]
    if not people:
        return False
    phrase = f"{n.name} clothes"
    if phrase not in reader.out.entities[people[-1]].parts:
        reader.out.entities[people[-1]].parts.append(phrase)
    return True


def _haired(reader: _Reader) -> None:
    """ "blonde haired girl", "a red-haired woman": hair of that colour, in the person's description."""
    for t in reader.doc:
        if t.text.lower() not in ("haired", "furred", "eyed", "skinned") or t.i == 0:
            continue
        colour = reader.doc[t.i - 1] if reader.doc[t.i - 1].text != "-" else reader.doc[max(0, t.i - 2)]
        low = colour.text.lower()
        if low not in L.COLOR_WORDS and low not in L.HAIR_COLORS:
            continue
        owner = next((reader.entity_of[j] for j in range(t.i + 1, min(len(reader.doc), t.i + 4))
                      if j in reader.entity_of), None)
        if owner is not None:
            part = {"haired": "hair", "furred": "fur", "eyed": "eyes", "skinned": "skin"}[t.text.lower()]
            reader.out.entities[owner].parts.append(f"{low} {part}")


def _many_colours(reader: _Reader, t: Token) -> None:
    """ "an object with different colors", "different colors and sizes of rocks", "a kite in bright colors",
    "letters ..., muted pastel colors": the thing's colour is those colours, in the prompt's words."""
    words: list[str] = []
    ancestors = set(t.ancestors)
    i = t.i - 1
    while i >= 0 and (reader.doc[i].pos_ in ("ADJ", "VERB") or reader.doc[i].lower_ in L.COLOR_MODIFIERS) \
            and reader.doc[i].is_alpha and reader.doc[i].i not in reader.entity_of \
            and reader.doc[i].lower_ not in QUANTIFIERS and reader.doc[i] not in ancestors:
        words.insert(0, reader.doc[i].lower_)  # "we see many vivid colors": vivid ones
        i -= 1
    if not words:
        return  # "colors" alone says nothing of which
    h = t.head
    owner = None
    if t.dep_ == "pobj" and h.lower_ in ("with", "in") and h.head.i in reader.entity_of:
        owner = reader.entity_of[h.head.i]  # "an object with different colors"
    for c in (t, *t.conjuncts):  # "different colors and sizes of rocks"
        for p in c.children:
            g = next((g for g in p.children if g.dep_ == "pobj"), None) if p.lower_ == "of" else None
            owner = reader.entity_of.get(g.i, owner) if g is not None and owner is None else owner
    if owner is None and i >= 0 and reader.doc[i].text in (",", ";"):  # a tag after the thing
        before = [reader.entity_of[j] for j in sorted(reader.entity_of) if j < i]
        owner = before[-1] if before else None
    if owner is not None and reader.out.entities[owner].color is None:
        reader.out.entities[owner].color = " ".join([*words, t.lower_])


def said_colour(t: Token) -> str | None:
    """The colour noun ``t``'s own clause gives it ("the letters are white", "the cat's eyes are green", "the
    letters are labeled in white"), for nouns said in their owner's description rather than drawn apart."""
    verb, subject = t.head, subject_of(t.head)
    if subject is None or subject.i != t.i:
        return None
    for c in verb.children:
        if c.dep_ in ("acomp", "attr") and is_colour(c):
            return colour_phrase(c)
        if c.dep_ == "prep" and c.lower_ == "in":
            g = next((g for g in c.children if g.dep_ == "pobj" and is_colour(g)), None)
            if g is not None:
                return colour_phrase(g)
    return None
