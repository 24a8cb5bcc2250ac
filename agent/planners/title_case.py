"""Product titles written in Title Case: "Set Of 4 Blue Glass Vases", "3 Ceramic Flower Pots With Holes".

Why: the small tagger reads every capitalised word as a proper noun, so "Blue Glass Vases" becomes a name,
"Of 4" loses its number and "Flower Pots" is no flower pot. When nearly every content word is capitalised
and at least one of them is a thing the table knows ("Vases"; not a person: names are persons there too),
the capitals say nothing about names: the words are read in lower case. Words in capitals only ("LED",
"USB") and quoted texts (already markers here) keep their case; a title of names alone ("Marlene Dietrich
by Ilya Repin") is left as it is.
"""

from __future__ import annotations

import re

from agent.vocab import lexicon as L
from agent.vocab import noun_kind

_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "with", "and", "or", "for", "to", "at", "by",
                             "from", "over", "under", "into", "x"})
_WORD_RE = re.compile(r"(?<![_\w])[A-Za-z][A-Za-z'-]*")
_MIN_CONTENT_WORDS = 4
_TITLE_SHARE = 0.8


def untitle(body: str) -> str:
    """``body`` with its words in lower case when it is written in Title Case, else unchanged."""
    words = [m.group(0) for m in _WORD_RE.finditer(body)]
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS and not w.isupper()]
    if len(content) < _MIN_CONTENT_WORDS:
        return body
    capitalised = [w for w in content if w[0].isupper()]
    if len(capitalised) < _TITLE_SHARE * len(content):
        return body
    things = [w for w in capitalised if (k := noun_kind(L.singular(w.lower()))) is not None and k.drawable
              and k.kind in "olafbck"]  # not "Dietrich" (a person) nor "Ada" (a substance): names
    if not things:
        return body
    return _WORD_RE.sub(lambda m: m.group(0) if m.group(0).isupper() and len(m.group(0)) > 1
                        else m.group(0).lower(), body)
