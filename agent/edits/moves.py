"""Follow-ups that change where things are: move, resize and swap (one rule function each).

Like every edit rule they change only the objects the instruction names; a move also drops the
directional relations it made false, and a move next to / between named objects records the new one.
"""

from __future__ import annotations

import re

from agent.edits.place import between_box, holds, relative_box, scaled, shifted
from agent.edits.words import (
    EditError,
    find_mentions,
    mentions_from,
    objects_of,
    plural,
    resolve,
    split_relation,
    targets,
)
from agent.scene import Relation, Scene, SceneObject


def rule_swap(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:please\s+)?(?:swap|switch|exchange)\s+(?:the\s+(?:positions|places)\s+of\s+)?"
                 r"(.+?)\s+(?:and|with)\s+(.+)$", low)
    if not m:
        return None
    a, b = find_mentions(scene, m.group(1)), find_mentions(scene, m.group(2))
    if not a or not b:
        return None  # "swap the cup for a mug" is a replacement
    x, y = resolve(scene, a[0]), resolve(scene, b[0])
    if len(x) != 1 or len(y) != 1 or x[0] is y[0]:
        raise EditError("swap needs two single objects, e.g. 'swap the cup and the dog'")
    (ox, oy) = x[0], y[0]
    cx = ((ox.box[0] + ox.box[2]) / 2, (ox.box[1] + ox.box[3]) / 2)
    cy = ((oy.box[0] + oy.box[2]) / 2, (oy.box[1] + oy.box[3]) / 2)
    ox.box, oy.box = shifted(ox.box, cy[0] - cx[0], cy[1] - cx[1]), shifted(oy.box, cx[0] - cy[0], cx[1] - cy[1])
    drop_broken_relations(scene, {ox.id, oy.id})
    return scene


def _group_box(objs: list[SceneObject]) -> tuple[float, float, float, float]:
    return (min(o.box[0] for o in objs), min(o.box[1] for o in objs), max(o.box[2] for o in objs),
            max(o.box[3] for o in objs))


def _move_group(objs: list[SceneObject], dx: float, dy: float) -> None:
    g = _group_box(objs)
    moved = shifted(g, dx, dy)  # clamped into the frame as a whole
    ddx, ddy = moved[0] - g[0], moved[1] - g[1]
    for o in objs:
        o.box = (round(o.box[0] + ddx, 4), round(o.box[1] + ddy, 4), round(o.box[2] + ddx, 4), round(o.box[3] + ddy, 4))


def rule_move(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:please\s+)?(?:move|put|place|shift|drag|push|slide|bring|position)\s+", low)
    if not m:
        return None
    mentions = mentions_from(scene, low, m.end())
    if not mentions:
        raise EditError(f"move what? no object of the scene named in '{text}'")
    subj = mentions[0]
    objs = resolve(scene, subj)
    rest = low[subj.end:]
    _, relation, after = split_relation(rest)
    before = {o.id: o.box for o in objs}
    hits = find_mentions(scene, after) if relation else []
    if relation and not hits and not re.search(r"\b(left|right|up|down|top|bottom|center|centre|middle)\b", rest):
        raise EditError(f"cannot move the {subj.name} {relation} '{after}': no such object in the scene")
    if hits:
        target, target2 = targets(scene, relation, after, subj.name)
        if target in objs or target2 in objs:
            raise EditError(f"cannot place the {subj.name} {relation} itself")
        g = _group_box(objs)
        w, h = g[2] - g[0], g[3] - g[1]
        new = between_box(target.box, target2.box, w, h) if target2 else relative_box(target.box, w, h, relation)
        _move_group(objs, new[0] - g[0], new[1] - g[1])
        moved = {o.id for o in objs} | {o.name for o in objs}
        scene.relations[:] = [r for r in scene.relations if not ({r.subject, r.object} & moved and
                                                              {r.subject, r.object} & {target.id, target.name})]
        for o in objs:
            scene.relations.append(Relation(subject=o.id, relation=relation, object=target.id,
                                            object2=target2.id if target2 else None))
    else:
        step = 0.1 if re.search(r"\b(a\s+bit|slightly|a\s+little|a\s+tad)\b", rest) else 0.25
        far = 1.0 if re.search(r"\b(all\s+the\s+way|far|edge|corner|fully)\b", rest) else step
        dx = dy = 0.0
        if re.search(r"\bleft\b", rest):
            dx = -far
        if re.search(r"\bright\b", rest):
            dx = far
        if re.search(r"\b(up|top|upwards|higher)\b", rest):
            dy = -far
        if re.search(r"\b(down|bottom|downwards|lower)\b", rest):
            dy = far
        g = _group_box(objs)
        if re.search(r"\b(center|centre|middle)\b", rest):
            cx, cy = (g[0] + g[2]) / 2, (g[1] + g[3]) / 2
            dx, dy = (0.5 - cx if dx == 0 else dx), (0.5 - cy if dy == 0 else dy)
        if dx == 0 and dy == 0:
            raise EditError(f"move the {subj.name} where? say left, right, up, down, 'to the top left' "
                            f"or 'next to the ...'")
        _move_group(objs, dx, dy)
        if all(o.box == before[o.id] for o in objs):
            raise EditError(f"the {subj.name if len(objs) == 1 else plural(subj.name)} cannot move further that way")
    drop_broken_relations(scene, {o.id for o in objs})
    return scene


def drop_broken_relations(scene: Scene, moved_ids: set[str]) -> None:
    """Drop directional relations that a move of ``moved_ids`` made false."""
    boxes = {o.id: o.box for o in scene.objects}
    keep = []
    for r in scene.relations:
        a = [o for o in scene.objects if r.subject in (o.id, o.name)]
        b = [o for o in scene.objects if r.object in (o.id, o.name)]
        touched = any(o.id in moved_ids for o in a + b)
        if touched and a and b and not all(holds(boxes[x.id], boxes[y.id], r.relation) for x in a for y in b if x != y):
            continue
        keep.append(r)
    scene.relations[:] = keep


def rule_resize(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.search(r"\b(?:make|scale|draw)\s+(.+?)\s+((?:much\s+|a\s+bit\s+|a\s+little\s+)?(?:bigger|larger|smaller|"
                  r"tinier|huge|tiny|big|small))\s*(?:$|than\b|please\b|,)", low) \
        or re.search(r"\b(enlarge|shrink|grow)\s+(.+)$", low)
    if not m:
        return None
    size_word = m.group(2) if m.group(1) not in ("enlarge", "shrink", "grow") else m.group(1)
    where = m.start(1) if m.group(1) not in ("enlarge", "shrink", "grow") else m.start(2)
    hits = mentions_from(scene, low, where)
    if not hits:
        raise EditError(f"resize what? no object of the scene named in '{text}'")
    up = any(w in size_word for w in ("big", "large", "huge", "enlarge", "grow"))
    factor = 1.35 if up else 0.7
    if "much" in size_word or size_word in ("huge", "tiny"):
        factor = factor * factor
    for o in objects_of(scene, hits[:1]):
        o.box = scaled(o.box, factor)
    return scene
