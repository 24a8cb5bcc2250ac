"""The offline planner: rules, no model, no network, deterministic, about a millisecond a prompt.

``parse`` reads the request (:mod:`agent.planners.parse`), this module turns the result into a Scene
(one object per instance, ids like ``apple_1``, relations by name or by id when a name is ambiguous)
and :func:`agent.layout.solve_layout` gives it boxes. A request it cannot read still gives a valid
Scene: the prompt becomes the background, and a warning says so.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings

from agent.defaults import SIZE
from agent.layout import solve_layout
from agent.layout.anchors import order_depth, place_anchored
from agent.layout.texts import place_texts
from agent.planners.parse import Parsed, parse
from agent.scene import MAX_RELATIONS, Anchor, Relation, Scene, SceneObject, SceneText
from agent.vocab.lexicon import MAX_OBJECTS

log = logging.getLogger(__name__)
_PLACEHOLDER = (0.0, 0.0, 1.0, 1.0)


class OfflinePlanner:
    """``plan(prompt) -> Scene``. ``last_warnings`` keeps what the last call warned about."""

    def __init__(self) -> None:
        self.last_warnings: list[str] = []

    def plan(self, prompt: str, width: int = SIZE, height: int = SIZE, seed: int = 0) -> Scene:
        parsed = parse(prompt, width, height)
        scene = build_scene(prompt, parsed, parsed.width or width, parsed.height or height)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scene = solve_layout(scene, seed=seed)
            if any(o.anchor for o in scene.objects):
                place_anchored(scene)
                order_depth(scene)
                place_texts(scene)
        self.last_warnings = [*parsed.warnings, *(str(w.message) for w in caught)]
        for msg in self.last_warnings:
            log.debug("%s", msg)
            warnings.warn(msg, stacklevel=2)
        return scene


def _slug(name: str) -> str:
    """An id stem from ``name``: accents folded to ASCII first ("ñandú" -> "nandu", not "and")."""
    ascii_name = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:60] or "object"


def _draw_order(parsed: Parsed) -> list[int]:
    """Entity order for the Scene: prompt order, except that what is behind comes before what is in front
    of it (renderers draw objects in list order, so the front one ends up on top)."""
    back_first = [(r.object, r.subject) if r.relation == "in front of" else (r.subject, r.object)
                  for r in parsed.relations if r.relation in ("in front of", "behind")]
    order = list(range(len(parsed.entities)))
    for _ in range(len(order)):
        moved = False
        for back, front in back_first:
            if order.index(back) > order.index(front):
                order.remove(back)
                order.insert(order.index(front), back)
                moved = True
        if not moved:
            break
    return order


def _anchor_and_depth(parsed: Parsed, objects: list[SceneObject], ids_of: list[list[str]]) -> None:
    """Anchors by id (a hat worn by cat_1, one hat to each of four cats; books stacked on each other rest each on
    the next) and draw order:
    what is in front of something is drawn over it."""
    by_id = {o.id: o for o in objects}
    for k, ent in enumerate(parsed.entities):
        if ent.anchor is None or not ids_of[ent.anchor[1]] or ent.anchor[1] == k:
            continue
        how, target = ent.anchor
        owners = ids_of[target]  # "four children wearing hats": hat k on child k, round the owners
        for j, oid in enumerate(ids_of[k]):
            by_id[oid].anchor = Anchor(kind=how, target=owners[j % len(owners)])  # type: ignore[arg-type]
    for r in parsed.relations:
        if r.subject == r.object and r.relation == "on top of":  # a stack: each rests on the one below it
            for a, b in zip(ids_of[r.subject], ids_of[r.subject][1:]):
                by_id[a].anchor = Anchor(kind="on", target=b)
            continue
        if r.relation not in ("in front of", "behind") or not ids_of[r.subject] or not ids_of[r.object]:
            continue
        front, back = (r.subject, r.object) if r.relation == "in front of" else (r.object, r.subject)
        for oid in ids_of[front]:
            by_id[oid].z = max(by_id[oid].z or 0, 1)
        for oid in ids_of[back]:
            by_id[oid].z = by_id[oid].z or 0


def _relations(parsed: Parsed, ids_of: list[list[str]]) -> list[Relation]:
    """Scene relations by name, or by id where a name is shared; "between" two instances of one entity."""
    names = [e.name for e in parsed.entities]

    def refs(i: int) -> list[str]:
        # a name is enough when one entity has it; otherwise name each instance by id
        return [names[i]] if names.count(names[i]) == 1 else ids_of[i]

    relations: list[Relation] = []
    seen: set[tuple] = set()
    for r in parsed.relations:
        ids = ids_of[r.subject]
        if r.subject == r.object and len(ids) >= 2:  # "stacked on top of each other": instance k to k + 1
            relations += [Relation(subject=a, relation=r.relation, object=b) for a, b in zip(ids, ids[1:])]  # type: ignore[arg-type]
            continue
        if r.object2 == r.object and len(ids_of[r.object]) >= 2:  # between two instances of one entity
            for s in refs(r.subject):
                relations.append(Relation(subject=s, relation="between", object=ids_of[r.object][0],
                                          object2=ids_of[r.object][1]))
            continue
        for s in refs(r.subject):
            for o in refs(r.object):
                for o2 in (refs(r.object2) if r.object2 is not None else [None]):
                    rel = "next to" if r.relation == "between" and o2 is None else r.relation
                    key = (s, rel, o, o2)
                    if key not in seen and s != o:
                        seen.add(key)
                        relations.append(Relation(subject=s, relation=rel, object=o, object2=o2))  # type: ignore[arg-type]
    if len(relations) > MAX_RELATIONS:
        parsed.warnings.append(f"too many relations: kept the first {MAX_RELATIONS}")
    return relations[:MAX_RELATIONS]


def build_scene(prompt: str, parsed: Parsed, width: int = SIZE, height: int = SIZE) -> Scene:
    """Scene (boxes not yet solved) from a parse: instances, relations, texts, background, style, negatives."""
    objects: list[SceneObject] = []
    ids_of: list[list[str]] = [[] for _ in parsed.entities]
    per_name: dict[str, int] = {}
    budget = MAX_OBJECTS
    for k in _draw_order(parsed):
        ent = parsed.entities[k]
        if ent.count > budget:
            msg = f"too many objects: kept the first {MAX_OBJECTS}"
            if msg not in parsed.warnings:
                parsed.warnings.append(msg)
            ent.count = budget
        budget -= ent.count
        ids = []
        for _ in range(ent.count):
            slug = _slug(ent.name)  # counted per slug: "hot-dog" and "hot dog" must not share an id
            per_name[slug] = per_name.get(slug, 0) + 1
            oid = f"{slug}_{per_name[slug]}"
            objects.append(SceneObject(id=oid, name=ent.name[:128], description=ent.description()[:500],
                                       color=ent.color,
                                       attributes=[*ent.modifiers, *([ent.place] if ent.place else [])],
                                       box=_PLACEHOLDER, region=ent.region))  # type: ignore[arg-type]
            ids.append(oid)
        ids_of[k] = ids
    keep = [i for i, ids in enumerate(ids_of) if ids]
    parsed.relations = [r for r in parsed.relations if r.subject in keep and r.object in keep
                        and (r.object2 is None or r.object2 in keep)]
    for t in parsed.texts:
        if t.surface is not None and t.surface not in keep:
            t.surface = None  # its surface was dropped: the text goes in the free band
    relations = _relations(parsed, ids_of)
    _anchor_and_depth(parsed, objects, ids_of)
    texts = [SceneText(id=f"text_{k + 1}", content=t.content[:2000], box=_PLACEHOLDER, color=t.color,
                       on=ids_of[t.surface][0] if t.surface is not None else None, region=t.region)  # type: ignore[arg-type]
             for k, t in enumerate(parsed.texts) if t.content.strip()]
    background = parsed.background
    if not objects and not texts and not background:
        background = prompt.strip()[:500]
    return Scene(prompt=prompt, width=width, height=height, background=background, style=parsed.style,
                 objects=objects, relations=relations, texts=texts, negative=parsed.negative)
