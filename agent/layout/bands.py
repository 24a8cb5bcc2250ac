"""Ground said on its own ("There is grass. We can see water.") lies along the bottom of the picture.

A ground strip (a noun whose size prior is a full-width strip: grass, water, road, sand) that stands in no
relation and carries nothing is not a thing to fit into the grid beside the others: solved as one, it
shrinks to a small box among them and the things of the scene no longer stand on it. It is laid out
afterwards as a band across the whole width at the bottom, several stacked (the first said highest).
"""

from __future__ import annotations

from agent.scene import Scene
from agent.vocab import priors as L

STRIP = (0.96, 0.24)  # the size prior of a ground strip (agent.vocab.priors)
_BOTTOM = 0.98
_DEPTH = 0.36  # the share of the height all free bands take together at most


def free_bands(scene: Scene) -> list[str]:
    """Ids of the ground strips that stand in no relation, rest on nothing and carry nothing."""
    named = {r.subject for r in scene.relations} | {r.object for r in scene.relations} \
        | {r.object2 for r in scene.relations if r.object2}
    carried = {o.anchor.target for o in scene.objects if o.anchor is not None}
    return [o.id for o in scene.objects if L.size_prior(o.name) == STRIP and o.anchor is None
            and o.id not in carried and o.id not in named and o.name not in named
            and not any(a in L.PLACE_XY and a != "at the bottom" for a in o.attributes)]


def lay_bands(scene: Scene, ids: list[str]) -> None:
    """Give the objects ``ids`` full-width bands along the bottom, the first said highest (in place)."""
    if not ids:
        return
    h = min(0.16, _DEPTH / len(ids))
    top = _BOTTOM - h * len(ids)
    for k, oid in enumerate(ids):
        o = next(o for o in scene.objects if o.id == oid)
        o.box = (0.02, round(top + k * h, 4), 0.98, round(top + (k + 1) * h, 4))
