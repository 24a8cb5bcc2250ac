"""Groups and order edges: what the solver places together, and which way each relation orders them.

Instances of one entity that every relation treats alike form a group and move together. Relations
become horizontal edges (a is left of b) and vertical edges (a is above b), plus notes on pairs that
must touch ("on top of"), overlap ("in front of") or cover ("under"). Contradictions are dropped with
a warning so the rest can still be met.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from agent.scene import Scene
from agent.vocab import priors as L

FILL = 0.84  # an instance's box takes this share of its sub-cell: the rest is the gap between boxes
MAX_GROW = 2.0  # a lone object may grow to this multiple of its prior size


@dataclass
class Group:
    """Instances that share a name, colour, description and relations: they are placed together."""

    members: list[int]
    name: str
    size: tuple[float, float]  # prior (w, h) in canvas fractions of a square canvas
    place: tuple[float | None, float | None] = (None, None)
    col: int = 0
    row: int | None = None  # None: no vertical relation, spans the column's full height
    sub: int = 0  # position among groups sharing a cell
    grid: tuple[int, int] = (1, 1)  # instance columns, rows
    cell: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    sky: bool = False


@dataclass
class Edges:
    h: set[tuple[int, int]] = field(default_factory=set)  # (a, b): a is left of b
    v: set[tuple[int, int]] = field(default_factory=set)  # (a, b): a is above b
    touch: set[tuple[int, int]] = field(default_factory=set)  # vertical pairs that should touch
    overlap: set[tuple[int, int]] = field(default_factory=set)  # (front, back) pairs that may overlap
    cover: set[tuple[int, int]] = field(default_factory=set)  # (top, bottom): top spans what is under it


def make_groups(scene: Scene) -> tuple[list[Group], list[int]]:
    """Split objects into groups; returns the groups and each object's group index."""
    sig: dict[tuple, int] = {}
    groups: list[Group] = []
    of_object: list[int] = []
    memberships = []
    for o in scene.objects:
        memberships.append(tuple((o.id == r.subject or o.name == r.subject, o.id == r.object or o.name == r.object,
                                  o.id == r.object2 or o.name == r.object2) for r in scene.relations))
    for i, o in enumerate(scene.objects):
        place = next((L.PLACE_XY[a] for a in o.attributes if a in L.PLACE_XY), (None, None))
        key = (o.name, o.color, o.description, memberships[i], place)
        if key not in sig:
            sig[key] = len(groups)
            groups.append(Group([], o.name, L.size_prior(o.name), place, sky=o.name in L.SKY_THINGS))
        groups[sig[key]].members.append(i)
        of_object.append(sig[key])
    aspect = scene.width / scene.height  # priors are for a square frame: keep their physical shape
    for g in groups:
        w, h = g.size
        g.size = (w / aspect, h) if aspect >= 1 else (w, h * aspect)
        g.grid = instance_grid(len(g.members), *g.size)
    return groups, of_object


def _overhead(groups: list[Group], e: Edges) -> None:
    """A roof or a ceiling closes what stands under it: above every other group and as wide as they are
    ("a wall with a door, and a roof"), unless a relation already says otherwise."""
    for a, ga in enumerate(groups):
        if ga.name not in L.OVERHEAD_THINGS:
            continue
        for b in range(len(groups)):
            if b != a and (b, a) not in e.v and groups[b].name not in L.OVERHEAD_THINGS:
                e.v.add((a, b))
                e.cover.add((a, b))


def make_edges(scene: Scene, groups: list[Group], of_object: list[int], rng: random.Random) -> tuple[Edges, list[str]]:
    """Order edges between groups from the relations; conflicting ones are dropped with a warning.

    Args:
        scene: the Scene whose relations to read.
        groups: one group per entity.
        of_object: the group index of each object.
        rng: the seeded random source (tie order).
    """
    e, warnings = Edges(), []
    root = anchor_roots(scene)

    def refs(ref: str | None) -> list[int]:
        return sorted({of_object[root[i]] for i in _members(scene, ref)})

    for r in scene.relations:
        subjects, objects = _relation_groups(scene, r.subject, r.object, of_object, root)
        for a in subjects:
            for b in objects:
                if a == b:
                    continue
                rel = r.relation
                if rel == "left of":
                    e.h.add((a, b))
                elif rel == "right of":
                    e.h.add((b, a))
                elif rel == "above":
                    e.v.add((a, b))
                elif rel == "below":
                    e.v.add((b, a))
                elif rel == "on top of":
                    e.v.add((a, b))
                    e.touch.add((a, b))
                elif rel == "under":
                    e.v.add((b, a))
                    e.touch.add((b, a))
                    e.cover.add((b, a))
                elif rel == "in front of":
                    e.v.add((b, a))
                    e.overlap.add((a, b))
                elif rel == "behind":
                    e.v.add((a, b))
                    e.overlap.add((b, a))
                elif rel in ("next to", "near"):
                    if (b, a) not in e.h and (a, b) not in e.h:
                        e.h.add((a, b) if rng.random() < 0.5 else (b, a))
                elif rel == "between":
                    for c in refs(r.object2):
                        if c not in (a, b):
                            e.h.add((b, a))
                            e.h.add((a, c))
    _overhead(groups, e)
    _noted_places(groups, e)
    for name, edges in (("horizontal", e.h), ("vertical", e.v)):
        for edge in cycle_edges(len(groups), edges):
            edges.discard(edge)
            warnings.append(f"dropped a {name} relation between '{groups[edge[0]].name}' and "
                            f"'{groups[edge[1]].name}': it contradicts the others")
    return e, warnings


