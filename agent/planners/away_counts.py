"""Counts said away from their noun, after it: "cocktail napkins, white, set of four", "candies ..., set of nine
different foreshortenings", "silver icons - six colors vector set".

Why apart: the number's own noun is no thing (a set, a colour), so the noun reader keeps it for nothing; the
grammar of a caption (a count after the things, past a comma or a dash) says which things it counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.each_counts import one_each
from agent.planners.read_nouns import lookup, noun_name, number_value, said_number, sane_count

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

_SHEET_WORDS = frozenset({"set", "pack", "group", "collection", "bundle", "lot", "box"})


def trailing_counts(reader: _Reader) -> None:
    """A count said after the things (of a word that is no thing, or of none) counts the last uncounted
    plural ones before it: "red tulips in a vase, set of four" (the tulips); "icons - six colors" (one icon
    in each colour). Then bare plurals go one to each counted owner (:mod:`agent.planners.each_counts`)."""
    for t in reader.doc:
        sheet = t.lower_ in _SHEET_WORDS
        value = _sheet_count(t, reader.entity_of) if sheet else _variant_count(t)
        if value is None or sheet and t.i in reader.entity_of:
            continue
        plural = [e for j, e in sorted(reader.entity_of.items()) if j < t.i and reader.doc[j].sent == t.sent
                  and not reader.out.entities[e].counted and reader.out.entities[e].count > 1]
        if plural:
            ent = reader.out.entities[plural[-1]]
            ent.count, ent.counted = sane_count(value, ent.name, reader.out.warnings), True
            if t.i in reader.entity_of:  # "hearts - five sizes": a size is no thing (WordNet's glue sense)
                reader.out.entities[reader.entity_of[t.i]].count = 0
    _leading_counts(reader)
    one_each(reader)  # the counts settled, bare plurals said of counted owners take theirs


def _leading_counts(reader: _Reader) -> None:
    """ "4 pack colorful mugs", "3 set steel bowls": a number before a sheet word with no "of" after it counts
    the first uncounted plural things that follow it in the sentence."""
    for t in reader.doc:
        prev = reader.doc[t.i - 1] if t.i > 0 else None
        if t.lower_ not in _SHEET_WORDS or prev is None or not prev.like_num or any(
                c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            continue
        value = number_value(prev)
        after = [e for j, e in sorted(reader.entity_of.items()) if j > t.i and reader.doc[j].sent == t.sent]
        if value is not None and after and not reader.out.entities[after[0]].counted \
                and reader.out.entities[after[0]].count > 1:
            ent = reader.out.entities[after[0]]
            ent.count, ent.counted = sane_count(value, ent.name, reader.out.warnings), True
            if t.i in reader.entity_of:  # "5 pack white towels": the pack is the towels, not a sixth thing
                reader.out.entities[reader.entity_of[t.i]].count = 0


def _sheet_count(t: Token, things: dict[int, int]) -> float | None:
    """ "set of four": the number, when what the set is "of" is no thing of its own (``things``: the tokens
    that are entities)."""
    objs = [g for c in t.children if c.dep_ == "prep" and c.text.lower() == "of"
            for g in c.children if g.dep_ == "pobj"]
    if not objs or objs[0].i in things:
        return None
    nums = [objs[0]] if objs[0].like_num else [c for c in objs[0].children if c.dep_ == "nummod"]
    return number_value(nums[0]) if nums else None


def _variant_count(t: Token) -> float | None:
    """ "icons - six colors", "mugs, four designs": a counted quality or kind (no thing, no "of", set off by
    a dash or a comma from the things before it) says how many variants of them are shown."""
    if t.pos_ != "NOUN" or not said_number(t) or any(c.dep_ == "prep" for c in t.children):
        return None
    kind = lookup(noun_name(t))
    if kind is None or kind.drawable or kind.art or kind.kind not in "qzx":
        return None
    before = t.doc[max(t.sent.start, t.i - 3):t.i]
    if not any(w.text in ("-", ",", "–", ":") for w in before):
        return None
    num = next((c for c in t.children if c.dep_ == "nummod"), None)
    return number_value(num) if num is not None else None
