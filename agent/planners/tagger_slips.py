"""Where the small tagger's tags contradict the grammar around them, and the grammar wins.

Why apart from the role rules: these are not questions of what a noun means, only of which token is the
noun. en_core_web_sm reads "A coin floats on the water" as one noun phrase headed by "floats" (coin a
compound), "a country home" with "home" an adverb, and "a mic, podium" with "mic" an adjective. English
settles each case by agreement or position: an article cannot count a plural, a participle after a noun is
its verb, and a word an article introduces that heads an argument is a noun.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.planners.read_nouns import number_value
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


def stands_alone(t: Token) -> bool:
    """Whether ``t`` is the sentence's root, or heads its comma-separated tag though the parser hung it on a
    word of another tag ("cyberpunk street market, rain, neon signs": "market" read as the subject of "signs";
    a tag list has no sentence, so a tag's head stands as a root would)."""
    lo, hi = sorted((t.i, t.head.i))
    return t.dep_ == "ROOT" or any(w.text in (",", ";") for w in t.doc[lo + 1:hi])


def _verb_ing(t: Token, abstract: bool) -> bool:
    """An -ing word tagged a noun that WordNet does not know ("erupting"), or (``abstract``) knows only as an
    abstraction ("kneeling": the act)."""
    low = t.text.lower()
    if t.tag_ != "NN" or not low.endswith("ing") or len(low) <= 5:
        return False
    kind = noun_kind(low)  # "an orchestra playing in a hall": "playing" is a noun only as an act
    if kind is None or abstract and kind.kind == "z":
        return True
    return not kind.drawable and not kind.art and kind.kind in "zqh" and _acts(t)


def _acts(t: Token) -> bool:
    """An -ing word that takes what a verb takes: a place or an object after it ("playing in a hall")."""
    return any(c.dep_ in ("prep", "dobj", "advmod", "npadvmod") and c.i > t.i for c in t.children)


def compounded_things(t: Token) -> list[Token]:
    """The nouns compounded onto ``t`` that may be the thing to draw ("a t-shirt design"; not a colour:
    "rainbow lines"), else the person noun the tagger read as an adjective before an -ing act ("a fisherman
    kneeling")."""
    comps = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")
             and c.text.lower() not in L.COLOR_WORDS]
    return comps or [c for c in [acting_before(t)] if c is not None]


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
    if t.dep_ not in _ARGUMENT_DEPS:
        return False
    kind = noun_kind(t.lower_)  # "a kitten asleep on a pillow": a thing WordNet knows, its state after it
    if any(c.dep_ in ("amod", "advmod", "acomp") and c.i > t.i for c in t.children) \
            and (kind is None or not kind.drawable or kind.kind == "e"):
        return False
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and (nxt.head.i != t.i or kind is None):
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
    doors", "sun dried tomatoes", "Hand drawn set of cups" (the noun says how the participle came about; no
    hand is drawn)."""
    h = t.head
    opens = t.i == t.sent.start or t.doc[t.i - 1].is_punct  # the tag's first word: "Hand drawn set of cups"
    if opens and t.dep_ == "nsubj" and h.i == t.i + 1 and h.tag_ in ("VBN", "VBD") and not any(
            c.dep_ in ("aux", "auxpass", "det") for c in (*h.children, *t.children)):
        # a participle with an object has no subject; a past tense does, unless its object is a catalogue sheet
        return any(c.dep_ == "dobj" and (h.tag_ == "VBN" or c.lower_ in _SHEETS) for c in h.children)
    return t.dep_ == "npadvmod" and h.i == t.i + 1 and h.tag_ in ("VBN", "JJ") and h.dep_ == "amod"


_SHEETS = frozenset({"set", "collection", "pack", "bundle", "kit"})
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


_MODIFIER_RUN = frozenset({"ADJ", "NOUN", "PROPN", "VERB", "CCONJ"})
_COUNTABLE_TAGS = ("NN", "NNS", "NNPS")


def counted_modifier_head(t: Token) -> Token | None:
    """The noun a counted plural modifies when the plural runs on into it with no comma, article or
    preposition: "a pack of two babies pink striped leggings" (an English plural head is never followed by
    adjectives and a second noun, so "babies" says whose leggings, and its number counts them). Every noun of
    the run but its last is a modifier; None when ``t`` ends no such run or is its head. A singular noun
    counted above one and right before a plural ("12 steak knives", the tagger's "12 steak") is such a
    modifier too."""
    num = next((c for c in t.children if c.dep_ == "nummod"), None)
    if num is None or t.tag_ not in _COUNTABLE_TAGS:
        return None
    if t.tag_ == "NN":
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        value = number_value(num)
        if nxt is None or nxt.tag_ != "NNS" or nxt.pos_ != "NOUN" or value is None or value < 2 or t.whitespace_ == "":
            return None
        kind = noun_kind(L.singular(nxt.lower_))
        return nxt if kind is not None and kind.kind in _THING_KINDS else None
    run = []
    for w in t.doc[t.i + 1:t.sent.end]:
        verb = w.pos_ == "VERB" and w.dep_ != "amod"
        if w.pos_ not in _MODIFIER_RUN or verb and (not run or w.tag_ not in ("VBN", "VBD")):
            break  # a participle inside the run describes ("navy striped"); one right after the plural is its verb
        run.append(w)
    if not run or run[0].pos_ == "CCONJ" or run[-1].tag_ not in ("NNS", "NNPS") or run[-1] in t.conjuncts:
        return None  # "two dogs and cats": two kinds, not one
    kind = noun_kind(L.singular(run[-1].lower_))
    return run[-1] if kind is not None and kind.kind in _THING_KINDS else None


def run_modifier(t: Token) -> bool:
    """``t`` is a noun inside such a run, before its head: "babies" and "bunny" of "two babies pink bunny and
    cream spotted leggings"."""
    for s in t.doc[t.sent.start:t.i + 1]:
        head = counted_modifier_head(s) if s.tag_ in _COUNTABLE_TAGS else None
        if head is not None and s.i <= t.i < head.i:
            return True
    return False


def counted_run(head: Token, colour: str | None) -> tuple[float, str, str | None] | None:
    """(count, the run's words, the colour) when a counted plural runs on into ``head`` ("two babies pink bunny
    and cream spotted leggings": 2, "babies bunny and cream spotted", "pink"): the colour is the head's own
    ``colour``, else the run's first colour word, and is left out of the words."""
    for s in head.doc[head.sent.start:head.i]:
        if s.tag_ in _COUNTABLE_TAGS and counted_modifier_head(s) == head:
            value = number_value(next(c for c in s.children if c.dep_ == "nummod"))
            run = head.doc[s.i:head.i]
            colour = colour or next((w.lower_ for w in run if w.lower_ in L.COLOR_WORDS), None)
            words = " ".join(w.lower_ for w in run if w.lower_ != colour)
            return (value, words, colour) if value is not None else None
    return None