def _members(scene: Scene, ref: str | None) -> list[int]:
    return [i for i, o in enumerate(scene.objects) if ref is not None and ref in (o.id, o.name)]


def _relation_groups(scene: Scene, subject: str, obj: str, of_object: list[int],
                     root: list[int]) -> tuple[list[int], list[int]]:
    """The groups a relation orders. An anchored thing moves with its anchor ("a man on a chair ... a
    table in front of him"): its relations to other things order its anchor's group; to its own anchor,
    its own group."""
    sa, sb = _members(scene, subject), _members(scene, obj)
    own = {root[i] for i in sa} & {root[i] for i in sb}
    pick = (lambda i: of_object[i]) if own else (lambda i: of_object[root[i]])
    return sorted({pick(i) for i in sa}), sorted({pick(i) for i in sb})


def anchor_roots(scene: Scene) -> list[int]:
    """For each object, the object at the bottom of its anchor chain (itself when it has no anchor)."""
    index = {o.id: i for i, o in enumerate(scene.objects)}
    out = []
    for i, o in enumerate(scene.objects):
        seen = {i}
        while o.anchor is not None and index.get(o.anchor.target) is not None and index[o.anchor.target] not in seen:
            i = index[o.anchor.target]
            seen.add(i)
            o = scene.objects[i]
        out.append(i)
    return out


def cycle_edges(n: int, edges: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Edges to drop so that ``edges`` is acyclic (later-added order is not known: drop back edges of a DFS)."""
    adj: dict[int, list[int]] = {i: [] for i in range(n)}
    for a, b in sorted(edges):
        adj[a].append(b)
    state = [0] * n
    back: list[tuple[int, int]] = []

    def dfs(u: int) -> None:
        state[u] = 1
        for v in adj[u]:
            if state[v] == 1:
                back.append((u, v))
            elif state[v] == 0:
                dfs(v)
        state[u] = 2

    for i in range(n):
        if state[i] == 0:
            dfs(i)
    return back


def layers(nodes: list[int], edges: set[tuple[int, int]]) -> dict[int, int]:
    """Longest-path layer of each node over a DAG (0 for sources)."""
    layer = {u: 0 for u in nodes}
    for _ in range(len(nodes)):
        changed = False
        for a, b in edges:
            if a in layer and b in layer and layer[b] < layer[a] + 1:
                layer[b] = layer[a] + 1
                changed = True
        if not changed:
            break
    return layer


def instance_grid(count: int, w: float, h: float) -> tuple[int, int]:
    """Columns x rows for ``count`` instances of a (w, h) object: the arrangement closest to the canvas shape."""
    best, best_cost = (count, 1), math.inf
    for nc in range(1, count + 1):
        nr = math.ceil(count / nc)
        cost = max(nc * w, nr * h) + 0.02 * (nc * nr - count)
        if cost < best_cost - 1e-9:
            best, best_cost = (nc, nr), cost
    return best


def _linked(a: int, b: int, e: Edges) -> bool:
    """Whether an order edge already joins groups ``a`` and ``b``."""
    return any(edge in e.h or edge in e.v for edge in ((a, b), (b, a)))


def _noted_places(groups: list[Group], e: Edges) -> None:
    """Order edges for the places the planner noted but no relation covers ("a cat on the left" + "a dog")."""
    for a, ga in enumerate(groups):
        for b, gb in enumerate(groups):
            if a < b and ga.place[0] is not None and gb.place[0] is not None and ga.place[0] != gb.place[0] \
                    and (a, b) not in e.h and (b, a) not in e.h:
                e.h.add((a, b) if ga.place[0] < gb.place[0] else (b, a))
            if a < b and ga.place[1] is not None and gb.place[1] is not None and ga.place[1] != gb.place[1] \
                    and (a, b) not in e.v and (b, a) not in e.v:
                e.v.add((a, b) if ga.place[1] < gb.place[1] else (b, a))
            if ga.place[0] is not None and ga.place[0] != 0.5 and gb.place[0] is None and gb.place[1] is None \
                    and a != b and not _linked(a, b, e):  # "a fountain. Left bottom there is a bench": the
                e.h.add((a, b) if ga.place[0] < 0.5 else (b, a))  # bench left of what was put nowhere
