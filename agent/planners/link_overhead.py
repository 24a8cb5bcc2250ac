"""Adjectives that say where a thing hangs: "a robot with an overhead red light" (the light above the robot),
"an overhead lamp over the table", "the ceiling fan overhead".

"Overhead" names a vertical place, not a look: a thing said to be overhead is above whoever or whatever it
comes with (the noun or the verb's subject a with-phrase hangs on), else above the thing named last before
it in its sentence. A relation the prompt states for it wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.planners.parsed import RelationSpec

if TYPE_CHECKING:
    from agent.planners.link_ends import Ends

_PLACE_ADJECTIVES = {"overhead": "above", "overhanging": "above", "underfoot": "below"}


def overhead_things(ends: Ends) -> None:
    """Relate each thing an adjective of place is said of to its host (see the module doc)."""
    out = ends.out  # type: ignore[attr-defined]
    for t in ends.doc:
        rel = _PLACE_ADJECTIVES.get(t.lower_) if t.dep_ in ("amod", "advmod") else None
        thing = ends.entity_of.get(t.head.i) if rel is not None else None
        if thing is None or any(thing in (r.subject, r.object) for r in out.relations):
            continue
        noun = t.head
        # "with a lamp", "with a lamp glowing" (the noun the subject of a clause "with" takes)
        with_tok = next((a for a in list(noun.ancestors)[:2] if a.lower_ == "with"), None)
        host = ends.governor(with_tok) if with_tok is not None else ends.before(noun.left_edge.i)
        if host is not None and host != thing:
            out.relations.append(RelationSpec(thing, rel, host))
