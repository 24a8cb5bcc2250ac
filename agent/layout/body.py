"""Boxes for the body parts of a figure drawn as parts (a pose description): where each part lies on the body.

Why a body map: "standing on the left leg, foot above the knee, left arm under the right arm" is about where
the limbs are; a row of equal slots across the figure says nothing of that. Each part gets its place on a
figure that faces the viewer (so the figure's left side is the picture's right), and the relations the prompt
states between two parts of one figure then move the first part where the relation puts it ("the foot above
the knee": a raised foot).
"""

from __future__ import annotations

from agent.scene import Box, Scene, SceneObject

# Part -> its box on a figure facing the viewer, in fractions of the figure's box, for the figure's RIGHT side
# (the picture's left); the left side mirrors it. Parts on the midline are symmetric already.
_BODY: dict[str, Box] = {
    "head": (0.36, 0.0, 0.64, 0.14), "face": (0.39, 0.02, 0.61, 0.13), "hair": (0.35, 0.0, 0.65, 0.07),
    "forehead": (0.4, 0.02, 0.6, 0.05), "eye": (0.41, 0.05, 0.48, 0.08), "eyebrow": (0.41, 0.04, 0.48, 0.05),
    "ear": (0.34, 0.05, 0.38, 0.1), "nose": (0.47, 0.06, 0.53, 0.1), "cheek": (0.4, 0.08, 0.46, 0.11),
    "mouth": (0.44, 0.1, 0.56, 0.12), "lip": (0.44, 0.1, 0.56, 0.12), "chin": (0.44, 0.11, 0.56, 0.14),
    "jaw": (0.4, 0.1, 0.6, 0.14), "neck": (0.44, 0.14, 0.56, 0.18), "throat": (0.45, 0.14, 0.55, 0.18),
    "shoulder": (0.26, 0.17, 0.42, 0.23), "chest": (0.32, 0.19, 0.68, 0.33), "breast": (0.34, 0.22, 0.48, 0.3),
    "torso": (0.3, 0.18, 0.7, 0.52), "body": (0.3, 0.18, 0.7, 0.52), "trunk": (0.3, 0.18, 0.7, 0.52),
    "back": (0.3, 0.18, 0.7, 0.5), "spine": (0.47, 0.18, 0.53, 0.5), "stomach": (0.35, 0.33, 0.65, 0.45),
    "belly": (0.35, 0.33, 0.65, 0.45), "abdomen": (0.35, 0.33, 0.65, 0.45), "waist": (0.32, 0.42, 0.68, 0.48),
    "hip": (0.3, 0.46, 0.44, 0.54), "buttock": (0.32, 0.46, 0.48, 0.56), "pelvis": (0.33, 0.45, 0.67, 0.55),
    "arm": (0.12, 0.18, 0.28, 0.55), "upper arm": (0.16, 0.18, 0.28, 0.36), "forearm": (0.1, 0.34, 0.24, 0.5),
    "elbow": (0.14, 0.33, 0.24, 0.38), "wrist": (0.1, 0.48, 0.2, 0.52), "hand": (0.06, 0.5, 0.22, 0.6),
    "palm": (0.08, 0.51, 0.2, 0.58), "finger": (0.08, 0.57, 0.18, 0.63), "thumb": (0.18, 0.5, 0.22, 0.55),
    "fist": (0.06, 0.5, 0.2, 0.58), "leg": (0.32, 0.52, 0.48, 0.96), "thigh": (0.32, 0.52, 0.48, 0.7),
    "knee": (0.33, 0.68, 0.47, 0.75), "knee cap": (0.34, 0.69, 0.46, 0.74), "kneecap": (0.34, 0.69, 0.46, 0.74),
    "shin": (0.34, 0.74, 0.46, 0.9), "calf": (0.34, 0.74, 0.46, 0.9), "ankle": (0.34, 0.89, 0.46, 0.93),
    "foot": (0.3, 0.92, 0.48, 1.0), "heel": (0.36, 0.95, 0.44, 1.0), "toe": (0.3, 0.96, 0.38, 1.0),
}
_GEOMETRIC = {"above": "above", "on top of": "on", "on": "on", "below": "below", "under": "below", "left of": "left",
              "right of": "right"}


