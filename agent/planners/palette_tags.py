"""Palette tags: "a toothpaste tube, a 3D render, candy pastel", "paper letters, muted pastel colors".

Why: a tag that only names a palette ("candy pastel", "muted pastel colors", "dark neochrome colours") is a
look of the whole picture, so it stays in ``style``; but its colours are, first of all, the colours of the
thing the picture is of. A model asked for "a toothpaste tube" in a pastel picture may paint the backdrop
pastel and the tube white; saying the palette with the subject (its ``color``: "a tube in muted pastel
colors") draws what the tag asks. The subject is the prompt's first thing that hangs on no other; a
subject with a colour of its own keeps it.
"""

from __future__ import annotations

import re

from agent.planners.parsed import Parsed
from agent.vocab import lexicon as L

# Words that end a palette tag: a colour, a palette-making colour modifier, or a word for colours.
_PALETTE_ENDS = L.COLOR_WORDS | {"pastel", "pastels", "neon", "colors", "colours", "palette", "tones", "hues"}
_WORD = re.compile(r"[a-z]+")
_MAX_WORDS = 4  # "very muted pastel colors"; a longer tag says more than a palette


def palette(tag: str) -> str | None:
    """The palette a style tag names ("candy pastel", "muted pastel colors"), in its words, else None. A tag
    of colour words only ("yellow and teal") is the colour reader's (it stays in the sentence)."""
    words = _WORD.findall(tag.lower())
    if not words or len(words) > _MAX_WORDS or words[-1] not in _PALETTE_ENDS:
        return None
    if words[-1] in ("colors", "colours", "palette", "tones", "hues") and len(words) == 1:
        return None  # "colors" alone says nothing of which
    return " ".join(words)


def colour_subject(out: Parsed, style_tags: list[str]) -> None:
    """Give the first palette tag of ``style_tags`` to each free-standing thing with no colour of its own."""
    found = next((p for p in map(palette, style_tags) if p is not None), None)
    if found is None:
        return
    for e in out.entities:
        if e.color is None and (e.anchor is None or e.anchor[0] in ("on", "in")):
            e.color = found
