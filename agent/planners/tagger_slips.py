"""Where the small tagger's tags contradict the grammar around them, and the grammar wins.

Why apart from the role rules: these are not questions of what a noun means, only of which token is the
noun. en_core_web_sm reads "A coin floats on the water" as one noun phrase headed by "floats" (coin a
compound), "a country home" with "home" an adverb, and "a mic, podium" with "mic" an adjective. English
settles each case by agreement or position: an article cannot count a plural, a participle after a noun is
its verb, and a word an article introduces that heads an argument is a noun.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

_INDEFINITE = frozenset({"a", "an"})
_ARGUMENT_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "appos"})


def verb_as_head(t: Token) -> bool:
    """``t`` is the verb of the noun compounded onto it: "a coin floats" (an article never counts a plural),
    "a volcano erupting" (an -ing word WordNet does not know as a noun, right after its subject)."""
    comps = [c for c in t.children if c.dep_ == "compound" and c.i < t.i]
    if not comps or comps[-1].i != t.i - 1 or comps[-1].pos_ not in ("NOUN", "PROPN") \
            or comps[-1].lower_ in L.COLOR_WORDS:
        return acting_before(t) is not None
    plural_only = t.lower_ in L.PAIR_NOUNS or t.lower_ in L.INVARIANT_NOUNS  # "an orange scissors"
    if t.tag_ == "NNS" and not plural_only and any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in t.children):
        return True
    return _verb_ing(t, abstract=False)


def _verb_ing(t: Token, abstract: bool) -> bool:
    """An -ing word tagged a noun that WordNet does not know ("erupting"), or (``abstract``) knows only as an
    abstraction ("kneeling": the act)."""
    low = t.text.lower()
    kind = noun_kind(low)
    return t.tag_ == "NN" and low.endswith("ing") and len(low) > 5 and (kind is None or abstract and kind.kind == "z")


def acting_before(t: Token) -> Token | None:
    """ "a fisherman kneeling on the pier" read as an adjective "fisherman" on a noun "kneeling": a person or
    animal noun tagged an adjective right before an -ing act is that act's subject, and the thing."""
    if not _verb_ing(t, abstract=True) or t.i == 0:
        return None
    c = t.doc[t.i - 1]
    kind = noun_kind(c.lower_)
    return c if c.dep_ == "amod" and c.head.i == t.i and c.tag_ == "JJ" and kind is not None \
        and kind.kind in "pa" else None


def introduced_noun(t: Token) -> bool:
    """An adjective or adverb tag on a word that an article introduces and that heads an argument of the
    sentence ("we can see a mic, podium and bottle", "a white country home"): only a noun fits there."""
    if t.pos_ not in ("ADJ", "ADV") or not t.is_alpha or len(t.text) < 3 or t.lower_ in L.COLOR_WORDS:
        return False
    if t.dep_ not in _ARGUMENT_DEPS or any(c.dep_ in ("amod", "advmod", "acomp") and c.i > t.i for c in t.children):
        return False
    if t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ in ("NOUN", "PROPN", "ADJ"):
        return False  # "a dark red apple": a modifier whose noun follows
    return any(c.dep_ == "det" and c.lower_ in _INDEFINITE and c.i < t.i for c in t.children)


def colour_not_thing(t: Token) -> bool:
    """A colour word that is also a noun ("orange", "cream") used as a colour: listed with colours ("a black and
    orange body", "yellow, cream and red") or right before the noun it colours ("an orange fire_hydrant")."""
    low = t.lower_
    if low not in L.COLOR_NOUNS:
        return False
    near = [t.head] if t.dep_ == "conj" else []
    near += [c for c in t.children if c.dep_ == "conj"]
    if any(w.lower_ in L.COLOR_WORDS and w.lower_ not in L.COLOR_NOUNS for w in near):
        return True
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return nxt is not None and nxt.head.i == t.i and nxt.dep_ in ("amod", "compound") \
        and ("_" in nxt.text or nxt.pos_ in ("NOUN", "PROPN"))


def compound_modifier(t: Token) -> bool:
    """A noun that is the first half of an unhyphened compound adjective: "a hand painted sign", "paint chipped
    doors", "sun dried tomatoes" (the noun says how the participle came about; no hand is drawn)."""
    h = t.head
    return t.dep_ == "npadvmod" and h.i == t.i + 1 and h.tag_ in ("VBN", "JJ") and h.dep_ == "amod"


_TAG_MARKS = frozenset({",", ";", "|"})
_RUN_ENDS = frozenset({"ADP", "CCONJ", "PUNCT", "PART", "SCONJ", "AUX", "DET", "NUM"})
_THING_KINDS = frozenset("oplafbck")  # not art, setting or substance: those tags are style or the backdrop


def tag_heads(doc: Doc) -> set[int]:
    """Tokens that head a comma-separated tag of a tag list though the tagger gave them another tag:
    "vikings war, cave troll, ..." ("troll" an adjective, "vikings" a verb). A tag list has no sentence to
    parse, so spaCy's tags there are guesses; the tag's own words, read from WordNet, decide. In the tag's
    opening run of words (up to a preposition or a conjunction), the last word WordNet knows as a thing is its
    head: the run's last word, or a word tagged a verb before a last word that is no thing ("vikings war");
    adverbs ("leaning forward") and adjectives before a noun ("electric lights") stay what they are."""
    if sum(t.text in _TAG_MARKS for t in doc) < 2:
        return set()
    out: set[int] = set()
    start = 0
    for i in range(len(doc) + 1):
        if i < len(doc) and doc[i].text not in _TAG_MARKS:
            continue
        out.update(_run_heads(doc, start, i))
        start = i + 1
    return {i for i in out if doc[i].pos_ not in ("NOUN", "PROPN")}


def _run_heads(doc: Doc, start: int, end: int) -> list[int]:
    run = []
    for t in doc[start:end]:
        if t.pos_ in _RUN_ENDS:
            break
        run.append(t)
    things = [t.i for t in run if t.is_alpha and len(t) > 2 and t.lower_ not in L.COLOR_WORDS
              and (t.pos_ == "VERB" or t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i == run[-1].i)  # not "electric"
              and (noun_kind(L.singular(t.lower_)) or _NO_KIND).kind in _THING_KINDS]
    return things[-1:]


_NO_KIND = NounKind("-")
