"""One chat turn's run: a graph into the turn's folder (one image, or ``n`` seeds), summed up as a Turn.

Shared by text turns (``ChatSession._render``) and image turns (``agent.chat.image_turns``). With the
session's ``n`` above 1 the folder gets ``image_1..N.png`` and ``grid.png`` (``agent.engine.variants``),
one run seed each (the session's seed, seed+1, ...); ``turn.images`` lists the N images, not the grid.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.chat.session import ChatSession, Turn, TurnKind
    from agent.graph import TaskGraph
    from agent.scene import Scene


def execute_turn(session: ChatSession, graph: TaskGraph, run_dir: str, scene: Scene | None = None) -> Any:
    """Run ``graph`` into ``<session>/<run_dir>`` with the session's seed and ``n``; the run outcome."""
    st = session.state
    out = session.folder / run_dir
    if st.n > 1:
        from agent.engine.variants import execute_variants, seed_variants

        return execute_variants(seed_variants(graph, st.seed, st.n, scene), out, executor=session.executor)
    from agent.engine.run_folder import execute_to_dir

    return execute_to_dir(graph, out, seed=st.seed, scene=scene, executor=session.executor)


def turn_from_outcome(session: ChatSession, text: str, kind: TurnKind, run_dir: str, outcome: Any, t0: float,
                      graph: TaskGraph, scene_index: int | None = None) -> Turn:
    """The Turn a run made: its images, what ran, what came from the cache; failures and settings that
    had no effect (a negative prompt at guidance 0) are said in the reply."""
    from agent.chat.session import Turn
    from agent.compiler.notes import ineffective_settings

    trace = outcome.result.trace
    turn = Turn(index=len(session.state.turns), user=text, kind=kind, reply="", scene_index=scene_index,
                run_dir=run_dir, images=[str(p.relative_to(session.folder)) for p in outcome.images],
                nodes=len(trace), cached=sum(r.cache_hit for r in trace),
                ran=[r.node for r in trace if r.status == "ok"],
                failed=[r.node for r in trace if r.status == "failed"], wall_s=round(time.perf_counter() - t0, 3))
    many = f" {len(turn.images)} images (seeds {session.state.seed}..{session.state.seed + len(turn.images) - 1})." \
        if len(turn.images) > 1 else ""
    turn.reply = f"Ran {len(turn.ran)} of {turn.nodes} nodes ({turn.cached} from cache) in {turn.wall_s:.2f}s.{many}"
    for r in outcome.result.failures:
        turn.reply += f" Node '{r.node}' failed: {r.error}."
    for note in ineffective_settings(graph):
        turn.reply += f" Note: {note}."
    return turn
