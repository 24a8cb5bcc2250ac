"""Text phrases in a request: what follows "that says" / "with the text", and which object it is on.

A mixin of the parser's chunker (:mod:`agent.planners.parse`), kept apart because text has its own rules:
quoted strings, runs of capitals, "on it" pointing back at the main subject, and lists of texts that
share one surface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.planners.parsed import TextSpec
from agent.vocab import lexicon as L

if TYPE_CHECKING:
    from agent.planners import tokens as T
    from agent.planners.parsed import Parsed


class TextPhrases:
    """Needs the chunker's ``toks``, ``texts``, ``body``, ``out``, ``used_texts`` and ``text_fresh``."""

    toks: list[T.Tok]
    texts: list[str]
    body: str
    out: Parsed
    used_texts: set[int]
    text_fresh: bool

    def _text_after_verb(self, i: int, surface: int | None, strong: bool) -> int:
        toks = self.toks
        if _on_it(toks, i):
            i += 2  # "with the text on it: ..." names the surface again, it is not the text
            surface = self._subject_surface(surface)
        if i < len(toks) and toks[i].low == ":":
            i += 1
        if i < len(toks) and toks[i].kind == "text":
            self._add_text(int(toks[i].value), surface)  # type: ignore[arg-type]
            return i + 1
        caps: list[str] = []
        while i + len(caps) < len(toks) and len(caps) < 12 and (
                toks[i + len(caps)].orig.isupper() or toks[i + len(caps)].orig.isdigit() and caps):
            caps.append(toks[i + len(caps)].orig)
        if caps and not (len(caps) == 1 and caps[0] in ("A", "I")):
            self.texts.append(self.body[toks[i].start:toks[i + len(caps) - 1].end])
            self._add_text(len(self.texts) - 1, surface)
            return i + len(caps)
        if not strong:
            return i
        first = i
        while i < len(toks) and len(toks[first:i]) < 12:
            t = toks[i]
            if t.kind == "text" or t.kind == "punct" and t.low in ",;!?()" or \
                    t.kind == "punct" and (i + 1 >= len(toks) or toks[i + 1].start > t.end):  # "." / ":" then a space
                break
            if t.kind in ("conj", "rel") and i > first and i + 1 < len(toks) and toks[i + 1].kind in ("det", "num"):
                break
            i += 1
        end = i
        if end - first > 2 and _on_it(toks, end - 2):
            end -= 2  # "with the words happy birthday on it"
        if end > first:
            self.texts.append(self.body[toks[first].start:toks[end - 1].end].strip())
            self._add_text(len(self.texts) - 1, surface)
        return i

    def _subject_surface(self, surface: int | None) -> int | None:
        """ "a name tag adorned with a ribbon, with the text on it": "it" is the main subject, so the first
        thing named that text goes on (the tag, not the ribbon); else what the text verb followed."""
        for k, ent in enumerate(self.out.entities):
            if is_surface(ent.name):
                return k
        return surface

    def _add_text(self, j: int, surface: int | None) -> None:
        if j in self.used_texts or j >= len(self.texts):
            return
        self.used_texts.add(j)
        if surface is not None and not is_surface(self.out.entities[surface].name):
            surface = None
        self.out.texts.append(TextSpec(self.texts[j], surface))
        self.text_fresh = True


def is_surface(name: str) -> bool:
    """Whether text is usually written on a thing of this name (a sign, a shirt, a mug...)."""
    return name in L.TEXT_SURFACES or name.rpartition(" ")[2] in L.TEXT_SURFACES


def _on_it(toks: list[T.Tok], i: int) -> bool:
    """Whether tokens ``i`` and ``i + 1`` are "on it" / "in them": the surface named again, not text."""
    return i + 1 < len(toks) and toks[i].low in ("on", "in") and toks[i + 1].low in ("it", "them")
