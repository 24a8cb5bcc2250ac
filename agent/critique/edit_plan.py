"""Edit plans for the critique loop: findings -> :class:`EditPlan` (by rules or by an LLM), and applying a
plan to a Scene.

An :class:`Edit` is one atomic fix (GraPE style); the loop (agent/critique/loop.py) turns the plan into
graph nodes (agent/critique/rounds.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.edits.ops import add_object, drop_dangling, recolour_description
from agent.errors import ScenecraftError
from agent.findings import Finding
from agent.layout.plan_check import matches
from agent.scene import Box, Scene

log = logging.getLogger("scenecraft.critique")

EditOp = Literal["recolor", "retext", "move", "add", "remove", "redraw", "inpaint", "instruct"]


class Edit(BaseModel):
    """One atomic fix (GraPE style). ``target`` is a Scene id (or a category name for ``add``)."""

    model_config = ConfigDict(extra="forbid")

    op: EditOp
    target: str | None = None
    value: str | None = None
    box: Box | None = None
    reason: str = ""


class EditPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edits: list[Edit] = Field(default_factory=list)
    regenerate: bool = False  # redraw everything with a new seed


def rule_edit_plan(findings: list[Finding], scene: Scene, seed: int = 0) -> EditPlan:
    """Map each failed finding to the edit that fixes it; findings with no local fix ask to regenerate."""
    ids = {o.id for o in scene.objects}
    text_ids = {t.id for t in scene.texts}
    edits: list[Edit] = []
    regenerate = False
    solved: dict[str, Box] | None = None
    for f in findings:
        if f.ok:
            continue
        why = f"{f.check}: {f.message or f.problem}"
        if f.target in text_ids and f.problem in ("misspelled", "missing", "clipped") and f.expected:
            edits.append(Edit(op="retext", target=f.target, value=f.expected, reason=why))
        elif f.target in ids and f.problem == "wrong_color" and f.expected:
            edits.append(Edit(op="recolor", target=f.target, value=f.expected, reason=why))
        elif f.target in ids and f.problem == "wrong_position":
            if solved is None:
                from agent.layout import solve_layout

                solved = {o.id: o.box for o in solve_layout(scene, seed).objects}
            # move the object and its relation partners together: the solver's boxes agree as a set
            moved = {e.target for e in edits if e.op == "move"}
            for oid in [f.target, *related_ids(scene, f.target)]:
                if oid not in moved and oid in solved:
                    edits.append(Edit(op="move", target=oid, box=solved[oid], reason=why))
                    moved.add(oid)
        elif f.target in ids and f.problem == "extra":
            edits.append(Edit(op="remove", target=f.target, reason=why))
        elif f.target in ids and f.problem in ("missing", "clipped", "other"):
            edits.append(Edit(op="redraw", target=f.target, reason=why))
        elif f.problem in ("wrong_count", "extra") and f.target and f.expected and f.expected.isdigit():
            have = [o for o in scene.objects if matches(o.name, f.target)]
            want = int(f.expected)
            edits += [Edit(op="remove", target=o.id, reason=why) for o in have[want:]]
            edits += [Edit(op="add", target=f.target, reason=why) for _ in range(want - len(have))]
        else:
            regenerate = True
    return EditPlan(edits=edits, regenerate=regenerate and not edits)


def edit_key(e: Edit) -> str:
    """What makes two edits the same fix: operation, target, value and box."""
    return json.dumps([e.op, e.target, e.value, list(e.box) if e.box else None])


def untried(plan: EditPlan, tried: set[str]) -> EditPlan:
    """``plan`` less the edits already applied in an earlier round (and less a second regeneration)."""
    edits = [e for e in plan.edits if edit_key(e) not in tried]
    return EditPlan(edits=edits, regenerate=plan.regenerate and not edits and "regenerate" not in tried)


def related_ids(scene: Scene, object_id: str) -> list[str]:
    """Ids of the objects that share a relation with ``object_id`` (by id or by name)."""
    obj = next(o for o in scene.objects if o.id == object_id)
    refs = {obj.id, obj.name}
    out: list[str] = []
    for r in scene.relations:
        ends = [r.subject, r.object, *([r.object2] if r.object2 else [])]
        if refs & set(ends):
            out += [o.id for ref in ends for o in scene.objects_named(ref) if o.id != object_id and o.id not in out]
    return out


def apply_edits(scene: Scene, plan: EditPlan, seed: int = 0) -> Scene:
    """The corrected Scene. Unknown targets are errors (an edit plan must name what exists).

    The object operations are the chat edits' own (:mod:`agent.edits.ops`): a recolour rewrites the colour
    words of the description, an added object without a box goes to a free spot (the others stay put), and
    a removed object takes its relations and the texts written on it along. ``seed`` is kept for callers.
    """
    del seed
    out = scene.model_copy(deep=True)
    for e in plan.edits:
        _apply_one(out, e)
    drop_dangling(out)
    return Scene.parse(out.model_dump(mode="json"))


def _apply_one(out: Scene, e: Edit) -> None:
    objects = {o.id: o for o in out.objects}
    texts = {t.id: t for t in out.texts}
    if e.op in ("recolor", "move", "remove", "redraw", "inpaint") and e.target not in objects:
        raise ScenecraftError(f"edit '{e.op}' names no object '{e.target}'")
    if e.op == "retext" and e.target not in texts:
        raise ScenecraftError(f"edit 'retext' names no text '{e.target}'")
    if e.op == "recolor" and e.value:
        obj = objects[e.target]
        obj.description, obj.color = recolour_description(obj, e.value), e.value
    elif e.op == "retext":
        texts[e.target].content = e.value or texts[e.target].content
    elif e.op == "move" and e.box is not None:
        objects[e.target].box = e.box
    elif e.op == "remove":
        out.objects.remove(objects[e.target])
    elif e.op in ("inpaint", "redraw") and e.value:
        objects[e.target].description = e.value
    elif e.op == "add":
        name = e.target or "object"
        add_object(out, name, e.value or f"a {name}", box=e.box)
    elif e.op == "instruct" and e.value:
        out.style = f"{out.style}, {e.value}".strip(", ")


class LLMEditPlanner:
    """GraPE-style edit planning by a chat model (``prompts/critique_edit.toml``); targets are checked."""

    def __init__(self, config: Any = None, llm: Any = None) -> None:
        from agent.llm.client import load_config

        self.config = config if config is not None else load_config()
        self._llm = llm

    def __call__(self, findings: list[Finding], scene: Scene, seed: int = 0) -> EditPlan:
        from agent.critique.critics import findings_json
        from agent.llm import prompts
        from agent.llm.client import structured_call

        ids = {o.id for o in scene.objects} | {t.id for t in scene.texts}

        def check(plan: EditPlan) -> list[str]:
            return [
                f"edits[{i}].target '{e.target}' is not a Scene id"
                for i, e in enumerate(plan.edits)
                if e.op not in ("add", "instruct") and e.target not in ids
            ]

        messages = prompts.render(
            "critique_edit",
            prompt=scene.prompt,
            scene=scene.to_json(indent=None),
            findings=findings_json([f for f in findings if not f.ok]),
        )
        return structured_call(self.config, messages, EditPlan, llm=self._llm, check=check)
