"""Credits ("by X") and style runs in tag-style prompts, read from spaCy's tags: "mucha, klimt, john bauer",
"... trending on artstation artgerm Greg rutkowski alphonse mucha cinematic", "... tea hd octane render".

People paste artist names and render words after the subject, with or without commas. WordNet knows some
of the names as common nouns ("miller", "gurney", "smith"), so the noun table alone would draw them; the
parser's part-of-speech tags, in the context of the whole tag list, say they are names. Two rules:

- a comma tag (not the first: that is the subject) that is a proper-noun run with no thing at its head is
  a credit ("ian miller", "james gurney": a given name first; not "eiffel tower", "times square");
- a run at the end of a tag, after a noun, of names, words WordNet does not know and known style words,
  is style when it holds two names or a style word ("Peter Mohrbacher craig mullins ... extreme detailed").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from agent.planners.read_nouns import Noun, lookup
from agent.planners.style_words import STYLE_TAGS, is_style_word
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L
from agent.vocab.artists import is_artist_name

_MAX_TAG_WORDS = max(len(t.split()) for t in STYLE_TAGS)
_BEFORE_RUN = frozenset({"NOUN", "PROPN", "ADJ"})  # "female Peter Mohrbacher", not "of Barack Obama", "nine moai"


def artist_tag(words: list[Token]) -> bool:
    """Whether a comma tag's words name an artist WordNet knows ("monet", "claude monet", "van gogh"): the
    whole tag, or its last word after given names WordNet lacks or the tagger calls names."""
    if not words or not all(w.is_alpha for w in words):
        return False
    if is_artist_name(" ".join(w.lower_ for w in words)):
        return True
    return is_artist_name(words[-1].lower_) and all(w.pos_ == "PROPN" or noun_kind(w.lower_) is None
                                                    for w in words[:-1])


def credit_tag(tag: Span) -> bool:
    """Whether a (non-first) comma tag is a credit: every word a proper noun or a word WordNet does not know,
    at least one tagged a proper noun, and the head a person noun ("ian miller", "john miller"), else no
    place among the words and the head unknown or, after a given name, any noun ("don bluth", "james
    gurney"; not "eiffel tower", "mount fuji", "lasagna", "jetty")."""
    words = [t for t in tag if t.is_alpha]
    if not words or not any(t.pos_ == "PROPN" for t in words):
        return False
    whole = noun_kind(" ".join(t.lower_ for t in words))
    if len(words) > 1 and whole is not None and whole.kind != "p":
        return False  # WordNet names the whole tag as a thing or place: "eiffel tower", "golden retriever"
    if any(t.pos_ != "PROPN" and _kind(t) is not None for t in words):
        return False
    if any(t.lower_ in L.COLOR_WORDS or t.lower_ in L.NUMBER_WORDS for t in words):
        return False
    kinds = [_kind(t) for t in words]
    head = kinds[-1]
    if head is not None and head.kind == "p":
        return True  # "ian miller", "john miller": a name ending in a person noun
    if any(k is not None and k.setting for k in kinds):
        return False  # "mount fuji", "new york"
    if head is None:
        return True
    return len(words) > 1 and kinds[0] is not None and kinds[0].kind == "p"


def style_tail(tag: Span) -> int | None:
    """The index (in ``tag``) where a trailing style run starts, or None when the tag has none."""
    toks = list(tag)
    i, names, styles = len(toks), 0, 0
    while i > 0:
        n = _style_words_ending(toks, i)
        if n:
            i, styles = i - n, styles + 1
            continue
        t = toks[i - 1]
        if t.is_punct and t.text in "!?.":
            i -= 1  # "bluth!!!"
        elif t.text == "-" and i >= 2 and not t.whitespace_ and not toks[i - 2].whitespace_ and names + styles:
            i -= 2  # "royalty-free footage": one word
        elif t.lower_ in ("&", "and") and styles and _style_words_ending(toks, i - 1):
            i -= 1  # "stock videos & royalty-free footage"
        elif _name(t):
            i, names = i - 1, names + 1
        elif t.pos_ == "ADJ" and t.lower_ not in L.COLOR_WORDS and (names or styles):
            i -= 1  # "extreme detailed" after the names
        else:
            break
    while i < len(toks) and toks[i].pos_ == "ADJ" and not is_style_word(toks[i].lower_):
        i += 1  # the run starts with a name or a style word: "fantasy female Peter ..." keeps "female"
    names = sum(1 for t in toks[i:] if _name(t))
    if i >= len(toks) or i == 0 or not (names >= 2 or styles) or toks[i - 1].pos_ not in _BEFORE_RUN:
        return None
    return i


def _style_words_ending(toks: list[Token], end: int) -> int:
    """How many words ending at ``end`` form a known style tag ("octane render", "hd", "cinematic"); 0 if none."""
    for n in range(min(_MAX_TAG_WORDS, end), 0, -1):
        words = " ".join(t.lower_ for t in toks[end - n:end])
        if is_style_word(words):
            return n
    return 0


def _name(t: Token) -> bool:
    """A name or a word WordNet does not know ("Mohrbacher", "frazetta", "artgerm", "Peter", "klimt")."""
    if not t.is_alpha or t.lower_ in L.COLOR_WORDS:
        return False
    kind = _kind(t)
    if kind is None:  # a verb only as the small tagger's guess for a name ("artgerm", not "smiling")
        return t.pos_ in ("PROPN", "NOUN", "X") or t.tag_ in ("VB", "VBD", "VBP") and not t.lower_.endswith("ed")
    return kind.kind == "p" and t.pos_ in ("PROPN", "VERB")  # "Peter", "klimt" (tagged a verb), not "national"


def _kind(t: Token) -> NounKind | None:
    return noun_kind(t.lower_) or noun_kind(L.singular(t.lower_))


def credit(t: Token) -> bool:
    """A name after "by" ("a painting by Edward Hopper"): the artist, never a thing in the picture."""
    return credit_name(t) is not None


def credit_name(t: Token) -> Token | None:
    """The object of "by" that ``t`` is (part of) when it names who made the picture, else None: "by moebius
    and makoto shinkai" (the tagger hangs "makoto" on "moebius", an nmod of "shinkai")."""
    for _ in range(4):
        if t.dep_ == "pobj" or t.dep_ not in ("conj", "nmod", "compound", "appos") or t.head.i == t.i:
            break
        lo, hi = sorted((t.i, t.head.i))
        if any(x.text in (",", ";") for x in t.doc[lo:hi]):
            return None  # "by Ralph Steadman, dark velvet, ..., fishing boat": a credit ends its tag
        t = t.head
    if t.dep_ != "pobj" or t.head.text.lower() != "by" or _agent_of_a_deed(t.head):
        return None
    return t if t.pos_ == "PROPN" or lookup(t.text.lower().replace("_", " ")) is None or t.text[:1].isupper() else None


# Participles of making a picture: "by" after them names the maker ("painted by Monet", "shot by ...").
_MAKING = frozenset({"drawn", "painted", "photographed", "made", "created", "illustrated", "rendered", "shot",
                     "designed", "sculpted", "filmed", "directed", "written", "printed", "carved", "sketched",
                     "taken", "inspired", "influenced", "produced", "composed", "captured", "animated", "inked",
                     "colored", "coloured", "engraved", "etched", "crafted", "done", "imagined", "generated",
                     "styled", "lit", "edited", "envisioned", "drafted", "modeled", "modelled"})


def _agent_of_a_deed(by: Token) -> bool:
    """ "replaced by bookshelves", "a house destroyed by Godzilla": the doer of a passive verb other than
    making the picture is a thing in it, not a credit."""
    return by.dep_ == "agent" and by.head.pos_ == "VERB" and by.head.lower_ not in _MAKING


def credited_medium(n: Noun) -> bool:
    """ "cyanotype by Anna Atkins": a word WordNet lacks for the work a credit made is its medium, a style."""
    return n.kind is None and any(c.lower_ == "by" and any(credit(g) for g in c.children) for c in n.tok.children)
