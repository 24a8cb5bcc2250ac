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
    from agent.engine.run_folder import make_executor

    if rounds < 0 or seconds <= 0:
        raise ScenecraftError(f"critique budget must be rounds >= 0 and seconds > 0 (got {rounds}, {seconds})")
    options, executor = options or CompileOptions(), executor or make_executor()
    crits = resolve_critics(critics, executor.registry)
    plan_edits = edit_planner or rule_edit_plan
    t0, graph = time.monotonic(), compile_scene(scene, backend, options)
    current, records, best, best_scene, stop = graph.outputs[0], [], None, scene, ""
    tried: set[str] = set()  # edits already applied: the same fix is never repeated
    for r in range(rounds + 1):
        t_round = time.monotonic()
        edits, candidate = None, scene
        if r > 0:
            stop, edits, candidate = _plan_round(best, best_scene, plan_edits, tried, seed, t0, seconds)  # type: ignore[arg-type]
            if stop:
                break
            current = append_round(graph, candidate, edits, r, backend, options,  # type: ignore[arg-type]
                                   OutputRef(node=best.node, field="image"), executor.registry)  # type: ignore[union-attr]
        graph.outputs = [current]
        result = executor.run(graph, seed=seed)
        rec, candidate = _judge(r, current, result, candidate, crits, executor.store, edits, t_round)
        if rec.error is not None:
            records.append(rec)
            if r == 0:
                raise ScenecraftError(f"the first render failed ({rec.error})")
            _drop_round(graph, r)  # keep the folder's graph runnable, and stop re-running a broken node
            continue
        same = next((x.round for x in records if x.image == rec.image), None)
        records.append(rec)
        log.info("critique round %d: score %.3f (%d failed)", r, rec.score, sum(not f.ok for f in rec.findings))
        if same is not None:
            stop = f"round {r} changed nothing (the image of round {same} again)"
            break
        if best is None or rec.score > best.score:
            best, best_scene = rec, candidate
        if rec.critic_errors and len(rec.critic_errors) == len(crits):  # nobody could judge this image
            stop = f"every critic failed ({'; '.join(rec.critic_errors)})"
            break
    assert best is not None
    stop = stop or ("all checks pass" if all(f.ok for f in best.findings) else "rounds spent")
    outcome = _write_best(graph, best, best_scene, records, stop, {"rounds": rounds, "seconds": seconds},
                          out_dir, seed, executor, t0)
    return CritiqueResult(scene=best_scene, graph=graph, best=best, rounds=records, stop_reason=stop, outcome=outcome)


def _plan_round(best: RoundRecord, best_scene: Scene, plan_edits: Any, tried: set[str], seed: int, t0: float,
                seconds: float) -> tuple[str, EditPlan | None, Scene]:
    """The next round's edits and candidate Scene, or why the loop stops (a non-empty first item).

    Only edits not tried before are kept, so every round changes something or the loop ends."""
    if all(f.ok for f in best.findings):
        return "all checks pass", None, best_scene
    if time.monotonic() - t0 >= seconds:
        return "time budget spent", None, best_scene
    try:
        edits = untried(plan_edits(best.findings, best_scene, seed), tried)
        candidate = apply_edits(best_scene, edits, seed) if edits.edits else best_scene
    except ScenecraftError as exc:
        return f"edit planning failed: {exc}", None, best_scene
    if not edits.edits and not edits.regenerate:
        return "no new edit can fix the findings (each fix is tried once)", None, best_scene
    tried.update(edit_key(e) for e in edits.edits)
    tried.update(["regenerate"] if edits.regenerate else [])
    return "", edits, candidate


def _judge(r: int, current: OutputRef, result: Any, candidate: Scene, crits: list[Critic], store: Any,
           edits: EditPlan | None, t_round: float) -> tuple[RoundRecord, Scene]:
    """The round's record: the critics' findings on its image, or the error when it made none. Also the
    candidate Scene with texts where the renderer actually drew them (what the critics checked)."""
    ref = getattr(result.outputs.get(current.node), current.field, None)
    ran = [x.node for x in result.trace if x.status == "ok"]
    if not isinstance(ref, ImageRef):
        err = next((f"{x.node}: {x.error}" for x in result.failures), "no image")
        return RoundRecord(round=r, node=current.node, score=0.0, findings=[], edits=edits, error=err,
                           wall_s=time.monotonic() - t_round, ran=ran), candidate
    candidate = as_drawn(candidate, result.outputs.values())
    findings, critic_errors = _collect(crits, ref, candidate, store)
    blind = bool(critic_errors) and len(critic_errors) == len(crits)
    return RoundRecord(round=r, node=current.node, score=0.0 if blind else score(findings), findings=findings,
                       edits=edits, image=ref.sha256, wall_s=time.monotonic() - t_round, ran=ran,
                       critic_errors=critic_errors), candidate


def _write_best(graph: TaskGraph, best: RoundRecord, best_scene: Scene, records: list[RoundRecord], stop: str,
                budget: dict[str, float], out_dir: Path | str, seed: int, executor: Any, t0: float) -> Any:
    """Write the run folder for the best round (every node is cached) and the rounds into its trace."""
    from agent.engine.run_folder import execute_to_dir

    graph.outputs = [OutputRef(node=best.node, field="image")]
    outcome = execute_to_dir(graph, out_dir, seed=seed, scene=best_scene, executor=executor)
    trace_path = Path(outcome.out_dir) / "trace.json"
    trace = json.loads(trace_path.read_text())
    trace["critique"] = {
        "best_round": best.round,
        "best_score": round(best.score, 6),
        "stop": stop,
        "budget": budget,
        "wall_s": round(time.monotonic() - t0, 4),
        "rounds": [x.to_json() for x in records],
    }
    atomic_write(trace_path, (json.dumps(trace, indent=2) + "\n").encode())
    return outcome
