"""Where the sketch draws each object, and in which order, so the picture reads like the scene.

The planner's boxes say roughly where things are; this module makes them physical before drawing:
- things ``on`` a support (anchor kind ``on``, or a relation "on top of") rest on its top surface, the
  support widening to hold them all; their left/right neighbours join them ("apples left of a cup on a
  table" are on the table too);
- contents (anchor ``in``) sit inside their container, drawn before it so its rim covers them;
- worn things sit on the wearer's head, eyes, neck, torso or feet and held things at the holder's hand,
  at the wearer's scale;
- "behind" / "in front of" and ``z`` decide what covers what, and farther things are a little smaller
  and higher.
Everything is in pixels of the final image; pictures keep their aspect, bottom-aligned in their box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from agent.scene import Scene, SceneObject
from plugins.sketch_backdrops import is_setting_object
from plugins.sketch_furniture import SURFACES, fit, surfaces
from plugins.sketch_stacks import lay_flat, place_stacked, restack, stacks
from plugins.sketch_wear import hand_box, worn_box

Rect = tuple[float, float, float, float]
CONTAINER_SHAPES_AS_SUPPORTS = {"@shelf", "@bookshelf", "@cabinet", "@counter", "@table", "@desk", "@appliance"}


@dataclass
class Placed:
    """One object as drawn: its picture, the box the picture is fitted in (pixels) and its paint order."""

    obj: SceneObject
    pic: str | None
    box: Rect
    aspect: float | None  # picture height / width; None fills the box
    layer: float = 0.0
    flat: bool = False  # drawn lying in a stack (squashed to plugins.sketch_stacks.FLAT)

    @property
    def rect(self) -> Rect:
        """The drawn picture's rect: natural aspect, bottom-aligned and centred in the box."""
        if self.aspect is None:
            return self.box
        return fit_aspect(self.box, self.aspect)


def fit_aspect(box: Rect, aspect: float) -> Rect:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    w, h = (bw, bw * aspect) if bw * aspect <= bh else (bh / aspect, bh)
    cx = (x0 + x1) / 2
    return cx - w / 2, y1 - h, cx + w / 2, y1


def _size(r: Rect) -> tuple[float, float]:
    return r[2] - r[0], r[3] - r[1]


def _clamp(box: Rect, width: int, height: int) -> Rect:
    """Shift (and if needed shrink) a box so it lies inside the image."""
    x0, y0, x1, y1 = box
    w, h = min(x1 - x0, width), min(y1 - y0, height)
    x0 = min(max(x0, 0.0), width - w)
    y0 = min(max(y0, 0.0), height - h)
    return x0, y0, x0 + w, y0 + h


def at_bottom(cx: float, bottom: float, w: float, h: float) -> Rect:
    """A ``w`` x ``h`` box centred on ``cx`` with its bottom edge at ``bottom`` (pixels).

    Every move here keeps the bottom fixed because things stand: widening a table, shrinking a far tree
    or setting a cup on a shelf must not lift it off what it stands on.

    Args:
        cx: the horizontal centre.
        bottom: the y of the bottom edge (y grows down).
        w, h: the box's width and height.
    """
    return cx - w / 2, bottom - h, cx + w / 2, bottom


def support_lines(p: Placed) -> list[tuple[float, float, float]]:
    """(y, x0, x1) where things put on ``p`` rest: a drawn shape's top faces, else the picture's top."""
    r = p.rect
    if p.pic and p.pic.startswith("@"):
        lines = surfaces(p.pic, fit(p.pic, p.box))
        if lines:
            return lines
    w, h = _size(r)
    return [(r[1] + 0.04 * h, r[0] + 0.12 * w, r[2] - 0.12 * w)]


