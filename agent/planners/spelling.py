"""Typing slips in prompts: "a coffe cup", "dramatic lightong", "libraey shelves".

Why: a misspelt noun is a word neither WordNet nor the parser knows, so the reader draws it as a thing
of that odd name (a "coffe" beside the coffee), or misses a style word ("lightong" is no lighting). A word
is read as a slip of another only when the evidence is strong, because prompts are full of names nobody
misspelt ("beksinski", "artgerm", "giger"):

- the word is lower case, at least five letters, not a verb form ("-ing", "-ed"), and unknown both to the
  noun table and to the parser's vocabulary (about 85,000 strings seen in training);
- exactly one known noun (in both) is one keystroke away: a letter dropped, added or swapped with its
  neighbour, or replaced by a key next to it on a QWERTY keyboard;
- that noun keeps the word's first two letters and its last letter, and is not the word itself;
- that noun is one the planner draws (a drawable thing or a setting: "coffee", "library") or a style word
  ("lighting"): a slip onto an abstract or rare noun reads real words the table lacks as something else
  ("elote" is no "elite", "chaat" no "chat");
- a noun under five letters is meant only when the slip is a key pressed twice ("suiit" is "suit"): a
  letter dropped from a short word reaches too many nouns ("shiba" is no "shia", "arepa" no "area").

Each correction is a warning naming both words: the input is not changed silently.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_lowercase

from agent.planners.nlp import english
from agent.vocab import lexicon as L
from agent.vocab.kinds import known, noun_kind

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_WORD_RE = re.compile(r"[a-z]{5,}")
_TAG_RE = re.compile(r"([,;|]|\s+-\s+|\.\s)")


def _neighbours() -> dict[str, set[str]]:
    """QWERTY keys next to each letter (same row, and the two touching keys in the rows above and below)."""
    out: dict[str, set[str]] = {c: set() for c in ascii_lowercase}
    for r, row in enumerate(_ROWS):
        for c, key in enumerate(row):
            near = {row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""}
            if r:
                near |= set(_ROWS[r - 1][c:c + 2])
            if r + 1 < len(_ROWS):
                near |= set(_ROWS[r + 1][max(c - 1, 0):c + 1])
            out[key] = {k for k in near if k}
    return out


_NEAR = _neighbours()


def _one_slip(word: str) -> set[str]:
    """Every string one keystroke from ``word``: a letter dropped, added, swapped, or a neighbouring key."""
    out: set[str] = set()
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out.add(a + b[1:])
            out |= {a + c + b[1:] for c in _NEAR[b[0]]}
        if len(b) > 1:
            out.add(a + b[1] + b[0] + b[2:])
        out |= {a + c + b for c in ascii_lowercase}
    return out


def _known_word(word: str) -> bool:
    """In the parser's vocabulary or the noun table, or an inflected form the table does not list
    ("lounging", "statuses": verbs and plurals are not slips of a noun)."""
    if word.endswith(("ing", "ed")) or word.endswith("es") and known(word[:-2]):
        return True
    return word in english().vocab.strings or known(word) or known(L.singular(word))


@lru_cache(maxsize=4096)
def intended(word: str) -> str | None:
    """The noun ``word`` is a slip of, or None (see the module docstring for the evidence asked)."""
    if _known_word(word):
        return None
    strings = english().vocab.strings
    stem, tail = (word[:-1], "s") if word.endswith("s") and len(word) > 5 else (word, "")
    cands = {c for c in _one_slip(stem) if c != stem and c[:2] == stem[:2] and c[-1:] == stem[-1:] and c in strings
             and known(c) and (len(c) >= 5 or _doubled_key(stem, c))}
    return next(iter(cands)) + tail if len(cands) == 1 and _meant_word(next(iter(cands))) else None


def _meant_word(noun: str) -> bool:
    """Whether a slip may land on ``noun``: a thing or setting the planner draws, or a style word it knows."""
    from agent.planners.style_words import names_a_look  # style_words imports the parser
    kind = noun_kind(noun)
    return kind is not None and (kind.drawable or kind.setting) or names_a_look(noun)


def _doubled_key(word: str, meant: str) -> bool:
    """Whether ``word`` is ``meant`` with one letter typed twice ("suiit", "suit")."""
    return len(word) == len(meant) + 1 and any(
        word[i] == word[i + 1] and word[:i] + word[i + 1:] == meant for i in range(len(word) - 1))


def _in_a_name(words: list[str], k: int) -> bool:
    """Whether word ``k`` of its comma tag may be part of a name: a tag of that word alone ("giger, mucha"),
    a capitalised or unknown neighbour ("Ansel Adams"), or up to three words after "by" with no known word
    after it ("by giger", "by hr giger")."""
    if len(words) == 1:
        return True
    near = [words[j] for j in (k - 1, k + 1) if 0 <= j < len(words)]
    if any(w[:1].isupper() and j > 0 or w.isalpha() and not _known_word(w.lower())
           for j, w in zip((k - 1, k + 1), near) if w):
        return True
    after = [w for w in words[k + 1:] if w.isalpha()]
    credited = any(w.lower() == "by" for w in words[max(k - 3, 0):k])
    return credited and not any(_known_word(w.lower()) for w in after)


def correct_slips(text: str) -> tuple[str, list[str]]:
    """(``text`` with each typing slip read as the noun meant, one warning per slip)."""
    warnings: list[str] = []
    out: list[str] = []
    for part in _TAG_RE.split(text):
        words = part.split()
        for k, word in enumerate(words):
            m = _WORD_RE.fullmatch(word)
            meant = intended(word) if m and not _in_a_name(words, k) else None
            if meant is not None:
                warnings.append(f"read {word!r} as {meant!r} (a typing slip?)")
                words[k] = meant
        if words != part.split():  # keep the spaces around the tag; inside it, one space between words
            part = part[:len(part) - len(part.lstrip())] + " ".join(words) + part[len(part.rstrip()):]
        out.append(part)
    return "".join(out), list(dict.fromkeys(warnings))