def body_box(o: SceneObject, owner: Box, k: int) -> Box | None:
    """The box of part ``o`` (instance ``k`` of its name on this owner) on the figure in ``owner``, or None
    when the body map does not know the part. An unsided pair takes the right side first, then the left."""
    place = _place(o.name)
    if place is None:
        return None
    said = set(f"{o.description} {' '.join(o.attributes)}".lower().split())
    left = "left" in said or ("right" not in said and k % 2 == 1)
    x0, y0, x1, y1 = place
    if left:
        x0, x1 = 1.0 - x1, 1.0 - x0
    ox0, oy0, ox1, oy1 = owner
    w, h = ox1 - ox0, oy1 - oy0
    return (ox0 + x0 * w, oy0 + y0 * h, ox0 + x1 * w, oy0 + y1 * h)


# Where a figure stands when the prompt names only its parts ("left leg bent, both arms up"): the middle.
LOOSE_FIGURE: Box = (0.3, 0.06, 0.7, 0.94)


def loose_body(scene: Scene) -> bool:
    """Whether ``scene`` is a pose said only of parts: two or more objects, each a body part the body map
    knows, none anchored but to another of them (no figure is named to own them; "hand" of "left arm ...
    with hand near knee" is the arm's)."""
    objs, ids = scene.objects, {o.id for o in scene.objects}
    return len(objs) >= 2 and all((o.anchor is None or o.anchor.target in ids) and _place(o.name) is not None
                                  for o in objs)


def place_loose_body(scene: Scene) -> None:
    """Lay a pose said only of parts out as one body (in place): each part where the body map puts it on a
    figure in the middle of the picture, then moved by the relations stated between the parts."""
    by_id = {o.id: o for o in scene.objects}
    seen: dict[str, int] = {}
    for o in scene.objects:
        seen[o.name] = seen.get(o.name, -1) + 1
        k = seen[o.name]
        host = by_id.get(o.anchor.target) if o.anchor is not None else None
        if host is not None and "left" in host.description.split():  # the left arm's hand is on the left
            k = 1
        elif host is not None and "right" in host.description.split():
            k = 0
        o.box = body_box(o, LOOSE_FIGURE, k) or o.box
    _settle(scene, scene.objects, same_owner=False)


def _place(name: str) -> Box | None:
    return _BODY.get(name) or _BODY.get(name.rpartition(" ")[2])


def settle_parts(scene: Scene) -> None:
    """Move drawn parts so the relations the prompt states between two parts of one figure hold ("the left
    arm under the right arm", "the foot above the knee") (in place)."""
    _settle(scene, [o for o in scene.objects if o.anchor is not None and o.anchor.kind == "part_of"])


def _settle(scene: Scene, parts: list[SceneObject], same_owner: bool = True) -> None:
    if not parts:
        return
    ends: dict[str, list[SceneObject]] = {}
    for o in parts:
        ends.setdefault(o.id, []).append(o)
        ends.setdefault(o.name, []).append(o)
    for r in scene.relations:
        subj, obj = ends.get(r.subject, []), ends.get(r.object, [])
        for a in subj:
            b = next((b for b in obj if b.id != a.id and (not same_owner or b.anchor.target == a.anchor.target)),  # type: ignore[union-attr]
                     None)
            if b is not None:
                a.box = _moved(a.box, b.box, r.relation)


def _moved(a: Box, b: Box, relation: str) -> Box:
    """Box ``a`` moved the least so that its centre stands in ``relation`` to box ``b``'s."""
    ax, ay = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    bx, by = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    w, h = a[2] - a[0], a[3] - a[1]
    kind = _GEOMETRIC.get(relation)
    dx = dy = 0.0
    if kind == "above" and ay >= by:
        dy = (b[1] - h / 2) - ay
    elif kind == "on":  # resting on it: its centre over the upper half of what bears it, and across it
        dy = (b[1] + by) / 2 - ay if ay >= by else 0.0
        dx = 0.0 if a[0] < b[2] and b[0] < a[2] else bx - a[0] if a[0] >= b[2] else bx - a[2]
    elif kind == "below" and ay <= by:
        dy = (b[3] + h / 2) - ay
    elif kind == "left" and ax >= bx:
        dx = (b[0] - w / 2) - ax
    elif kind == "right" and ax <= bx:
        dx = (b[2] + w / 2) - ax
    x0, y0 = min(max(a[0] + dx, 0.0), 1.0 - w), min(max(a[1] + dy, 0.0), 1.0 - h)
    return (x0, y0, x0 + w, y0 + h)
