"""The budgeted self-critique loop: generate, find mistakes, plan edits, apply them, check again.

Each round collects findings from the critics, turns them into an :class:`EditPlan` (by rules, or by
an LLM with the GraPE-style ``critique_edit`` prompt), applies the plan to the best Scene so far,
APPENDS the nodes that realise it to the same TaskGraph and runs the graph again: the executor's cache
makes every earlier node free. The loop stops when every check passes, when the plan is empty, or
when the budget (rounds, seconds) is spent, and always returns the best-scoring image seen, never a
later worse one. ``trace.json`` gets a ``critique`` section with each round's findings, edits and score.

How edits become nodes is agent/critique/rounds.py's job: re-render a text over the image under the old
text, inpaint / instruct-edit on diffusion backends when those plugins are installed, else re-compile
the corrected Scene (on the sketch backend that realises every edit offline).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.artifacts import ImageRef, atomic_write
from agent.compiler import CompileOptions, compile_scene
from agent.critique.critics import Critic, resolve_critics
from agent.critique.edit_plan import (  # noqa: F401  (re-exported: the loop's edit-plan names)
    Edit,
    EditOp,
    EditPlan,
    LLMEditPlanner,
    apply_edits,
    edit_key,
    related_ids,
    rule_edit_plan,
    untried,
)
from agent.critique.rounds import append_round
from agent.errors import ScenecraftError
from agent.findings import Finding, score
from agent.graph import OutputRef, TaskGraph
from agent.scene import Scene

log = logging.getLogger("scenecraft.critique")

@dataclass
class RoundRecord:
    round: int
    node: str
    score: float
    findings: list[Finding]
    edits: EditPlan | None = None
    image: str = ""
    wall_s: float = 0.0
    error: str | None = None
    ran: list[str] = field(default_factory=list)  # nodes computed this round; every other node was a cache hit
    critic_errors: list[str] = field(default_factory=list)  # critics that could not judge (not scored)

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "node": self.node,
            "score": round(self.score, 6),
            "image": self.image,
            "wall_s": round(self.wall_s, 4),
            "error": self.error,
            "ran": self.ran,
            "critic_errors": self.critic_errors,
            "edits": self.edits.model_dump(mode="json", exclude_defaults=True) if self.edits else None,
            "findings": [f.model_dump(mode="json", exclude_defaults=True) for f in self.findings],
        }


@dataclass
class CritiqueResult:
    """What the loop returns: the best round (its Scene and image) plus every round's record."""

    scene: Scene
    graph: TaskGraph
    best: RoundRecord
    rounds: list[RoundRecord] = field(default_factory=list)
    stop_reason: str = ""
    outcome: Any = None  # the runner's RunOutcome for the written folder

    @property
    def passed(self) -> bool:
        return all(f.ok for f in self.best.findings)


def _collect(critics: list[Critic], ref: ImageRef, scene: Scene, store: Any) -> tuple[list[Finding], list[str]]:
    """Findings of every critic, and one line per critic that failed.

    A failed critic (an LLM offline) must not sink the run, and its failure is not a defect of the
    image: it is recorded, not scored, so it never triggers an edit.
    """
    found: list[Finding] = []
    errors: list[str] = []
    for critic in critics:
        name = str(getattr(critic, "name", critic))
        try:
            found += critic(ref, scene, store)
        except ScenecraftError as exc:
            log.warning("critic %s failed: %s", name, exc)
            errors.append(f"{name}: {exc}")
    return found, errors


def as_drawn(scene: Scene, outputs: Any) -> Scene:
    """``scene`` with its texts' boxes where the renderer drew them (a text moved onto its carrier's flat
    area, or a grown box): critics judge the picture against the texts as drawn."""
    drawn: dict[str, Any] = {}
    for out in outputs:
        for t in getattr(out, "texts", None) or []:
            if getattr(t, "id", None) is not None:
                drawn[t.id] = t.box
    if not any(t.id in drawn and drawn[t.id] != t.box for t in scene.texts):
        return scene
    texts = [t.model_copy(update={"box": drawn[t.id]}) if t.id in drawn else t for t in scene.texts]
    return scene.model_copy(update={"texts": texts})


def _drop_round(graph: TaskGraph, round_no: int) -> None:
    """Remove the nodes (and their edges) a failed round appended."""
    prefix = f"r{round_no}."
    graph.nodes = [n for n in graph.nodes if not n.id.startswith(prefix)]
    graph.edges = [e for e in graph.edges if not (e.source.startswith(prefix) or e.target.startswith(prefix))]
    graph.outputs = [o for o in graph.outputs if not o.node.startswith(prefix)]


