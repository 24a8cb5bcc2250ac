"""What the rule parser hands to the planner: entities, relations between them, texts, and the rest.

Indices, not names: a relation or a text points at an entity by its position in ``Parsed.entities``,
because two entities may share a name ("a red cup left of a blue cup").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entity:
    """One noun phrase: ``count`` instances of ``name`` (singular), with what was said about them."""

    name: str
    count: int = 1
    color: str | None = None
    modifiers: list[str] = field(default_factory=list)
    of_phrase: str = ""
    place: str | None = None  # canonical absolute place ("on the left")
    counted: bool = False  # the count was stated (a number word or digits), not guessed from a plural

    def description(self) -> str:
        words = [self.color or "", *self.modifiers, self.name]
        core = " ".join(w for w in words if w)
        article = "an" if core[:1] in "aeiou" else "a"
        return f"{article} {core}{' ' + self.of_phrase if self.of_phrase else ''}"


@dataclass
class RelationSpec:
    subject: int
    relation: str
    object: int
    object2: int | None = None


@dataclass
class TextSpec:
    content: str
    surface: int | None = None  # entity index the text is written on
    color: str | None = None
    region: str | None = None  # a named region of the image ("top left"), see agent.scene.Region


@dataclass
class Parsed:
    entities: list[Entity] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)
    texts: list[TextSpec] = field(default_factory=list)
    background: str = ""
    style: str = ""
    negative: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
