"""Comma-separated tags of a prompt: which describe the picture (style) and which the things in it.

Each tag is decided by its words and the noun table (:func:`agent.planners.style_words.is_style_tag`),
then by spaCy's tags over the whole tag list: credits ("john bauer"), adjective-only tags ("generative")
and style runs at a tag's end ("... tea hd octane render") (:mod:`agent.planners.credits`). Style goes
out in the user's words.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from agent.planners.credits import artist_tag, credit_tag, style_tail
from agent.planners.nlp import english
from agent.planners.parsed import Parsed
from agent.planners.style_words import SEP_RE, WORD_RE, is_style_tag, is_style_word
from agent.vocab import lexicon as L
from agent.vocab import noun_kind


def split_style(text: str) -> tuple[str, list[str]]:
    """(the body with style tags removed, the style tags in order, in the user's words).

    Tags are decided by their words and the noun table, then by spaCy's tags over the whole tag list for
    credits ("john bauer") and trailing style runs ("... tea hd octane render").
    """
    parts = SEP_RE.split(text)  # tag, separator, tag, separator, ...
    tags: list[tuple[str, str, int]] = []
    pos = 0
    for k in range(0, len(parts), 2):
        sep = parts[k + 1] if k + 1 < len(parts) else ""
        if parts[k].strip():
            tags.append((parts[k], sep, pos))
        pos += len(parts[k]) + len(sep)
    if not tags:
        return text, []
    doc = _parse_if_needed(text, tags)
    body: list[tuple[str, str]] = []
    style: list[str] = []
    for k, (tag, sep, start) in enumerate(tags):
        first = k == 0
        span = doc.char_span(start, start + len(tag), alignment_mode="expand") if doc is not None else None
        quoting = "__text" in tag  # a tag with a quoted text writes something: the text reader's, never style
        if len(tags) > 1 and not quoting and (
                is_style_tag(tag, first) or span is not None and _spacy_style_tag(span, first)):
            style.append(re.sub(r"^(?:a|an)\s+", "", tag.strip().strip("."), flags=re.IGNORECASE))
            continue
        cut = None if quoting else _tail_start(span)
        if cut is not None:
            style.append(text[cut:start + len(tag)].strip(" .!"))
            tag = text[start:cut]
        body.append((tag, sep))
    if not body:  # all style: the first tag is still what to draw, if the reader finds a thing in it
        body = [tags[0][:2]]
    return "".join(t + sep for t, sep in body).strip(" ,;|-"), style


def _parse_if_needed(text: str, tags: list[tuple[str, str, int]]) -> Doc | None:
    """spaCy's reading of the tag list when a tag may be a credit, all adjectives or end in a style run,
    else None: tags of known things ("a red car, a blue bus") and plain sentences ending in a known noun
    need no second parse."""
    for k, (tag, _, _) in enumerate(tags):
        words = WORD_RE.findall(tag.lower())
        if not words or k > 0 and is_style_tag(tag):
            continue
        kinds = [noun_kind(L.singular(w)) for w in words]
        if is_style_word(words[-1]) or kinds[-1] is None:
            return english()(text)  # a style run or a name may end it
        if k > 0 and any(kd is None or kd.kind == "p" for kd in kinds):
            return english()(text)  # a credit ("james gurney") or an adjective-only tag ("generative")
    return None


def _spacy_style_tag(span: Span, first: bool) -> bool:
    words = [t for t in span if t.is_alpha]
    if words and all(t.pos_ in ("ADJ", "ADV") and t.lower_ not in L.COLOR_WORDS | L.HAIR_COLORS for t in words):
        return True  # "generative", "extremely detailed": no thing at all, even as the first tag
    return not first and (credit_tag(span) or artist_tag(words))  # "..., monet": an artist WordNet knows


def _tail_start(span: Span | None) -> int | None:
    """The character offset where the tag's trailing style run starts, or None."""
    if span is None:
        return None
    i = style_tail(span)
    return None if i is None else span[i].idx


_CENTERED_RE = re.compile(r"\b(?:centered|centred|centered composition|center composition)\b", re.IGNORECASE)


def center_subject(out: Parsed, style_tags: list[str]) -> None:
    """ "a lighthouse, centered, dramatic sky", "a dog centered": a "centered" tag says where the subject goes
    (the first thing not hung on another), so it is a position as well as a look."""
    if not any(_CENTERED_RE.search(t) for t in style_tags):
        return
    subject = next((e for e in out.entities if e.anchor is None and e.count == 1), None)
    if subject is not None and subject.region is None and subject.place is None:
        subject.place, subject.region = "in the center", "center"
