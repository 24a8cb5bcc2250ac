"""Which tokens of a parsed prompt are noun heads: the tagger's nouns, and the known nouns it tagged as
something else where only a noun fits ("stove in cabinet.", "a suit and tie", "four cacti").

Kept apart from :mod:`agent.planners.read_nouns` (what a noun is, how many, which colour): this module
only decides which tokens the reader looks at.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from agent.planners.mark_chains import chain_heads
from agent.planners.noun_runs import cut_off_compound
from agent.planners.picture_nouns import sheet_thing
from agent.planners.read_nouns import lookup, singular_of
from agent.planners.split_compounds import noun_after_noun, split_modifier, subject_head
from agent.planners.tagger_slips import introduced_noun, tag_heads
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

_NONE = NounKind("-")
_DECADE_RE = re.compile(r"\d+0['’]?s")


def is_noun(t: Token) -> bool:
    """A noun that heads its phrase (not a compound modifier, not a number, not a quoted word)."""
    joined = "_" in t.text and t.text.replace("_", "").isalpha()  # a listed multiword name, whatever its tag
    if t.pos_ not in ("NOUN", "PROPN") and t.tag_ not in ("NN", "NNS") and not joined:
        return False
    if t.pos_ == "PRON" and not joined:  # "everyone", "nobody" come tagged NN: no thing of their own
        return False
    if t.like_num or not any(c.isalpha() for c in t.text) or _DECADE_RE.fullmatch(t.text):
        return False  # "in his 30s", "the 1920s": a number made plural names an age or a decade, not a thing
    if t.dep_ == "amod" and t.pos_ == "PROPN" and t.text.islower() and t.head.i == t.i + 1:
        return False  # "..., cozy living room": a lower-case word before a noun, which the tagger called a name
    if t.dep_ == "amod" and t.pos_ == "NOUN" and not joined and t.head.pos_ == "NOUN" and t.head.i > t.i \
            and not any(w.dep_ in ("cc", "det") or w.is_punct for w in t.doc[t.i + 1:t.head.i]):
        # "a pine tree": part of its name; "a fire_hydrant and a tennis racket" is two things (a mis-parse)
        return not (noun_kind(singular_of(t.head)) or _NONE).drawable or cut_off_compound(t)  # "fox cub fluffy tail"
    return not (t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i) or cut_off_compound(t)


def sentence_nouns(doc: Doc, skip: set[int], in_phrase: set[int]) -> list[Token]:
    """Noun heads in order, leaving out tokens in ``skip`` (quoted or written text, units). A known noun the
    tagger took for a modifier of a relation word ("a lantern right of a trumpet") is a noun too."""
    out = []
    heads = tag_heads(doc) | chain_heads(doc)  # "Doctor icon sign symbol": three keywords, three things
    for t in doc:
        if t.i in skip or t.i in in_phrase:
            continue
        if t.dep_ in ("amod", "compound") and t.head.i > t.i and _thing_as_root_verb(t.head):
            continue  # "giant" of "giant jellyfish floating ...": the modifier of that noun
        if split_modifier(t):
            continue  # "dragon" of "a dragon tattoo" the tagger split: the tattoo's kind, said in its description
        if is_noun(t) or t.i in heads or _mistagged(t, in_phrase) or _thing_as_root_verb(t) or sheet_thing(t) \
                or subject_head(t):
            out.append(t)
    return out


def _thing_as_root_verb(t: Token) -> bool:
    """ "giant jellyfish floating over a city": a thing WordNet knows, tagged the sentence's verb, with no
    subject or object of its own but a modifier before it, which only a noun takes, heads a fragment."""
    if t.dep_ != "ROOT" or t.pos_ != "VERB" or t.tag_ not in ("VB", "VBP", "VBZ") or t.lower_.endswith(("ing", "ed")):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux", "auxpass", "neg") for c in t.children):
        return False
    if all(c.is_punct for c in t.children) and (noun_kind(t.lower_) or _NONE).drawable:
        return True  # "a photo of mars": a lone word the tagger read as "mar"+s, which WordNet knows as a thing
    return any(c.dep_ in ("amod", "compound") and c.i == t.i - 1 for c in t.children) \
        and (lookup(singular_of(t)) or _NONE).kind in "oplafck"


def _listed_after_noun(t: Token) -> bool:
    if t.pos_ != "VERB" or t.i < 2 or t.doc[t.i - 1].text.lower() not in ("and", "or"):
        return False
    prev = t.doc[t.i - 2]
    kind = noun_kind(singular_of(t))
    if prev.pos_ != "NOUN" or kind is None or any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "prt") for c in t.children):
        return False
    prev_kind = noun_kind(singular_of(prev))
    if prev_kind is not None and kind.kind == prev_kind.kind == "b":
        return True  # "with left foot and hands close": body parts listed together
    return kind.alt in ("c", "o") and prev_kind is not None and prev_kind.kind in ("c", "o")


def _loose_part(t: Token) -> bool:
    """ "arms bent, hands right in front of face", "hand cupped up": a body-part word the tagger took for a
    verb but made a subject or hung on nothing (``dep``), with no subject or object of its own, is the part."""
    return t.dep_ in ("dep", "nsubj", "nsubjpass", "conj") and (noun_kind(singular_of(t)) or _NONE).kind == "b" \
        and not any(c.dep_ in ("nsubj", "dobj") for c in t.children)


def _mistagged(t: Token, in_phrase: set[int]) -> bool:
    """A known noun tagged as an adjective or verb where only a noun fits: it modifies a relation word, or
    it heads a phrase with a number or an article ("four cacti", "a lantern right of ...")."""
    joined = "_" in t.text and t.text.replace("_", "").isalpha()
    low = t.text.lower()
    if t.pos_ == "PRON":
        return False  # "He is standing on ...": a pronoun, never WordNet's helium
    if low in L.COLOR_NOUNS and t.dep_ in ("conj", "appos") and t.head.pos_ == "NOUN" and not any(
            c.dep_ in ("amod", "compound") for c in t.children) and t.head.text.lower() not in L.COLOR_WORDS:
        return True  # "a pear, orange, and two bananas": a fruit in a list of things
    if introduced_noun(t) or noun_after_noun(t):
        return True  # "we can see a mic, podium and bottle", "a white country home", "a dragon tattoo on"
    if t.pos_ == "ADJ" and t.dep_ == "pobj" and t.is_alpha and low not in L.COLOR_WORDS \
            and (noun_kind(L.singular(low)) or _NONE).drawable:
        return True  # "a flock of geese": a preposition's object is never an adjective
    if not joined and (not t.is_alpha or low in L.COLOR_WORDS or noun_kind(singular_of(t)) is None):
        return False
    if _opens_clause(t) and t.pos_ == "VERB" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ in ("ADP", "ADV") \
            and (lookup(singular_of(t)) or _NONE).kind in "oplafck" and t.tag_ in ("VB", "NN", "NNS") \
            and t.doc[t.i + 1].dep_ != "prt" and not any(w.pos_ == "DET" for w in _clause(t)):
        return True  # "stove in cabinet. bench on table.": a thing opening a terse sentence with no article,
        # not an order ("Fly over the mountains", "Stand up next to a car")
    if _opens_clause(t) and t.i + 1 in in_phrase and t.tag_ in ("VBP", "JJ", "MD"):
        return True  # "can on person. can near monitor.": a sentence that is a relation
    if t.i - 1 in in_phrase and t.tag_ in ("MD", "VB", "VBP") and (t.i + 1 == len(t.doc) or t.doc[t.i + 1].is_punct):
        return True  # "umbrella next to can.": the end of a relation, where no verb can stand
    if t.tag_ == "VBZ" and (noun_kind(singular_of(t)) or _NONE).kind == "b" and not _has_subject(t) \
            and not any(c.dep_ == "dative" or c.dep_ == "dobj" and c.pos_ == "PRON" for c in t.children):
        return True  # "knees bent", "hands right in front of the face": a body part, not "she hands him a cup"
    if subject_before_act(t):
        return True  # "knees bent, subject leaning back": the one who leans, not a quality of leaning
    if t.pos_ == "VERB" and _loose_part(t):
        return True  # "left arm is bent and hand cupped up": a verb is never a subject; a body part is
    if _listed_after_noun(t):
        return True  # "a suit and tie", "a shirt and tie": a thing in a list the tagger took for a verb
    if t.head.i in in_phrase and t.dep_ in ("amod", "compound", "nmod", "nsubj"):
        return True  # "a lantern right of ...", "a tv_remote left of ..."
    heads_phrase = t.dep_ in ("ROOT", "nsubj", "dobj", "pobj", "conj", "attr", "appos")
    return t.pos_ in ("ADJ", "VERB") and heads_phrase and any(
        c.dep_ == "nummod" or c.dep_ == "det" and c.text.lower() in ("a", "an") for c in t.children)


def _has_subject(v: Token) -> bool:
    """Whether verb ``v`` has a subject, its own or that of the verb it is conjoined to ("she bends and hands
    him a cup"). A finite verb with none ("crouched down with left foot and hands close to the left leg") is
    no verb: the tagger read a plural as one, even when it gave that "verb" an object."""
    verbs = [v, v.head] if v.dep_ == "conj" else [v]
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for w in verbs for c in w.children)


def subject_before_act(t: Token) -> bool:
    """An adjective tag on a noun WordNet knows (not a quality) that opens a clause right before the -ing verb
    it is hung on, a verb with no subject of its own: "arms up, subject leaning back", "model kneeling on the
    floor". An adjective never modifies a verb; the noun is who does it."""
    h = t.head
    if t.tag_ != "JJ" or t.dep_ != "amod" or h.i != t.i + 1 or h.tag_ != "VBG" or h.dep_ == "amod":
        return False
    if not (t.i == 0 or t.doc[t.i - 1].is_punct or t.doc[t.i - 1].pos_ == "CCONJ"):
        return False
    kind = noun_kind(t.lower_)
    return kind is not None and kind.kind not in "qe" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in h.children)


def _opens_clause(t: Token) -> bool:
    """The first word of a sentence or of a terse clause after a full stop the parser did not split at."""
    return t.i == t.sent.start or t.i > 0 and t.doc[t.i - 1].text in (".", ";")


def _clause(t: Token) -> list[Token]:
    """The words from ``t`` to the next full stop ("tie near person" in "person wear shirt. tie near person")."""
    out = []
    for w in t.doc[t.i:]:
        if w.text in (".", ";"):
            break
        out.append(w)
    return out
