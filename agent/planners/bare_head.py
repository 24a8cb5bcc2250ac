"""The prompt's head as its subject: "a wooden stage with velvet curtains and soft haze".

A noun heading the whole prompt is read as the setting when it names a place ("stage", "dock", "studio").
That is right while something drawn stands in it ("a stage with a piano": the piano is drawn, the stage is
where). When what the head is "with" is itself only backdrop or material (curtains of haze, wood, glass), a
setting head would leave the picture with nothing drawn for the prompt's own subject, and every "X with Y"
the prompt states would hang between two backdrops. A head that WordNet also knows as a made thing (its
best physical sense an object or container: a stage is a platform, a dock a landing pier) is then drawn.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from agent.planners.read_nouns import Noun


class _Reader(Protocol):  # the part of parse._Reader this rule reads and writes
    doc: Doc
    nouns: list[Noun]
    entity_of: dict[int, int]
    background_toks: dict[int, int]
    backgrounds: list[str]

    def _object(self, n: Noun) -> None: ...


def draw_bare_head(reader: _Reader) -> None:
    """Draw the prompt's head noun when it went to the setting, has a made-thing sense and a "with" phrase,
    and nothing in that phrase is drawn."""
    head = next((n for n in reader.nouns if n.tok.dep_ == "ROOT"), None)
    if head is None or head.role != "background" or head.kind is None or head.kind.alt not in ("o", "k"):
        return
    if any(n.entity is not None and n.tok.i < head.tok.i for n in reader.nouns):
        return  # something drawn comes before it: the head is not what the prompt opens with
    withs = [c for c in head.tok.children if c.dep_ == "prep" and c.lower_ == "with"]
    if not withs or any(w.i in reader.entity_of for p in withs for w in p.subtree):
        return  # no "with", or something in it is drawn and stands on / in the setting
    slot = reader.background_toks.pop(head.tok.i, None)
    if slot is not None:
        reader.backgrounds[slot] = ""  # the head is a thing now, not also the backdrop
    head.role = "object"
    reader._object(head)
