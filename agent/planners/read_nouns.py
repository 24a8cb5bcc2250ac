"""Nouns of a parsed prompt: which ones are things to draw, how many, which colour, and what else they are.

Works on a spaCy ``Doc`` (tokens, POS, lemmas, dependency arcs). A noun's role comes from the WordNet table
(:mod:`agent.vocab`) and its place in the sentence: art forms heading "X of Y" are the style, rooms and
landscapes are the setting, qualities and measures are nothing to draw, body parts belong to their owner.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.tokens import Token

from agent.planners import tokens as T
from agent.planners.colour_words import colour_phrase, is_colour, plain_colour
from agent.planners.noun_runs import phrase_start
from agent.planners.split_compounds import split_head_modifier
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L
from agent.vocab.words import compound_singular

QUANTIFIERS = {"several": 3, "many": 5, "few": 3, "multiple": 3, "various": 3, "numerous": 6, "some": 3,
               "both": 2, "couple": 2, "dozens": 24, "hundreds": 20, "thousands": 20}
# "N kinds of X": N X, one of each kind.
SORT_HEADS = frozenset({"kind", "type", "breed", "variety", "sort", "species", "style", "model", "flavor", "flavour",
                        "color", "colour", "shape", "size"})
_PLACE_PREPS = frozenset({"in", "at", "on", "inside", "within", "across", "through", "along", "into", "over",
                          "onto", "around", "throughout", "during", "near", "by", "under", "beneath", "against",
                          "overlooking", "above", "from", "of"})
_DRAW_NOUNS = L.TEXT_SURFACES | L.SEEN_EFFECTS | frozenset(L.COCO_CLASSES) | frozenset(L.MULTIWORD_NOUNS)
_NUM_RE = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass
class Noun:
    """One noun head the reader looked at, and what it decided."""

    tok: Token
    name: str
    kind: NounKind | None
    role: str = "object"  # object | background | style | part | skip | shown | negative
    entity: int | None = None


ART_WORDS = frozenset({"render", "rendering", "footage", "video", "film", "still", "art", "artwork", "photography",
                       "shot", "snapshot", "selfie", "illustration", "sketch", "drawing", "painting", "portrait",
                       "photo", "photograph", "picture", "image", "animation", "cinematography", "timelapse",
                       "concept", "vector", "clipart", "infographic", "screenshot", "scan", "wallpaper"})
PART_WORDS = frozenset({"tail", "wing", "paw", "fur", "mane", "beak", "horn", "hoof", "claw", "whisker", "feather",
                        "fin", "hair", "skin", "eye", "nose", "ear", "mouth", "tooth", "tongue", "face", "head",
                        "tusk", "antler", "snout", "muzzle"})


# WordNet files these under noun.Tops (the top of the hierarchy), which says nothing about being drawable.
TOP_NOUNS = {"object": "o", "objects": "o", "thing": "o", "item": "o", "food": "f", "animal": "a", "plant": "l",
             "person": "p", "creature": "a", "organism": "a"}


def lookup(name: str) -> NounKind | None:
    """The noun's kind; hand lists win where WordNet's senses mislead (a poster is a thing to draw)."""
    if name in TOP_NOUNS:
        return NounKind(TOP_NOUNS[name], TOP_NOUNS[name])
    if name in ART_WORDS:
        return NounKind("r", "r")
    if name in PART_WORDS:
        return NounKind("b", "b")
    kind = noun_kind(name) or closed_compound(name)
    last = name.rpartition(" ")[2]
    if " " in name and (kind is None or not kind.drawable):  # "name tag": the tag decides
        head = noun_kind(last)
        kind = head if head is not None and (kind is None or head.drawable) else kind
    if (name in _DRAW_NOUNS or last in _DRAW_NOUNS) and (kind is None or not kind.drawable or kind.kind == "u"):
        return NounKind("o", "o")
    if name in L.STYLE_PHRASES and name not in L.FRAME_NOUNS and name not in _DRAW_NOUNS:
        return NounKind("r", "r")
    return kind


def closed_compound(name: str) -> NounKind | None:
    """The kind of a two-noun name that English also writes as one word when that is a thing to draw ("knee
    cap": a kneecap, a body part, not a cap; "tooth brush", "sea shell"), else None ("candle light": the
    light stays a light)."""
    kind = noun_kind(name.replace(" ", "")) if name.count(" ") == 1 else None
    return kind if kind is not None and (kind.drawable or kind.kind == "b") else None


def _noun_before(t: Token) -> bool:
    """The word right before ``t`` is a noun compounded onto it ("knee cap"), not an adjective ("heavy weight")."""
    c = t.doc[t.i - 1] if t.i > 0 else None
    return c is not None and c.dep_ == "compound" and c.head.i == t.i and c.pos_ == "NOUN"


def singular_of(t: Token) -> str:
    """The singular: the lexicon's rules first, spaCy's lemma for irregulars the rules leave unchanged,
    and the word itself when neither is a known noun ("ramen" stays ramen)."""
    low = t.text.lower().replace("’", "'").replace("_", " ")  # "fire_hydrant": a multiword joined for the tagger
    one = compound_singular(low)
    if one is not None and noun_kind(one) is not None:
        return one  # "three businessmen", "four salespeople"
    if t.tag_ in ("NNS", "NNPS") or L.looks_plural(low):
        s = L.singular(low)
        lemma = s
        if low in L.PAIR_NOUNS and (_pair_of(t) or _worn_word(t)):
            return low  # "a pair of glasses", "wearing glasses": one pair of glasses
        if low in L.IRREGULAR_PLURALS or low in L.INVARIANT_NOUNS or noun_kind(s) is not None:
            return s
        for cand in (lemma, low[:-2] if low.endswith("es") else "", low[:-1] if low.endswith("s") else ""):
            # "irises" -> "iris"; a word not ending in s keeps its letters ("moai" is not "moa")
            if cand and cand != low and noun_kind(cand) is not None:
                return cand
        return s
    return low


def _worn_word(t: Token) -> bool:
    while t.dep_ == "conj":
        t = t.head
    return t.dep_ == "dobj" and t.head.text.lower() in _WEAR_FORMS


_WEAR_FORMS = frozenset({"wear", "wears", "wearing", "wore", "worn", "sporting", "don", "donning"})


def _pair_of(t: Token) -> bool:
    h = t.head
    return t.dep_ == "pobj" and h.text.lower() == "of" and h.head.text.lower() in ("pair", "pairs")


def noun_name(t: Token) -> str:
    """The bare category: the longest known multiword ending in ``t`` ("teddy bear", "t-shirt"), else
    the head word in singular. Colour adjectives join only a listed multiword ("hot dog", not "red fox")."""
    head = singular_of(t)
    portion = partitive(t)
    if portion is not None:  # "a slice of cake": the slice is what is drawn, of cake
        return f"{L.singular(portion.text.lower())} of {_bare_name(t, head)}"
    return _bare_name(t, head)


def partitive(t: Token) -> Token | None:
    """The portion noun ``t`` is the stuff of ("a slice of cake", "a drop of liquid"), if any."""
    h = t.head
    if t.dep_ == "pobj" and h.text.lower() == "of" and L.singular(h.head.text.lower()) in PARTITIVES:
        return h.head
    return None


# Nouns that name a portion of the stuff after "of": the portion is the thing drawn.
PARTITIVES = frozenset({"slice", "piece", "chunk", "drop", "scoop", "wedge", "sliver", "lump", "bite", "loaf",
                        "spoonful", "handful", "dollop", "splash", "puddle", "strip", "shred", "crumb", "cube"})


def _bare_name(t: Token, head: str) -> str:
    names = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    kind = noun_kind(head)
    person = kind is not None and kind.kind == "p" and t.pos_ == "PROPN"  # "Harry Potter": a person's name
    if 0 < len(names) <= 2 and names[0].i == t.i - len(names) and (kind is None or person) \
            and all(c.pos_ == "PROPN" for c in t.lefts if c.dep_ == "compound") \
            and not any((noun_kind(c.text.lower()) or _NONE).kind == "s" for c in names):
        return " ".join([*(c.text.lower() for c in names), t.text.lower()])  # "camelia emberg": a person's name
    left = _left_words(t)
    for k in range(len(left)):
        words = left[k:]
        if words[0] == "-":
            continue  # "acme - Pack of ...": a dash opens no name
        joined = (" ".join(words) + " " + head).replace(" - ", "-")
        if words[0] in L.COLOR_WORDS and joined not in L.KNOWN_NOUNS or words[0] in ("left", "right") and kind \
                is not None and kind.kind == "b":  # WordNet's "left hand" is a hand on the left side
            continue
        for cand in (joined, joined.replace("- ", "-").replace(" -", "-")):
            if cand in L.KNOWN_NOUNS or noun_kind(cand) is not None and cand.count(" ") <= 2 \
                    or k == len(left) - 1 and _noun_before(t) and closed_compound(cand) is not None:
                return L.canonical(cand)
    return L.canonical(head)


_NONE = NounKind("-")


def _left_words(t: Token) -> list[str]:
    """Compound / adjective words right before ``t`` that may form a multiword name with it."""
    words: list[str] = []
    i = t.i - 1
    while i >= 0 and t.i - i <= 3:
        w = t.doc[i]
        if w.text == "-" or w.dep_ in ("compound", "amod", "nmod") and w.head.i in (t.i, i + 1) \
                or w.whitespace_ == "" and t.doc[i + 1].text == "-":
            words.insert(0, w.text.lower())
            i -= 1
            continue
        break
    return words


def number_value(t: Token) -> float | None:
    """The value of a number token ("two", "12", "0.5", "-3", "ten thousand" via its compounds)."""
    low = t.text.lower().replace(",", "")
    if _NUM_RE.match(low):
        return float(low)
    if low in _SCALE:
        base = [number_value(c) for c in t.children if c.dep_ in ("compound", "quantmod", "nummod")]
        return (base[0] or 1) * _SCALE[low] if base and base[0] is not None else _SCALE[low]
    if low in L.NUMBER_WORDS and low not in ("a", "an", "no", "lot", "lots", "group", "bunch", "handful"):
        return float(L.NUMBER_WORDS[low])
    return None


def stated_count(t: Token) -> tuple[float | None, bool]:
    """(count, negated) said of noun ``t`` by its own modifiers; None when no number was said."""
    count: float | None = None
    negated = False
    for c in _mods(t):
        low = c.text.lower()
        if _label_number(c, t):
            continue
        if c.dep_ in ("nummod", "quantmod") or c.like_num and c.i < t.i and c.dep_ in ("compound", "amod", "det"):
            value = number_value(c)
            if value is not None:
                count = value
        elif c.dep_ == "det" and low == "no" or c.dep_ == "neg":
            negated = True
        elif c.dep_ in ("amod", "det") and low in QUANTIFIERS and count is None:
            count = float(QUANTIFIERS[low])
    if count is None and t.dep_ == "pobj" and t.head.text.lower() == "of":
        count = _quantity_head(t.head.head, t)
    if count is None and "_" in t.text:  # a joined multiword the parser left bare: "four baseball_gloves"
        prev = [w for w in _left_run(t) if w.like_num]
        count = number_value(prev[0]) if prev else None
    return count, negated


VAGUE = frozenset({"some", "several", "few", "many", "multiple", "various", "numerous", "lots", "lot", "a", "an"})


def said_number(t: Token) -> bool:
    """Whether a number proper is said of noun ``t`` ("nine", "12", "both", "a dozen"), not a vague quantity
    ("some", "multiple", "various") nor an article."""
    return any(c.like_num or c.text.lower() in L.NUMBER_WORDS and c.text.lower() not in VAGUE
               for c in t.children if c.dep_ in ("nummod", "quantmod", "det", "amod"))


def _label_number(c: Token, t: Token) -> bool:
    """A number that names rather than counts: digits after the noun ("Flight 19", "blade runner 2049",
    "M11 39"), a year before it ("1945 cars" is a vintage, not 1945 cars), or digits inside a phrase that an
    article makes one singular thing ("a top 10 list poster", "a 3 story house")."""
    digits = c.text.replace(",", "")
    if not digits.isdigit():
        return False
    if t.tag_ == "NN" and any(d.dep_ == "det" and d.lower_ in ("a", "an") and d.i < c.i for d in t.children):
        return True  # "a top 10 list poster": an article and a singular noun say one; the number ranks a list
    return c.i > t.i or len(digits) == 4 and 1800 <= int(digits) <= 2100


def _left_run(t: Token) -> list[Token]:
    """The adjectives, colours and numbers right before ``t`` ("two purple" in "two purple fire_hydrants")."""
    out: list[Token] = []
    i = t.i - 1
    while i >= 0 and (t.doc[i].like_num or t.doc[i].text.lower() in L.COLOR_WORDS | L.COLOR_MODIFIERS
                      or t.doc[i].pos_ == "ADJ"):
        out.insert(0, t.doc[i])
        i -= 1
    return out


def _quantity_head(q: Token, noun: Token) -> float | None:
    """ "a pair of shoes" = 2, "two pairs of jeans" = 2 pairs, "a dozen eggs", "a group of people" = 3."""
    low = L.singular(q.text.lower())
    own = [number_value(c) for c in q.children if c.dep_ in ("nummod", "quantmod") and c.i < q.i]
    n = next((v for v in own if v is not None), 1.0)
    if low in SORT_HEADS or low in PARTITIVES:  # "nine different breeds of dogs": one of each; "three slices"
        return n if own and own[0] is not None else None
    if low not in T.QUANTITY_HEADS:
        return None
    if low in ("pair", "couple"):
        return n if noun.text.lower() in L.PAIR_NOUNS or L.singular(noun.text.lower()) in L.PAIR_NOUNS else n * 2
    if low == "dozen":
        return n * 12
    return float(L.DEFAULT_PLURAL_COUNT) if n == 1 and not own else n


def sane_count(value: float, name: str, warnings: list[str]) -> int:
    """A count one can draw: fractions round up, negatives read as their size, huge ones are capped."""
    if value < 0 or value != int(value):
        fixed = max(1, math.ceil(abs(value)))
        warnings.append(f"read {value:g} {name}(s) as {fixed}")
        return fixed
    if value > L.MAX_INSTANCES:
        warnings.append(f"{int(value)} {name}s is too many to place; using {L.MAX_INSTANCES}")
        return L.MAX_INSTANCES
    return int(value)


def _mods(t: Token) -> list[Token]:
    """``t``'s children and those of its compounds ("a brown teddy bear": brown hangs on "teddy"), and a
    number the parser hung on an adjective before it ("six English blue and white plates": on "blue")."""
    out = list(t.children)
    for c in t.children:
        if c.dep_ == "compound" and c.i < t.i:
            out += [g for g in c.children if g.i < c.i]
        elif c.dep_ in ("amod", "nmod") and c.pos_ == "ADJ" and c.i < t.i:
            out += [g for g in c.children if g.i < c.i and g.dep_ == "nummod" and g.like_num]
    return sorted(out, key=lambda x: x.i)


def colour_of(t: Token) -> str | None:
    """The colour its own modifiers give noun ``t`` ("light blue", "black and white", "grey")."""
    for c in _mods(t):
        if c.i > t.i or c.dep_ not in ("amod", "compound", "nmod") or _quoted(c, t):
            continue  # "a 'green' sticker": the word written on it, not its colour
        low = c.text.lower()
        if low in L.COLOR_WORDS:
            return colour_phrase(c)
        if low in ("colored", "coloured") and c.i >= 2 and c.doc[c.i - 1].text == "-":
            return plain_colour(c.doc[c.i - 2].text)  # "a caramel-colored kitten"
    if "_" in t.text:  # a joined multiword the parser left bare: "a purple computer_keyboard"
        colours = [w for w in _left_run(t) if w.text.lower() in L.COLOR_WORDS]
        return colour_phrase(colours[-1], join=False) if colours else None
    tone = next((c for c in _mods(t) if c.i < t.i and c.dep_ == "amod" and is_colour(c) and not _quoted(c, t)), None)
    return colour_phrase(tone) if tone is not None else None


def modifiers_of(t: Token) -> list[str]:
    """Adjectives and compounds that describe ``t`` but are not its colour or its count ("striped", "wooden")."""
    out = []
    start = phrase_start(t)  # "girl long black hair": a phrase of its own ends at "girl"
    for c in _mods(t):
        low = c.text.lower()
        if start <= c.i < t.i and c.dep_ in ("amod", "compound", "nmod") and low not in L.COLOR_WORDS \
                and low not in L.COLOR_MODIFIERS and low not in QUANTIFIERS and not c.like_num \
                and low not in T.SKIP_WORDS and not _quoted(c, t) \
                and not ("_" in c.text and any(g.dep_ == "conj" for g in c.children)):  # a listed thing
            out.append(low)
    split = split_head_modifier(t)  # "a dragon tattoo" the tagger split apart
    return [*([split] if split else []), *(m for m in out if m not in noun_name(t).split())]


def _quoted(c: Token, t: Token) -> bool:
    """Modifier ``c`` of ``t`` is quoted words ("a 'Fresh Eggs' sign"): the text on the thing, not a look."""
    doc = c.doc
    return any(x.is_quote for x in doc[c.i + 1:t.i]) and any(x.is_quote for x in doc[max(0, c.i - 6):c.i])


def looks_plural(t: Token) -> bool:
    low = t.text.lower().replace("_", " ")
    if t.tag_ == "NNP" and t.text[:1].isupper() and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.lefts):
        return False  # "Sherlock Holmes", "Serena Williams": one person's name
    return L.looks_plural(low) or t.tag_ in ("NNS", "NNPS") and singular_of(t) != low


def determiner(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ in ("det", "poss") and c.i < t.i:
            return c.text.lower()
    return None


def place_prep(t: Token) -> str | None:
    """The preposition that puts noun ``t`` somewhere ("in" a kitchen, "at" the beach), if any."""
    if t.dep_ == "pobj" and t.head.text.lower() in _PLACE_PREPS:
        return t.head.text.lower()
    if t.dep_ == "conj":
        return place_prep(t.head)
    return None
