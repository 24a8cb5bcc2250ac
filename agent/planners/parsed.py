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
    anchor: tuple[str, int] | None = None  # (on | in | worn_by | held_by | part_of, entity index)
    parts: list[str] = field(default_factory=list)  # body parts said of it ("raised left arm"), not drawn apart
    region: str | None = None  # Scene region name ("bottom left") when the prompt named an absolute place
    pose: str = ""  # the figure's whole-body posture ("kneeling"), said after its name

    def description(self) -> str:
        """The phrase a model draws this from. A colour worn ("a woman in white") is said of the clothes
        only: "a woman in white clothes", never "a white woman"."""
        clothes = [p for p in self.parts if p.endswith(" clothes")]
        worn = self.color is not None and f"{self.color} clothes" in clothes
        many = self.color is not None and self.color.endswith(("colors", "colours"))  # "in bright colors"
        words = ["" if worn or many else self.color or "", *self.modifiers, self.name]
        core = " ".join(w for w in words if w)
        article = "an" if core[:1] in "aeiou" else "a"
        others = [p for p in self.parts if p not in clothes]
        tail = (f" in {' and '.join(clothes)}" if clothes else f" in {self.color}" if many else "") \
            + (f" with {', '.join(others)}" if others else "")
        pose = f" {self.pose}" if self.pose else ""
        return f"{article} {core}{' ' + self.of_phrase if self.of_phrase else ''}{pose}{tail}"


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
    region: str | None = None  # Scene region name when the prompt put the text somewhere ("at the top")


@dataclass
class Parsed:
    entities: list[Entity] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)
    texts: list[TextSpec] = field(default_factory=list)
    background: str = ""
    style: str = ""
    negative: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    width: int | None = None  # set by "--ar W:H"
    height: int | None = None