def place_on(support: Placed, loads: list[Placed], width: int, height: int) -> None:
    """Widen ``support`` until its surfaces hold the loads side by side, then stand them on it.

    Planned boxes for "a cup on a table" rarely touch; standing the cup on the drawn top face makes the
    relation visible. Only furniture widens (at most 1.6x, inside the image); on a small thing the loads
    shrink instead, so a bird on a cup is not a giant cup.

    Args:
        support: what carries the loads; its box may grow, keeping its bottom.
        loads: the things resting on it: moved onto its surfaces in left-to-right order and drawn after it.
        width, height: the image size in pixels (the widened support stays inside).
    """
    need = sum(_size(p.rect)[0] for p in loads) * 1.08
    lines = support_lines(support)
    have = sum(x1 - x0 for _, x0, x1 in lines)
    if need > have and support.pic in SURFACES:  # furniture widens (up to 1.6x); a small thing does not
        sw, sh = _size(support.box)
        grow = min(need / max(have, 1e-6), 1.6, 0.92 * width / max(sw, 1e-6), 0.85 * height / max(sh, 1e-6))
        if grow > 1.0:
            cx, bottom = (support.box[0] + support.box[2]) / 2, support.box[3]
            support.box = _clamp(at_bottom(cx, bottom, sw * grow, sh * grow), width, height)
            lines = support_lines(support)
            have = sum(x1 - x0 for _, x0, x1 in lines)
    shrink = min(1.0, have / max(need, 1e-6))
    ordered = sorted(loads, key=lambda p: (p.box[0] + p.box[2]) / 2)
    per_line = -(-len(ordered) // len(lines))
    for i, (y, x0, x1) in enumerate(lines):
        row = ordered[i * per_line:(i + 1) * per_line]
        widths = [_size(p.rect)[0] * shrink for p in row]
        gap = (x1 - x0 - sum(widths)) / (len(row) + 1) if row else 0.0
        x = x0 + gap
        for p, w in zip(row, widths, strict=True):
            rw, rh = _size(p.rect)
            h = rh * w / max(rw, 1e-6)
            p.box = at_bottom(x + w / 2, y, w, h)
            x += w + gap
            p.layer = max(p.layer, support.layer + 1)


VESSELS = ("vase", "bowl", "cup", "mug", "glass", "jar", "pot", "basket", "bucket", "bag", "box", "bin", "crate",
           "tray", "plate", "sink", "bathtub", "tub", "aquarium", "tank", "bottle", "pan", "cart", "wagon", "boat",
           "nest", "barrel", "can", "kettle", "teapot", "pitcher", "planter", "cage", "carton", "bag", "purse")


def is_vessel(name: str) -> bool:
    """A thing that holds its contents in an opening (a vase, a bowl), rather than around them (a car)."""
    last = name.lower().split()[-1] if name.strip() else ""
    return last in VESSELS or last.rstrip("s") in VESSELS


def place_in(container: Placed, contents: list[Placed]) -> None:
    """Contents of a vessel stand in its opening, their lower half hidden by it (drawn before it) and the
    rest above the rim: tulips out of a vase, noodles over a bowl. Contents of anything else (a sticker in
    a car window, a person in a house) are drawn over it, inside its outline, at most their own size."""
    r = container.rect
    cw, ch = _size(r)
    vessel = is_vessel(container.obj.name)
    sizes = []
    for p in contents:
        w, h = _size(p.rect)
        k = 1.2 * ch / max(h, 1e-6) if vessel else min(1.0, 0.8 * ch / max(h, 1e-6), 0.8 * cw / max(w, 1e-6))
        sizes.append((w * k, h * k))
    fit_k = min(1.0, cw / max(max(w for w, _ in sizes), 1e-6))  # each fits the opening; a bunch overlaps
    step = (0.6 if vessel else 0.8) * cw / len(contents)
    for i, (p, (w, h)) in enumerate(zip(contents, sizes, strict=True)):
        cx = r[0] + (0.2 if vessel else 0.1) * cw + step * (i + 0.5)
        bottom = r[1] + (0.5 if vessel else 0.85) * ch
        p.box = at_bottom(cx, bottom, w * fit_k, h * fit_k)
        p.layer = container.layer - 0.5 if vessel else container.layer + 1


def place_behind(back: Placed, front: Placed, width: int, height: int, alone: bool = True) -> None:
    """``back`` goes partly behind ``front``: its bottom higher (farther away), a little smaller, drawn
    first so the near one covers it. A lone one moves beside the front one's middle (the planner may have
    stacked it above); several behind one thing keep their planned spread so they do not pile up.

    Args:
        back: the farther thing, moved and shrunk.
        front: the nearer thing, left where it is.
        width, height: the image size in pixels (the moved box stays inside).
        alone: ``back`` is the only thing behind ``front``.
    """
    fw, fh = _size(front.rect)
    bw, bh = _size(back.rect)
    k = 0.9 * min(1.0, 2.5 * fh / max(bh, 1e-6))
    cx = (back.box[0] + back.box[2]) / 2
    if alone:
        side = 1.0 if cx >= (front.box[0] + front.box[2]) / 2 else -1.0
        cx = (front.rect[0] + front.rect[2]) / 2 + side * 0.3 * max(fw, bw * k)
    box = at_bottom(cx, front.rect[3] - 0.3 * fh, bw * k, bh * k)
    back.box = _clamp(box, width, height)
    back.layer = min(back.layer, front.layer - 1)


def place_worn(item: Placed, wearer: Placed, held: bool, nth: int = 0) -> None:
    """On the wearer's body region for the thing, or in a hand (the right first, then the left).

    The item is scaled to the region, whatever its planned box: a hat planned as big as its wearer still
    sits on the head. Backpacks, capes and wings go behind the wearer, everything else in front.

    Args:
        item: the worn or held thing, moved.
        wearer: the person or animal as drawn (its picture picks head or body regions).
        held: in a hand (or an animal's mouth) rather than worn.
        nth: which of the wearer's held things this is (0: the right hand).
    """
    target = hand_box(wearer.rect, nth, wearer.pic) if held else worn_box(item.obj.name, wearer.rect, wearer.pic)
    w, h = _size(item.rect)
    tw, th = _size(target)
    k = min(tw / max(w, 1e-6), th / max(h, 1e-6))
    cx, cy = (target[0] + target[2]) / 2, (target[1] + target[3]) / 2
    item.box = (cx - w * k / 2, cy - h * k / 2, cx + w * k / 2, cy + h * k / 2)
    behind = item.obj.name.endswith(("backpack", "cape", "wings"))
    item.layer = wearer.layer - 0.5 if behind else wearer.layer + 1


def refs(scene: Scene, ref: str) -> list[SceneObject]:
    return scene.objects_named(ref)


def dependants(scene: Scene) -> dict[str, list[tuple[str, str]]]:
    """target id -> [(dependant id, kind)], from anchors and "on top of" relations (anchors win)."""
    out: dict[str, list[tuple[str, str]]] = {}
    tied: set[str] = set()
    for o in scene.objects:
        if o.anchor is not None:
            out.setdefault(o.anchor.target, []).append((o.id, o.anchor.kind))
            tied.add(o.id)
    for rel in scene.relations:
        if rel.relation != "on top of" or not refs(scene, rel.object):
            continue
        support = refs(scene, rel.object)[0]
        for load in refs(scene, rel.subject):
            if load.id not in tied and load.id != support.id:
                out.setdefault(support.id, []).append((load.id, "on"))
                tied.add(load.id)
    _add_siblings(scene, out, tied)
    restack(out, stacks(scene))
    return out


def _add_siblings(scene: Scene, out: dict[str, list[tuple[str, str]]], tied: set[str]) -> None:
    """Untied things beside a load ("apples to the left of a cup" on a table) rest on the same support."""
    on = {dep: tgt for tgt, deps in out.items() for dep, kind in deps if kind == "on"}
    for rel in scene.relations:
        if rel.relation not in ("left of", "right of", "next to", "near"):
            continue
        for a_ref, b_ref in ((rel.subject, rel.object), (rel.object, rel.subject)):
            anchors = [on[b.id] for b in refs(scene, b_ref) if b.id in on]
            for a in refs(scene, a_ref):
                if anchors and a.id not in tied and a.id not in out and a.id != anchors[0]:
                    out.setdefault(anchors[0], []).append((a.id, "on"))
                    tied.add(a.id)
                    on[a.id] = anchors[0]


def settle(scene: Scene, pictures: Callable[[SceneObject], tuple[str | None, float | None]],
           width: int, height: int) -> list[Placed]:
    """The objects as drawn, in paint order (first drawn first).

    Args:
        scene: the plan (boxes, anchors, relations, ``z``).
        pictures: an object's picture (emoji or ``@shape``) and aspect; passed in because the lookup lives
            in plugins.sketch, which imports this module, and depends on who wears what.
        width, height: the image size in pixels every returned box is in.
    """
    placed: dict[str, Placed] = {}
    for o in scene.objects:
        pic, aspect = pictures(o)
        box = (o.box[0] * width, o.box[1] * height, o.box[2] * width, o.box[3] * height)
        placed[o.id] = Placed(o, pic, box, aspect, layer=float(o.z or 0) * 100)
    _depth(scene, placed, width, height)
    groups = stacks(scene)
    for i in {i for g in groups for i in g if i in placed}:
        lay_flat(placed[i])
    stacked = {upper: lower for g in groups for lower, upper in zip(g, g[1:], strict=False)}
    deps = dependants(scene)
    for target_id in _targets_in_order(deps):
        target = placed.get(target_id)
        if target is None:
            continue
        group = [(placed[d], k) for d, k in deps[target_id] if d in placed]
        for n, (p, _) in enumerate(x for x in group if stacked.get(x[0].obj.id) == target_id):
            place_stacked(target, p, n + len(_chain_below(stacked, target_id)))
        _place_group(target, [x for x in group if stacked.get(x[0].obj.id) != target_id], width, height)
    order = sorted(placed.values(), key=lambda p: (p.layer, p.rect[3], -_area(p.box)))
    return order


def _chain_below(stacked: dict[str, str], i: str) -> list[str]:
    out = []
    while i in stacked and i not in out:
        i = stacked[i]
        out.append(i)
    return out


def _area(r: Rect) -> float:
    w, h = _size(r)
    return w * h


def _place_group(target: Placed, deps: list[tuple[Placed, str]], width: int, height: int) -> None:
    shaped = bool(target.pic and target.pic in CONTAINER_SHAPES_AS_SUPPORTS)
    loads = [p for p, k in deps if k == "on" or (k == "in" and shaped)]
    if loads and is_setting_object(target.obj.name):  # a street, a sidewalk: drawn as the backdrop, so
        for p in loads:  # what stands on it keeps its planned size and place, in front of the backdrop
            p.layer = max(p.layer, target.layer + 1)
    elif loads:
        place_on(target, loads, width, height)
    contents = [p for p, k in deps if k == "in" and not shaped]
    if contents:
        place_in(target, contents)
    held = 0
    for p, k in deps:
        if k == "held_by":
            place_worn(p, target, held=True, nth=held)
            held += 1
        elif k in ("worn_by", "part_of"):
            place_worn(p, target, held=False)


def _targets_in_order(deps: dict[str, list[tuple[str, str]]]) -> list[str]:
    """Targets before their own dependants' targets (a cup on a table before a spoon in the cup)."""
    out: list[str] = []
    seen: set[str] = set()
    parent = {d: t for t, ds in deps.items() for d, _ in ds}

    def visit(t: str, trail: set[str]) -> None:
        if t in seen or t in trail:
            return
        if t in parent:
            visit(parent[t], trail | {t})
        seen.add(t)
        out.append(t)

    for t in deps:
        visit(t, set())
    return out


def _depth(scene: Scene, placed: dict[str, Placed], width: int, height: int) -> None:
    """"behind" / "in front of": the far one beside and behind the near one; lower ``z`` a little smaller."""
    anchored = {o.id for o in scene.objects if o.anchor is not None}
    behind: dict[str, list[str]] = {}  # front id -> ids behind it, over every relation
    for rel in scene.relations:
        if rel.relation not in ("behind", "in front of"):
            continue
        subs, objs = refs(scene, rel.subject), refs(scene, rel.object)
        if not subs or not objs:
            continue
        backs, fronts = (subs, objs) if rel.relation == "behind" else (objs, subs)
        for b in backs:
            ids = behind.setdefault(fronts[0].id, [])
            if b.id not in anchored and b.id != fronts[0].id and b.id not in ids:
                ids.append(b.id)
    for front, backs in behind.items():
        for back in backs:
            place_behind(placed[back], placed[front], width, height, alone=len(backs) == 1)
    zs = [o.z for o in scene.objects if o.z is not None]
    if zs:
        top = max(zs)
        for p in placed.values():
            steps = top - (p.obj.z or 0)
            if steps > 0 and p.obj.id not in anchored:
                k = max(0.75, 0.92 ** steps)
                w, h = _size(p.box)
                cx, bottom = (p.box[0] + p.box[2]) / 2, p.box[3] - 0.04 * height * min(steps, 3)
                p.box = _clamp(at_bottom(cx, bottom, w * k, h * k), width, height)
