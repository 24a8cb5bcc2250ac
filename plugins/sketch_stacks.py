"""Stacks: several of the same thing piled one on another ("a stack of books", "a pile of plates").

A Scene says so in one of two ways, and the sketch reads both:
- anchors: a thing ``on`` another of the same name (book_2 on book_1) — the planner's own way;
- the request's words: "a stack / pile / heap / tower of <things>", or a thing with the attribute
  "stacked" / "piled", when the plan has several of those things and none of them rests on another.
The stack stands where its bottom member is (on its support if it has one); each member above lies on the
one below, drawn lying (an upright picture turned on its side, then flattened), at the bottom member's
width, a little offset left and right as a hand-made pile is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.scene import Scene, SceneObject
from agent.vocab.pictograms import PILE_RE
from agent.vocab.words import singular as _singular

if TYPE_CHECKING:
    from plugins.sketch_placement import Placed

FLAT = 0.6  # a stacked thing's drawn height, as a share of its (lying) picture's
UPRIGHT = 1.12  # a picture this much taller than wide stands upright (a book): in a stack it lies on its side
_PILE_WORDS = {"stacked", "piled", "stack", "pile", "heap", "heaped"}


def _piled_names(scene: Scene) -> set[str]:
    """Names the request piles up: a planned object's name among the words after "stack of" ("a stack of
    five red plates"), and things with a stacked/piled attribute."""
    planned = {_singular(o.name.lower()) for o in scene.objects}
    names = set()
    for m in PILE_RE.finditer(scene.prompt.lower()):  # the first planned name after "stack of" is what piles
        names |= set([w for w in map(_singular, m.group(1).split()) if w in planned][:1])
    names |= {o.name.lower() for o in scene.objects if _PILE_WORDS & {a.lower() for a in o.attributes}}
    return names


def stacks(scene: Scene) -> list[list[str]]:
    """Each stack's member ids, bottom first. Chains of same-name ``on`` anchors come as the plan wrote them;
    a stack the request names starts at the member with a support (else the lowest box) and goes up in
    plan order."""
    by_id = {o.id: o for o in scene.objects}
    above = {o.anchor.target: o.id for o in scene.objects
             if o.anchor and o.anchor.kind == "on" and o.anchor.target in by_id
             and by_id[o.anchor.target].name.lower() == o.name.lower()}
    below = {v: k for k, v in above.items()}
    out: list[list[str]] = []
    for start in (i for i in above if i not in below):
        chain = [start]
        while chain[-1] in above and above[chain[-1]] not in chain:
            chain.append(above[chain[-1]])
        out.append(chain)
    chained = {i for c in out for i in c}
    for name in _piled_names(scene):
        members = [o for o in scene.objects if _singular(o.name.lower()) == name and o.id not in chained]
        if len(members) < 2:
            continue
        base = max(members, key=lambda o: (_supported(o, by_id, name), o.box[3]))
        out.append([base.id, *(o.id for o in members if o.id != base.id)])
    return out


def _supported(o: SceneObject, by_id: dict[str, SceneObject], name: str) -> bool:
    return bool(o.anchor and o.anchor.kind in ("on", "in") and o.anchor.target in by_id
                and _singular(by_id[o.anchor.target].name.lower()) != name)


def restack(deps: dict[str, list[tuple[str, str]]], groups: list[list[str]]) -> None:
    """Rewrite the dependants map so each member above the bottom rests ``on`` the member below it, and
    nothing else holds it (the planner put all the books "on the table"; only the bottom one is)."""
    members = {i for g in groups for i in g[1:]}
    for target in list(deps):
        deps[target] = [(d, k) for d, k in deps[target] if d not in members]
        if not deps[target]:
            del deps[target]
    for g in groups:
        for lower, upper in zip(g, g[1:], strict=False):
            deps.setdefault(lower, []).append((upper, "on"))


def lay_flat(p: Placed) -> None:
    """A stacked member drawn lying: an upright emoji (a book) turned on its side, then squashed to ``FLAT``
    of its height (see plugins.sketch's ``_paste_glyph``); a drawn shape keeps its own."""
    if p.pic is not None and not p.pic.startswith("@") and p.aspect is not None:
        p.aspect = (1 / p.aspect if p.aspect > UPRIGHT else p.aspect) * FLAT
        p.flat = True


def place_stacked(below: Placed, item: Placed, nth: int) -> None:
    """``item`` lies on ``below``: the bottom edge on its top, the width of the stack's bottom member, a
    little offset to alternate sides."""
    bx0, by0, bx1, _ = below.rect
    w = bx1 - bx0
    h = w * (item.aspect or 1.0)
    cx = (bx0 + bx1) / 2 + (0.04 if nth % 2 else -0.04) * w
    item.box = (cx - w / 2, by0 - h, cx + w / 2, by0)
    item.layer = max(item.layer, below.layer + 0.01)
