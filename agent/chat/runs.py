"""One chat turn's run: a graph into the turn's folder (one image, or ``n`` seeds), summed up as a Turn.

Shared by text turns (``ChatSession._render``) and image turns (``agent.chat.image_turns``). With the
session's ``n`` above 1 the folder gets ``image_1..N.png`` and ``grid.png`` (``agent.engine.variants``),
one run seed each (the session's seed, seed+1, ...); ``turn.images`` lists the N images, not the grid.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not agent.chat.session: it imports this module (the caller builds the Turn)
    from agent.graph import TaskGraph
    from agent.scene import Scene


def execute_turn(session: Any, graph: TaskGraph, run_dir: str, scene: Scene | None = None) -> Any:
    """Run ``graph`` into ``<session>/<run_dir>`` with the session's seed and ``n``; the run outcome.

    Args:
        session: the :class:`agent.chat.session.ChatSession` (seed, n, executor, folder).
        graph: the turn's graph.
        run_dir: the turn's folder, relative to the session folder.
        scene: the Scene the graph was compiled from (written beside the images); None for an image turn.
    """
    st = session.state
    out = session.folder / run_dir
    if st.n > 1:
        from agent.engine.variants import execute_variants, seed_variants

        return execute_variants(seed_variants(graph, st.seed, st.n, scene), out, executor=session.executor)
    from agent.engine.run_folder import execute_to_dir

    return execute_to_dir(graph, out, seed=st.seed, scene=scene, executor=session.executor)


def turn_fields(session: Any, text: str, kind: str, run_dir: str, outcome: Any, t0: float, graph: TaskGraph,
                scene_index: int | None = None) -> dict[str, Any]:
    """The fields of the Turn a run made (``Turn(**fields)``): its images, what ran, what came from the
    cache; failures and settings that had no effect (a negative prompt at guidance 0) are in the reply.

    Args:
        session: the :class:`agent.chat.session.ChatSession`.
        text: the user's message.
        kind: the turn kind (``plan``, ``edit``, ``undo``, ``redo``, ``image``).
        run_dir: the turn's folder, relative to the session folder.
        outcome: what :func:`execute_turn` returned.
        t0: ``time.perf_counter()`` when the turn started (for its wall time).
        graph: the graph that ran (its settings' notes).
        scene_index: the Scene version the turn shows (None for an image turn).
    """
    from agent.compiler.notes import ineffective_settings

    trace = outcome.result.trace
    images = [str(p.relative_to(session.folder)) for p in outcome.images]
    ran = [r.node for r in trace if r.status == "ok"]
    cached, wall_s = sum(r.cache_hit for r in trace), round(time.perf_counter() - t0, 3)
    seed = session.state.seed
    reply = f"Ran {len(ran)} of {len(trace)} nodes ({cached} from cache) in {wall_s:.2f}s."
    if len(images) > 1:
        reply += f" {len(images)} images (seeds {seed}..{seed + len(images) - 1})."
    reply += "".join(f" Node '{r.node}' failed: {r.error}." for r in outcome.result.failures)
    reply += "".join(f" Note: {note}." for note in ineffective_settings(graph))
    return {"index": len(session.state.turns), "user": text, "kind": kind, "reply": reply, "scene_index": scene_index,
            "run_dir": run_dir, "images": images, "nodes": len(trace), "cached": cached, "ran": ran,
            "failed": [r.node for r in trace if r.status == "failed"], "wall_s": wall_s}
