"""Turn an edit plan into nodes APPENDED to the run's TaskGraph (ids prefixed ``r<round>.``).

Three ways, cheapest first:
- **local edits** (re-render a text, inpaint a region with a prompt, instruct-edit): start from the
  image under the old text, add ``mask.box`` + ``edit.inpaint`` for objects to repaint (diffusion
  backends only: on the sketch backend a re-render is exact and free), ``edit.instruct`` for global
  instructions, then ``text.render`` with the corrected texts. Used only when the plugins are installed
  and the appended graph validates against them;
- otherwise **re-compile** the corrected Scene for the backend under the round's prefix: regenerate the
  changed objects / everything; a new node id gives a new seed.
Earlier nodes stay in the graph, so the executor's cache serves them for free.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from agent.compiler import CompileOptions, compile_scene
from agent.errors import ValidationError
from agent.graph import Edge, Node, OutputRef, TaskGraph
from agent.scene import Scene

if TYPE_CHECKING:
    from agent.critique.edit_plan import EditPlan
    from agent.registry import Registry

log = logging.getLogger("scenecraft.critique")

REPAINT_OPS = frozenset({"recolor", "redraw", "inpaint"})
LOCAL_OPS = REPAINT_OPS | {"retext", "instruct"}


def append_round(
    graph: TaskGraph,
    scene: Scene,
    plan: EditPlan,
    round_no: int,
    backend: str,
    options: CompileOptions,
    current: OutputRef,
    registry: Registry | None = None,
) -> OutputRef:
    """Append the nodes that realise ``plan`` (already applied to ``scene``); returns the new image output.

    Args:
        graph: the loop's graph; the round's nodes are appended to it.
        scene: the corrected Scene the round must show.
        plan: the edits that made it.
        round_no: the round number (node ids get the prefix ``r<round_no>.``).
        backend: the backend the graph was compiled for.
        options: the compile options (model, steps).
        current: the image output the edits apply to.
        registry: the plugins available; None re-compiles instead of editing locally.
    """
    prefix = f"r{round_no}."
    if plan.edits and not plan.regenerate and {e.op for e in plan.edits} <= LOCAL_OPS:
        out = _local_edits(graph, scene, plan, prefix, current, backend, registry)
        if out is not None:
            return out
    sub = compile_scene(scene, backend, options)
    graph.nodes += [Node(id=prefix + n.id, plugin=n.plugin, params=n.params) for n in sub.nodes]
    graph.edges += [
        Edge(source=prefix + e.source, output=e.output, target=prefix + e.target, input=e.input) for e in sub.edges
    ]
    return OutputRef(node=prefix + sub.outputs[0].node, field=sub.outputs[0].field)


def _local_edits(
    graph: TaskGraph,
    scene: Scene,
    plan: EditPlan,
    prefix: str,
    current: OutputRef,
    backend: str,
    registry: Registry | None,
) -> OutputRef | None:
    """Inpaint / instruct / re-text nodes after the current image, or None when that cannot be done."""
    objects = {o.id: o for o in scene.objects}
    repaint = [objects[e.target] for e in plan.edits if e.op in REPAINT_OPS and e.target in objects]
    instructions = [e.value for e in plan.edits if e.op == "instruct" and e.value]
    if (repaint or instructions) and (backend == "sketch" or registry is None):
        return None  # the sketch re-render is exact; without a registry nothing can be checked
    trial = graph.model_copy(deep=True)
    cur = trial.node(current.node)
    base = (current.node, current.field)
    if cur.plugin == "text.render":  # edit the picture under the old glyphs, then draw the texts again
        feed = next(e for e in trial.inputs_of(cur.id) if e.input == "image")
        base = (feed.source, feed.output)
    if repaint:
        if "edit.inpaint" not in registry:  # type: ignore[operator]
            return None
        base = _add_inpaint(trial, scene, repaint, prefix, base)
    if instructions:
        if "edit.instruct" not in registry:  # type: ignore[operator]
            return None
        trial.add(prefix + "instruct", "edit.instruct", links={"image": base}, prompt="; ".join(instructions))
        base = (prefix + "instruct", "image")
    if scene.texts:
        trial.add(
            prefix + "text",
            "text.render",
            links={"image": base},
            texts=[t.model_dump(mode="json", exclude_none=True) for t in scene.texts],
        )
        base = (prefix + "text", "image")
    if base[0] == current.node:
        return None
    if registry is not None:
        try:
            trial.validate_with(registry)
        except ValidationError as exc:  # an editor with another interface: fall back to re-compiling
            log.info("local edit does not fit the installed plugins (%s); regenerating instead", exc)
            return None
    graph.nodes, graph.edges = trial.nodes, trial.edges
    return OutputRef(node=base[0], field=base[1])


def _add_inpaint(trial: TaskGraph, scene: Scene, repaint: list, prefix: str, base: tuple[str, str]) -> tuple[str, str]:
    """A box mask over ``repaint`` and an inpaint node fed by ``base``; returns the new image's (node, field)."""
    prompt = ", ".join(o.description or " ".join(x for x in (o.color, o.name) if x) for o in repaint)
    trial.add(prefix + "mask", "mask.box", width=scene.width, height=scene.height, boxes=[list(o.box) for o in repaint])
    # Repaint with the model that drew the picture: the pool derives its inpainting pipeline from the
    # loaded base (from_pipe) instead of loading a second checkpoint.
    gen = next((n for n in trial.nodes if "model" in n.params), None)
    same_model = {k: gen.params[k] for k in ("model", "profile") if gen is not None and k in gen.params}
    trial.add(prefix + "inpaint", "edit.inpaint", links={"image": base, "mask": (prefix + "mask", "mask")},
              prompt=f"{prompt}, {scene.style}" if scene.style else prompt, **same_model)
    return prefix + "inpaint", "image"
