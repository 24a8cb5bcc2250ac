"""Personal pronouns: "she" and "he" name a person, whether or not the prompt named one first.

Why: "She is dressed in white and holds a red umbrella" is a picture of a woman, though no noun says so;
without her, the umbrella floats alone and "dressed in white" is said of nothing. When a person, an animal
or a figure was named before the pronoun, the pronoun is that one ("A man sits. He holds a cup": the cup
is held by the man). When none was named anywhere, the pronoun makes one: a woman for "she", a man for
"he" (unless a name WordNet does not know, which may be that person, came first). Pose descriptions
("he's balancing on his left leg, right knee up") are the body parts' business
(:mod:`agent.planners.read_parts`), so a prompt with two or more unowned body parts is left to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.planners.parsed import Entity
from agent.planners.read_nouns import Noun
from agent.planners.read_parts import FIGURES, PRONOUN_FIGURES

if TYPE_CHECKING:
    from agent.planners.parse import _Reader


def resolve_pronouns(reader: _Reader, parts: list[Noun]) -> None:
    """Map each she/he pronoun token of ``reader.doc`` to its person in ``reader.entity_of``, adding the
    person when the prompt names none (see the module doc). ``parts``: the body-part nouns not yet placed."""
    # possessives ("on his lap") are the linker's: it finds the owner of the part they name
    pronouns = [t for t in reader.doc if t.pos_ == "PRON" and t.lower_ in PRONOUN_FIGURES and t.dep_ != "poss"]
    if not pronouns:
        return
    agents = {k for k, e in enumerate(reader.out.entities)
              if reader.kinds[k] in ("p", "a") or e.name in FIGURES}
    names = {k for k in range(len(reader.out.entities)) if not reader.kinds[k]}  # "Zelda": WordNet lacks it
    for t in pronouns:
        before = [reader.entity_of[j] for j in sorted(reader.entity_of) if j < t.i and reader.entity_of[j] in agents]
        if before:
            reader.entity_of[t.i] = before[-1]
            continue
        if names or len(parts) >= 2 or agents and t.dep_ not in ("nsubj", "nsubjpass"):
            return  # a name, a pose description of body parts, or named after it ("Behind her, a woman")
        reader.out.entities.append(Entity(name=PRONOUN_FIGURES[t.lower_]))
        reader.kinds.append("p")
        agents.add(len(reader.out.entities) - 1)
        reader.entity_of[t.i] = len(reader.out.entities) - 1