def critique_loop(
    scene: Scene,
    out_dir: Path | str,
    rounds: int = 2,
    seconds: float = 300.0,
    critics: list[str | Critic] | None = None,
    backend: str = "sketch",
    options: CompileOptions | None = None,
    seed: int = 0,
    executor: Any = None,
    edit_planner: Any = None,
) -> CritiqueResult:
    """Render ``scene``, then up to ``rounds`` critique/edit rounds within ``seconds``; write the best image.

    ``edit_planner``: ``None`` for the rules, or a callable ``(findings, scene, seed) -> EditPlan``
    such as :class:`LLMEditPlanner`.

    Args:
        scene: the Scene to render and correct.
        out_dir: the run folder for the best image.
        rounds: at most this many edit rounds after the first render.
        seconds: the wall-time budget.
        critics: plugin ids or Critic objects (None: the defaults for the backend).
        backend: the backend to compile for.
        options: compile options (model, steps).
        seed: the run seed.
        executor: an engine executor to reuse (its cache and model pool).
        edit_planner: None for the rules, or ``(findings, scene, seed) -> EditPlan``.
    """
    from agent.engine.run_folder import execute_to_dir, make_executor

    if rounds < 0 or seconds <= 0:
        raise ScenecraftError(f"critique budget must be rounds >= 0 and seconds > 0 (got {rounds}, {seconds})")
    options = options or CompileOptions()
    executor = executor or make_executor()
    crits = resolve_critics(critics, executor.registry)
    plan_edits = edit_planner or rule_edit_plan
    t0 = time.monotonic()
    graph = compile_scene(scene, backend, options)
    current = graph.outputs[0]
    records: list[RoundRecord] = []
    best: RoundRecord | None = None
    best_scene = scene
    stop = ""
    tried: set[str] = set()  # edits already applied: the same fix is never repeated
    for r in range(rounds + 1):
        t_round = time.monotonic()
        edits = None
        if r > 0:
            if all(f.ok for f in best.findings):  # type: ignore[union-attr]
                stop = "all checks pass"
                break
            if time.monotonic() - t0 >= seconds:
                stop = "time budget spent"
                break
            try:
                edits = untried(plan_edits(best.findings, best_scene, seed), tried)  # type: ignore[union-attr]
                candidate = apply_edits(best_scene, edits, seed) if edits.edits else best_scene
            except ScenecraftError as exc:
                stop = f"edit planning failed: {exc}"
                break
            if not edits.edits and not edits.regenerate:
                stop = "no new edit can fix the findings (each fix is tried once)"
                break
            tried.update(edit_key(e) for e in edits.edits)
            tried.update(["regenerate"] if edits.regenerate else [])
            current = append_round(
                graph,
                candidate,
                edits,
                r,
                backend,
                options,
                OutputRef(node=best.node, field="image"),
                executor.registry,
            )  # type: ignore[union-attr]
        else:
            candidate = scene
        graph.outputs = [current]
        result = executor.run(graph, seed=seed)
        ref = getattr(result.outputs.get(current.node), current.field, None)
        ran = [x.node for x in result.trace if x.status == "ok"]
        if not isinstance(ref, ImageRef):
            err = next((f"{x.node}: {x.error}" for x in result.failures), "no image")
            records.append(
                RoundRecord(
                    round=r,
                    node=current.node,
                    score=0.0,
                    findings=[],
                    edits=edits,
                    error=err,
                    wall_s=time.monotonic() - t_round,
                    ran=ran,
                )
            )
            if r == 0:
                raise ScenecraftError(f"the first render failed ({err})")
            _drop_round(graph, r)  # keep the folder's graph runnable, and stop re-running a broken node
            continue
        candidate = as_drawn(candidate, result.outputs.values())
        findings, critic_errors = _collect(crits, ref, candidate, executor.store)
        blind = bool(critic_errors) and len(critic_errors) == len(crits)  # nobody could judge this image
        rec = RoundRecord(
            round=r,
            node=current.node,
            score=0.0 if blind else score(findings),
            findings=findings,
            edits=edits,
            image=ref.sha256,
            wall_s=time.monotonic() - t_round,
            ran=ran,
            critic_errors=critic_errors,
        )
        same = next((x.round for x in records if x.image == rec.image), None)
        records.append(rec)
        log.info("critique round %d: score %.3f (%d findings failed)", r, rec.score, sum(not f.ok for f in findings))
        if same is not None:
            stop = f"round {r} changed nothing (the image of round {same} again)"
            break
        if best is None or rec.score > best.score:
            best, best_scene = rec, candidate
        if blind:
            stop = f"every critic failed ({'; '.join(critic_errors)})"
            break
    assert best is not None
    if not stop:
        stop = "all checks pass" if all(f.ok for f in best.findings) else "rounds spent"
    graph.outputs = [OutputRef(node=best.node, field="image")]
    outcome = execute_to_dir(graph, out_dir, seed=seed, scene=best_scene, executor=executor)  # every node cached
    trace_path = Path(outcome.out_dir) / "trace.json"
    trace = json.loads(trace_path.read_text())
    trace["critique"] = {
        "best_round": best.round,
        "best_score": round(best.score, 6),
        "stop": stop,
        "budget": {"rounds": rounds, "seconds": seconds},
        "wall_s": round(time.monotonic() - t0, 4),
        "rounds": [x.to_json() for x in records],
    }
    atomic_write(trace_path, (json.dumps(trace, indent=2) + "\n").encode())
    return CritiqueResult(scene=best_scene, graph=graph, best=best, rounds=records, stop_reason=stop, outcome=outcome)
