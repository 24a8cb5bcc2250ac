"""Boxes for anchored objects: a hat on its wearer's head, a cup in its holder's hand, ramen in its bowl,
candles on the cake's top.

Why after the solver: the solver places free-standing things against relations; an anchored thing is not
free, its box follows from its anchor's box. Each instance anchored to one target gets its own slot across
the target's width, so five candles stand side by side on the cake.
"""

from __future__ import annotations

from agent.layout.body import body_box, loose_body, place_loose_body, settle_parts
from agent.scene import Box, Scene, SceneObject

HEAD_WEAR = frozenset({"hat", "cap", "helmet", "crown", "hood", "beanie", "tiara", "headband", "wig", "glasses",
                       "sunglasses", "goggles", "mask", "turban", "bandana", "earring", "headphones", "beret",
                       "sombrero", "bonnet", "veil", "halo", "wizard hat", "top hat", "cowboy hat", "baseball cap"})
FOOT_WEAR = frozenset({"shoe", "boot", "sock", "sneaker", "sandal", "slipper", "skate", "heel", "flip-flop", "ski",
                       "skis", "snowshoe", "flipper", "roller skate", "ice skate", "cleat", "loafer", "clog"})


def place_anchored(scene: Scene, only: set[str] | None = None) -> None:
    """Move every anchored object's box (or those whose ids are in ``only``) onto, into or beside its target
    (in place)."""
    if only is None and loose_body(scene):  # a pose said only of parts: the hand is where a body has it
        place_loose_body(scene)
        return
    by_id = {o.id: o for o in scene.objects}
    slots: dict[str, list[SceneObject]] = {}
    for o in scene.objects:
        if only is not None and o.id not in only:
            continue
        if o.anchor is not None and o.anchor.target in by_id and o.anchor.target != o.id:
            # one row of slots per target and kind: headlights, a grille and a plate on one car stand side by side
            slots.setdefault(f"{o.anchor.target}/{o.anchor.kind}", []).append(o)
    for group in sorted(slots.values(), key=lambda g: _depth(g[0], by_id)):  # supports before what rests on them
        target = by_id[group[0].anchor.target]  # type: ignore[union-attr]
        seen: dict[str, int] = {}
        for k, o in enumerate(group):
            seen[o.name] = seen.get(o.name, -1) + 1  # the k-th arm of this figure: right side first, then left
            on_body = body_box(o, target.box, seen[o.name]) if o.anchor.kind == "part_of" else None  # type: ignore[union-attr]
            o.box = _clip(on_body or _box_for(o, target.box, k, len(group)))
            if o.z is None or o.z <= (target.z or 0):
                o.z = (target.z or 0) + 1
    settle_parts(scene)


def order_depth(scene: Scene) -> None:
    """Draw order after anchoring: what is in front of something is drawn over it, and so over whatever
    that thing was anchored on top of (a table in front of a man seated on a chair)."""
    by_name: dict[str, list[SceneObject]] = {}
    for o in scene.objects:
        by_name.setdefault(o.name, []).append(o)
        by_name.setdefault(o.id, []).append(o)
    pairs = [(r.subject, r.object) if r.relation == "in front of" else (r.object, r.subject)
             for r in scene.relations if r.relation in ("in front of", "behind")]
    for _ in range(len(pairs) + 1):
        moved = False
        for front, back in pairs:
            top = max((b.z or 0 for b in by_name.get(back, [])), default=0)
            for f in by_name.get(front, []):
                if (f.z or 0) <= top:
                    f.z = top + 1
                    moved = True
        if not moved:
            break


def _depth(o: SceneObject, by_id: dict[str, SceneObject]) -> int:
    """How many anchors lie under ``o`` ("a fork on a plate on a table": 2), so a chain is placed bottom up."""
    seen = {o.id}
    while o.anchor is not None and o.anchor.target in by_id and o.anchor.target not in seen:
        o = by_id[o.anchor.target]
        seen.add(o.id)
    return len(seen) - 1


def _box_for(o: SceneObject, t: Box, k: int, n: int) -> Box:
    kind = o.anchor.kind if o.anchor else "on"
    x0, y0, x1, y1 = t
    w, h = x1 - x0, y1 - y0
    cx = x0 + w * (k + 0.5) / n  # this instance's slot across the target
    ow = min(o.box[2] - o.box[0], 0.9 * w / n)
    oh = o.box[3] - o.box[1]
    if kind == "worn_by":
        name = o.name.rpartition(" ")[2] if o.name not in HEAD_WEAR else o.name
        if o.name in HEAD_WEAR or name in HEAD_WEAR:
            return (x0 + 0.2 * w, max(0.0, y0 - 0.06 * h), x1 - 0.2 * w, y0 + 0.2 * h)
        if name in FOOT_WEAR:
            return (x0 + 0.15 * w, y1 - 0.15 * h, x1 - 0.15 * w, y1)
        return (x0 + 0.15 * w, y0 + 0.25 * h, x1 - 0.15 * w, y0 + 0.68 * h)
    if kind == "held_by":  # at the hand; several held things fan out across the holder's width
        size = min(0.45 * w, 0.4 * h, max(ow, 0.05)) / (1 if n == 1 else max(1.5, n / 1.5))
        hx, hy = (x1 - 0.12 * w, y0 + 0.55 * h) if n == 1 else (cx, y0 + 0.55 * h)
        if n == 1 and hx + size / 2 > 1.0:  # a holder at the right edge holds it in the other hand, in the frame
            hx = x0 + 0.12 * w
        return (hx - size / 2, hy - size / 2, hx + size / 2, hy + size / 2)
    if kind == "part_of":
        return (cx - 0.35 * w / n, y0 + 0.1 * h, cx + 0.35 * w / n, y0 + 0.5 * h)
    if kind == "in":
        iw, ih = 0.7 * w / n, 0.45 * h
        return (cx - iw / 2, y0 + 0.12 * h, cx + iw / 2, y0 + 0.12 * h + ih)
    if w < 3 * h:  # "on": rests on the top surface, sunk a little into it; on a strip of ground at full height
        oh = min(oh, 1.2 * h)
    bottom = y0 + min(0.2 * h, 0.25 * oh)
    return (cx - ow / 2, max(0.0, bottom - oh), cx + ow / 2, bottom)


def _clip(b: Box) -> Box:
    x0, y0, x1, y1 = (min(1.0, max(0.0, v)) for v in b)
    if x1 - x0 < 0.02:
        x0, x1 = (x0, x0 + 0.02) if x0 < 0.98 else (0.98, 1.0)
    if y1 - y0 < 0.02:
        y0, y1 = (y0, y0 + 0.02) if y0 < 0.98 else (0.98, 1.0)
    return (x0, y0, x1, y1)
