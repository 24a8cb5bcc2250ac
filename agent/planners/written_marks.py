"""Letters, numbers and formulas written on a thing, when the prompt quotes no text: "a neon sign with pink
letters", "the sign has white letters", "A typewriter sits on a desk. The letters are labeled in white.",
"a clock on a tower. The numbers are black.", "a chalkboard covered in equations".

Why: with a quoted text, "the letters" say how that text is written (the text reader's business); with no
text at all they are marks on the thing that bears them, how that thing looks. Drawn apart they would be
stray boxes; dropped (they are symbols, not objects, to WordNet), the thing loses them and their colour.
So they go into the bearer's description with their colour ("a typewriter with white letters"), the way a
pattern does (:func:`agent.planners.read_parts.place_patterns`). Text with no words to write ("a board
with some text written on it") is drawn as a thing of its own on the bearer: what a viewer points at as "the
text", though what it says is unknown (so no Scene text is made up).

The bearer: the thing that has them ("with", "have", a possessive), the thing they are "on" or "of",
else, for marks said in their own clause ("the numbers are black"), the thing the paragraph is about
(:func:`agent.planners.topics.topic_before`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.parsed import Entity, Parsed
from agent.planners.read_anchors import owner_token
from agent.planners.read_colours import said_colour
from agent.planners.read_nouns import colour_of, modifiers_of
from agent.planners.topics import topic_before

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

# Written symbols (WordNet: noun.communication, the written-symbol and notation senses) and their runs.
MARK_NOUNS = frozenset({"letter", "lettering", "number", "numeral", "digit", "character", "formula",
                        "equation", "inscription", "glyph", "hieroglyph", "rune"})
# Text said with no words to write ("some text written on it", "a poster with writing"): drawn as a text-like
# thing on its bearer (what it says is unknown, so no Scene text), the picture's text a viewer would point at.
TEXT_MARKS = frozenset({"text", "writing"})
_BEARING_PREPS = frozenset({"on", "of", "across", "along", "around"})


def place_marks(reader: _Reader, out: Parsed) -> None:
    """Give each written-mark noun the reader skipped to the thing that bears it (see the module doc); only
    when the prompt has no text to write, since then "the letters" would be that text's."""
    if out.texts:
        return
    for n in reader.nouns:
        if n.name not in MARK_NOUNS | TEXT_MARKS or n.entity is not None or n.role not in ("skip", None):
            continue
        owner = _bearer(reader, n.tok)
        if owner is None:
            continue
        colour = colour_of(n.tok) or said_colour(n.tok)
        if n.name in TEXT_MARKS:  # "a board with some text written on it": text drawn on the board
            out.entities.append(Entity(name=n.name, color=colour, anchor=("on", owner)))
            reader.kinds.append("x")
            continue
        words = [w for w in modifiers_of(n.tok) if w != colour]
        phrase = " ".join([*([colour] if colour else []), *words, n.tok.text.lower()])
        parts = out.entities[owner].parts
        if phrase not in parts:
            parts.append(phrase)


def _bearer(reader: _Reader, t: Token) -> int | None:
    on = next((g for c in t.children if c.dep_ == "prep" and c.lower_ in _BEARING_PREPS for g in c.children
               if g.dep_ == "pobj" and g.i in reader.entity_of), None)
    if on is not None:  # "the letters on the sign"; "a man with a number on his shirt": the shirt, not the man
        return reader.entity_of[on.i]
    said = [t, *(c for c in t.children if c.dep_ == "acl")]  # "some text written on it"
    pointers = {g.lower_ for w in said for c in w.children if c.dep_ == "prep" and c.lower_ in _BEARING_PREPS
                for g in c.children}
    if "it" in pointers:  # "a man in a shirt with a number on it": "it" is the last thing named, not a person
        things = [k for i, k in sorted(reader.entity_of.items()) if t.sent.start <= i < t.i
                  and reader.doc[i].pos_ != "PRON" and reader.kinds[k] not in ("p", "a")]
        if things:
            return things[-1]
    tok = owner_token(t)  # "it has white numbers": "it" as the reader resolved it
    if tok is not None and tok.i in reader.entity_of:
        return reader.entity_of[tok.i]
    if pointers & {"it", "them"}:  # "a cup with some text on it": what the sentence is about
        return topic_before(reader, t)
    if t.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return topic_before(reader, t)
