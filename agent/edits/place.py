"""Boxes for objects a chat edit adds or moves, leaving every other box exactly where it was.

A full re-layout (``agent.layout.solve_layout``) may move everything, which would re-draw every object;
an edit should change only what the user asked for, so unchanged objects keep their boxes and their
cached graph nodes. New boxes go next to a named object for a relation, else into the freest spot.
"""

from __future__ import annotations

from agent.scene import Box, Scene, SceneObject

MARGIN = 0.02
GAP = 0.03


def size_for(scene: Scene, name: str) -> tuple[float, float]:
    """A new object's size: like its siblings, else the median object, else a quarter of the frame."""
    same = [o.box for o in scene.objects if o.name == name] or [o.box for o in scene.objects]
    if not same:
        return 0.3, 0.35
    ws = sorted(b[2] - b[0] for b in same)
    hs = sorted(b[3] - b[1] for b in same)
    return min(ws[len(ws) // 2], 0.9), min(hs[len(hs) // 2], 0.9)


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _fit(x0: float, y0: float, w: float, h: float) -> Box:
    """Shift (and if needed shrink) a box into the frame, keeping the margin."""
    w, h = min(w, 1 - 2 * MARGIN), min(h, 1 - 2 * MARGIN)
    x0 = min(max(x0, MARGIN), 1 - MARGIN - w)
    y0 = min(max(y0, MARGIN), 1 - MARGIN - h)
    return round(x0, 4), round(y0, 4), round(x0 + w, 4), round(y0 + h, 4)


def free_spot(scene: Scene, w: float, h: float, ignore: set[str] = frozenset()) -> Box:
    """The grid position with the least overlap with other boxes; ties prefer the siblings' row.

    Args:
        scene: the Scene whose boxes to avoid.
        w: the new box's width (0..1).
        h: its height (0..1).
        ignore: ids of objects whose boxes may be covered (the one being moved).
    """
    others = [o.box for o in scene.objects if o.id not in ignore]
    row = sum((b[1] + b[3]) / 2 for b in others) / len(others) if others else 0.6
    best: tuple[float, float, Box] | None = None
    for scale in (1.0, 0.8, 0.65):
        bw, bh = w * scale, h * scale
        steps = 20
        for i in range(steps + 1):
            for j in range(steps + 1):
                x0 = MARGIN + (1 - 2 * MARGIN - bw) * i / steps
                y0 = MARGIN + (1 - 2 * MARGIN - bh) * j / steps
                box = _fit(x0, y0, bw, bh)
                cost = sum(_overlap(box, b) for b in others) / (bw * bh)
                tie = abs((box[1] + box[3]) / 2 - row) + 0.1 * abs((box[0] + box[2]) / 2 - 0.5)
                if best is None or (cost, tie) < best[:2]:
                    best = (cost, tie, box)
        if best is not None and best[0] < 0.05:
            break
    assert best is not None
    return best[2]


def relative_box(target: Box, w: float, h: float, relation: str) -> Box:
    """A w*h box standing in ``relation`` to ``target`` (shrunk when the frame has no room).

    Args:
        target: the box the new one relates to.
        w: the new box's width (0..1).
        h: its height (0..1).
        relation: a Scene relation word ("left of", "on top of", ...).
    """
    tx0, ty0, tx1, ty1 = target
    cx, cy = (tx0 + tx1) / 2, (ty0 + ty1) / 2
    for scale in (1.0, 0.8, 0.6, 0.45, 0.3):
        bw, bh = w * scale, h * scale
        x0, y0 = cx - bw / 2, cy - bh / 2
        if relation == "left of":
            x0 = tx0 - GAP - bw
        elif relation == "right of":
            x0 = tx1 + GAP
        elif relation == "above":
            y0 = ty0 - GAP - bh
        elif relation in ("below", "under"):
            y0 = ty1 + GAP
        elif relation == "on top of":
            y0 = ty0 - bh + 0.15 * (ty1 - ty0)
        elif relation == "in front of":
            y0 = cy - bh / 2 + 0.15 * (ty1 - ty0)
        elif relation == "behind":
            y0 = cy - bh / 2 - 0.15 * (ty1 - ty0)
        elif relation in ("next to", "near"):
            right = tx1 + GAP
            x0 = right if right + bw <= 1 - MARGIN else tx0 - GAP - bw
        if MARGIN <= x0 and x0 + bw <= 1 - MARGIN and MARGIN <= y0 and y0 + bh <= 1 - MARGIN:
            return _fit(x0, y0, bw, bh)
    return _fit(x0, y0, bw, bh)


def between_box(a: Box, b: Box, w: float, h: float) -> Box:
    """A w*h box centred halfway between the centres of ``a`` and ``b``.

    Args:
        a: one end's box.
        b: the other end's box.
        w: the new box's width (0..1).
        h: its height (0..1).
    """
    cx = ((a[0] + a[2]) / 2 + (b[0] + b[2]) / 2) / 2
    cy = ((a[1] + a[3]) / 2 + (b[1] + b[3]) / 2) / 2
    return _fit(cx - w / 2, cy - h / 2, w, h)


def holds(a: Box, b: Box, relation: str) -> bool:
    """Whether box ``a`` stands in a directional ``relation`` to ``b`` (others are not checked)."""
    acx, acy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    bcx, bcy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return {
        "left of": acx < bcx, "right of": acx > bcx, "above": acy < bcy, "below": acy > bcy,
        "under": acy > bcy, "on top of": acy < bcy,
    }.get(relation, True)


def shifted(box: Box, dx: float, dy: float) -> Box:
    return _fit(box[0] + dx, box[1] + dy, box[2] - box[0], box[3] - box[1])


def scaled(box: Box, factor: float) -> Box:
    w, h = (box[2] - box[0]) * factor, (box[3] - box[1]) * factor
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return _fit(cx - w / 2, cy - h / 2, max(w, 0.02), max(h, 0.02))


def place_new(scene: Scene, obj_name: str, relation: str | None = None, target: SceneObject | None = None,
              target2: SceneObject | None = None) -> Box:
    """A box for a new object sized for its name: by a relation to ``target`` when given, else the
    freest spot.

    Args:
        scene: the Scene it joins.
        obj_name: its category name (sizes come from the priors).
        relation: a relation word, or None.
        target: the object the relation names.
        target2: the second object for "between".
    """
    w, h = size_for(scene, obj_name)
    if relation == "between" and target is not None and target2 is not None:
        return between_box(target.box, target2.box, w, h)
    if relation and target is not None:
        return relative_box(target.box, w, h, relation)
    return free_spot(scene, w, h)
