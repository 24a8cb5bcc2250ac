"""Tokens for the rule parser: longest-match phrases (relations, places, text verbs, multiword nouns),
then one class per remaining word (number, colour, determiner, conjunction, word...).

Also the small closed word sets the chunker needs and the verb test that ends a noun phrase
("three apples rolled off", "a dog chases a cat").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.vocab import lexicon as L

TOKEN_RE = re.compile(r"__text\d+__|[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*|[,.;:!?()&]")

PHRASES: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}


def _add_phrase(text: str, kind: str, value: object) -> None:
    words = tuple(text.split())
    PHRASES.setdefault(words[0], []).append((words, kind, value))


for _p, _r in L.RELATION_PHRASES.items():
    _add_phrase(_p, "rel", _r)
for _p, _c in L.ABSOLUTE_PLACES.items():
    _add_phrase(_p, "place", _c)
for _p in L.TEXT_VERBS_STRONG:
    _add_phrase(_p, "textverb", True)
for _p in L.TEXT_VERBS_WEAK:
    _add_phrase(_p, "textverb", False)
for _p in ("as well as", "along with", "together with", "in addition to", "accompanied by", "and also"):
    _add_phrase(_p, "conj", None)
for _p in L.MULTIWORD_NOUNS:
    _add_phrase(_p, "noun", _p)
    _add_phrase(_p.rsplit(" ", 1)[0] + " " + _p.rsplit(" ",
                                                       1)[1] + ("es" if _p.endswith(("s", "sh", "ch", "x")) else "s"),
                "noun", _p)
for _p in ("a pair of", "a couple of", "a group of", "a bunch of", "a lot of", "lots of", "a few", "a dozen",
           "a handful of", "a set of", "a herd of", "a flock of", "a pack of", "a stack of", "a pile of", "a row of",
           "a number of", "a variety of", "plenty of", "a school of", "a swarm of", "a crowd of", "a team of",
           "a family of", "a collection of", "a line of", "a litter of", "a bouquet of", "a cluster of"):
    _add_phrase(_p, "num", L.NUMBER_WORDS.get(_p.split()[1], L.DEFAULT_PLURAL_COUNT) if _p.split()[0] == "a"
                else L.NUMBER_WORDS.get(_p.split()[0], L.DEFAULT_PLURAL_COUNT))
for _first in list(PHRASES):
    PHRASES[_first].sort(key=lambda t: -len(t[0]))


def verb_forms(base: str) -> set[str]:
    """A regular verb's base, -s, -ing and -ed forms (irregular ones are listed in the lexicon)."""
    y_ending = base.endswith("y") and base[-2] not in "aeiou"
    stem = base[:-1] if base.endswith("e") and not base.endswith("ee") else base
    return {
        base,
        base[:-1] + "ies" if y_ending else base + ("es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else "s"),
        stem + "ing",
        base + base[-1] + "ing",  # sit -> sitting (over-generates harmlessly)
        base + "d" if base.endswith("e") else base[:-1] + "ied" if y_ending else base + "ed",
        base + base[-1] + "ed",
    }


VERB_FORMS: set[str] = set(L.IRREGULAR_VERB_FORMS).union(*(verb_forms(b) for b in L.VERB_BASES))
VERB_BASES = frozenset(L.VERB_BASES)
SKIP_WORDS = frozenset({"there", "here", "very", "quite", "really", "so", "too", "just", "also", "only", "even",
                        "exactly", "precisely", "approximately", "roughly", "nearly", "almost", "together",
                        "please", "maybe", "perhaps", "then", "again",
                         "all", "both", "now", "who", "whose", "whom", "what", "when", "while", "some", "one",
                         "being", "it", "its", "they", "them", "their", "which", "that", "where", "each", "other"})
CLAUSE_WORDS = frozenset({"that", "which", "who", "where", "whose", "while", "whilst", "as", "when"})
OTHER_PREPS = frozenset({"for", "from", "to", "through", "across", "against", "along", "toward", "towards", "after",
                          "during", "throughout", "off", "out", "up", "down", "past", "via", "like", "than", "about"})
QUANTITY_HEADS = frozenset({"pair", "couple", "group", "bunch", "lot", "lots", "few", "dozen", "handful", "set", "herd",
                             "flock", "pack", "stack", "pile", "row", "number", "variety", "plenty", "school", "swarm",
                             "team", "family", "collection", "line", "litter", "bouquet", "cluster", "crowd"})


# Verbs whose object is a thing in hand, never the setting: "a robot carrying a tiny house".
HANDLING_VERBS = frozenset().union(*(verb_forms(b) for b in (
    "carry", "hold", "lift", "hug", "wear", "eat", "push", "pull", "throw", "kick", "build", "paint", "draw", "grab",
    "catch", "balance", "clutch", "cradle", "squeeze", "toss", "juggle", "deliver", "drag", "hoist", "offer", "present",
    "examine", "inspect"))) | {"held", "threw", "thrown", "ate", "eaten", "wore", "worn", "built", "drew", "drawn",
                               "caught"}
# Modifiers that make a setting noun a small object: "a tiny house", "a toy castle" (not after in/at).
SMALL_WORDS = frozenset({"tiny", "small", "little", "miniature", "mini", "toy", "model", "paper", "cardboard", "lego"})
# Pure scenery: a background whatever relation or verb leads to it ("balloons over a valley").
LANDSCAPES = frozenset({"beach", "forest", "kitchen", "city", "desert", "field", "ocean", "sea", "sky", "jungle",
                         "meadow", "valley", "park", "street", "room", "living room", "bedroom", "bathroom", "office",
                         "garden", "countryside", "mountains", "landscape", "cityscape", "space", "outer space",
                         "underwater", "night", "sunset", "sunrise", "savanna", "savannah", "farm", "classroom",
                         "moon", "river", "lake", "hills", "snow", "grass", "lawn", "horizon", "clouds", "water",
                         "waves", "sand", "mountain range", "night sky", "skyline", "galaxy", "universe",
                         "stars", "starry sky", "fog", "mist", "rain", "storm", "snowfall", "prairie", "tundra"})


@dataclass
class Tok:
    kind: str  # word num det color colormod rel place textverb text neg conj punct verb of prep noun skip
    low: str
    orig: str
    value: object = None
    start: int = 0  # character span in the prompt body
    end: int = 0


def tokenize(body: str) -> list[Tok]:
    ms = list(TOKEN_RE.finditer(body))
    raw = [m.group(0).lower().replace("’", "'") for m in ms]
    toks: list[Tok] = []
    i = 0
    while i < len(raw):
        tok = None
        for words, kind, value in PHRASES.get(raw[i], ()):
            n = len(words)
            if tuple(raw[i:i + n]) == words:
                tok = Tok(kind, " ".join(words), body[ms[i].start():ms[i + n - 1].end()], value)
                break
        n = len(tok.low.split()) if tok is not None else 1
        if tok is None:
            tok = classify(raw[i], ms[i].group(0))
        tok.start, tok.end = ms[i].start(), ms[i + n - 1].end()
        toks.append(tok)
        i += n
    return toks


def classify(low: str, orig: str) -> Tok:
    if low.startswith("__text"):
        return Tok("text", low, orig, int(low[6:-2]))
    low = low.removesuffix("'s")
    if low.isdigit():
        return Tok("num", low, orig, int(low))
    if low in ("no", "without", "not", "never", "minus", "excluding", "except", "sans", "nor"):
        return Tok("neg", low, orig)
    if low in L.NUMBER_WORDS and low not in ("no", "zero", "lot", "lots", "group", "bunch", "handful", "pair", "couple",
                                             "twin", "single", "both"):
        return Tok("num", low, orig, L.NUMBER_WORDS[low])
    if low in L.DETERMINERS:
        return Tok("det", low, orig)
    for suffix in ("-colored", "-coloured", "-ish"):
        if low.endswith(suffix) and low[: -len(suffix)] in L.COLOR_WORDS:
            return Tok("color", low, orig, low[: -len(suffix)])
    if low in L.COLOR_WORDS:
        return Tok("color", low, orig, "gray" if low == "grey" else low)
    parts = low.split("-")
    if len(parts) > 1 and all(w in L.COLOR_WORDS or w == "and" for w in parts) and parts[0] != "and":
        return Tok("color", low, orig, " ".join(parts).replace("grey", "gray"))  # "red-and-white"
    if low in L.COLOR_MODIFIERS:
        return Tok("colormod", low, orig)
    if low == "of":
        return Tok("of", low, orig)
    if low in L.CONJUNCTIONS or low in CLAUSE_WORDS:
        return Tok("conj", low, orig)
    if low in ",.;:!?()&":
        return Tok("punct", low, orig)
    if low in OTHER_PREPS:
        return Tok("prep", low, orig)
    if low in L.RELATION_PHRASES:
        return Tok("rel", low, orig, L.RELATION_PHRASES[low])
    return Tok("word", low, orig)


def is_verb(tok: Tok, nxt: Tok | None) -> bool:
    """Is ``tok``, coming after a noun phrase's first content word, a verb that ends the phrase?"""
    w = tok.low
    if w in L.IRREGULAR_VERB_FORMS:
        return True
    known_noun = w in L.KNOWN_NOUNS or w in L.NOUN_NOT_VERB or L.singular(w) in L.KNOWN_NOUNS
    ends_phrase = nxt is None or nxt.kind in ("punct", "conj")
    if w in VERB_FORMS:
        if known_noun:  # "a gold watch on a table" vs "a woman watches a bird"
            return nxt is not None and nxt.kind in ("det", "num")
        return not (ends_phrase and w in VERB_BASES)  # "the rough brown bark." ends in a noun
    if len(w) > 4 and w.endswith("ed") and not known_noun:
        return True
    if len(w) > 5 and w.endswith("ing") and not known_noun:
        return True
    return len(w) > 5 and w.endswith("ly") and not known_noun and not w.endswith("fly")


def after_plural_head(prev: str, w: str) -> bool:
    """ "two cars stuck ...": a word after a known plural noun that is no noun itself starts a verb phrase."""
    return L.looks_plural(prev) and L.singular(prev) in L.KNOWN_NOUNS and w not in L.KNOWN_NOUNS \
        and not L.looks_plural(w)
