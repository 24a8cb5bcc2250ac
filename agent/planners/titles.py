"""Titles of works in tag-style prompts: "Castle in the Sky", "Beyond The Silver Gate", "the matrix 1999".

People name a film, a book or a game to borrow its look. Its words are nouns ("castle", "tree", "runner"),
so the sentence reader would draw them as things nobody asked for. A title is told by its spelling, not by
a list of titles:

- a run of capitalised words that holds a function word ("the", "in", "of") is title case: either a
  capitalised function word inside it ("Beyond The Silver Gate") or a lower-case article between
  capitalised words ("Castle in the Sky", "Beauty and the Beast"; not "Statue of Liberty", a place), in a
  prompt that is otherwise written in lower case (a prompt in title case throughout is just capitalised,
  and so is a first tag in title case with nothing else in it: "Red Car In The Rain, cinematic lighting");
- a comma tag after the first whose words end in a year ("the matrix 1999", "dust arena 2019"):
  a work or an event of that year. When the words before the year are just a place ("paris 1920",
  "new york 1985"), the place stays for the reader (the setting) and only the year goes to the style.

A title goes to ``style`` in the user's words. A title after a word that announces a text ("titled",
"called", "reads") is left for the text reader.
"""

from __future__ import annotations

import re

from agent.vocab import noun_kind

_FUNCTION = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "with", "under", "from",
                       "over", "into", "upon", "beyond", "without", "within", "behind", "above", "below",
                       "through", "across", "among", "after", "before", "against", "beneath", "inside"})
_ARTICLES = frozenset({"the", "a", "an"})
_TEXT_CUES = frozenset({"titled", "entitled", "called", "named", "says", "saying", "reads", "reading", "word",
                        "words", "text", "caption", "slogan", "spelling", "spells", "lettering"})
_TOKEN_RE = re.compile(r"[A-Za-z][\w'’-]*|\S")
_TAG_SEP_RE = re.compile(r"(\s*[,;|]\s*|\.\s+)")
_YEAR_TAG_RE = re.compile(r"^(?:[a-z][\w'-]*\s+){1,3}(?:1[5-9]|2[01])\d\d$")


def _capitalised(word: str) -> bool:
    """ "Castle", "The", "Ghibli": a capital then lower case (not "OXYDE", not "4K")."""
    return word[:1].isupper() and any(c.islower() for c in word[1:])


def _title_case(words: list[str]) -> bool:
    """Whether a run of words bounded by capitalised words reads as a title (see the module docstring)."""
    if len(words) < 3 or sum(1 for w in words if _capitalised(w) and w.lower() not in _FUNCTION) < 2:
        return False
    caps_function = any(_capitalised(w) and w.lower() in _FUNCTION for w in words[1:-1])
    lower_article = any(w in _ARTICLES for w in words[1:-1])
    return caps_function or lower_article


def _runs(tokens: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of maximal runs of capitalised words and lower-case function words that start and
    end with a capitalised word."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i].group(0)):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and (_capitalised(tokens[j].group(0)) or tokens[j].group(0) in _FUNCTION):
            j += 1
        while j > i + 1 and not _capitalised(tokens[j - 1].group(0)):
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def _whole_first_tag(text: str, tokens: list[re.Match[str]], i: int, j: int) -> bool:
    """Whether the run ``tokens[i:j]`` is the prompt's whole first tag ("Red Car In The Rain, cinematic
    lighting"): the subject written in title case, as people often do, not a work named for its look."""
    rest = text[tokens[j - 1].end():].lstrip()
    return not text[:tokens[i].start()].strip() and (not rest or rest[0] in ",;|.")


def _title_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of title-case runs, in a prompt otherwise written in lower case."""
    tokens = list(_TOKEN_RE.finditer(text))
    spans: list[tuple[int, int]] = []
    inside: set[int] = set()
    for i, j in _runs(tokens):
        words = [t.group(0) for t in tokens[i:j]]
        before = tokens[i - 1].group(0).lower() if i else ""
        if _title_case(words) and before not in _TEXT_CUES and not _whole_first_tag(text, tokens, i, j):
            spans.append((tokens[i].start(), tokens[j - 1].end()))
            inside.update(range(i, j))
    lower = sum(1 for k, t in enumerate(tokens) if k not in inside and t.group(0)[:1].islower()
                and t.group(0).lower() not in _FUNCTION)
    return spans if lower >= 2 else []


def split_titles(text: str) -> tuple[str, list[str]]:
    """(``text`` with the titles of works taken out, the titles in the user's words)."""
    titles: list[str] = []
    out: list[str] = []
    pos = 0
    for a, b in _title_spans(text):
        out.append(text[pos:a])
        titles.append(text[a:b])
        pos = b
    out.append(text[pos:])
    text = " ".join(p.strip() for p in out if p.strip()) if titles else text
    parts = _TAG_SEP_RE.split(text)  # tag, separator, tag, ...
    kept: list[str] = parts[:1]
    for k in range(2, len(parts), 2):
        tag = parts[k].strip()
        place, _, year = tag.rpartition(" ")
        if _YEAR_TAG_RE.match(tag) and (kind := noun_kind(place)) is not None and kind.setting:
            kept += [parts[k - 1], place]
            titles.append(year)
        elif _YEAR_TAG_RE.match(tag):
            titles.append(tag)
        else:
            kept += parts[k - 1:k + 1]
    return "".join(kept), titles
