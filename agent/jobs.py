"""One-shot jobs, the path ``scenecraft run`` takes: a prompt or a Scene straight to a run folder, or a
provenance PNG run again (:func:`rerun_from_png`, with the same trust check as ``run --from``).

Kept apart from :mod:`agent.api` (the long-lived :class:`~agent.api.Agent`): these plan, compile and run once,
optionally through the critique loop, and return the engine's :class:`~agent.engine.run_folder.RunOutcome`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.defaults import BACKEND, SIZE
from agent.errors import ScenecraftError
from agent.scene import Scene, check_prompt, scene_errors

if TYPE_CHECKING:
    from agent.compiler import CompileOptions
    from agent.engine.run_folder import RunOutcome


def run_prompt(prompt: str, out_dir: Path | str, seed: int = 0, width: int = SIZE, height: int = SIZE,
               backend: str = BACKEND, model: str | None = None, steps: int | None = None,
               planner: str = "offline", progress: bool | None = None, critique: int = 0,
               critique_seconds: float = 300.0, critics: list[str] | None = None, edit_planner: str = "rules",
               planner_options: dict[str, Any] | None = None,
               compile_options: CompileOptions | None = None) -> RunOutcome:
    """The main job: plan the prompt, compile for ``backend``, run, write the folder.

    Args:
        prompt: the request, as a person wrote it.
        out_dir: the run folder (created; must be writable before any work starts).
        seed: run seed; every node's seed derives from it.
        width, height: image size in pixels.
        backend, model, steps: what draws the image (``sketch`` needs no weights).
        planner: ``offline`` or ``llm``; ``planner_options`` go to its constructor.
        progress: show the progress bar (None: only on a terminal).
        critique: > 0 runs the self-critique loop (agent/critique/) for at most that many edit rounds
            and ``critique_seconds``; the folder then holds the best image and the rounds in ``trace.json``.
        critics, edit_planner: the critique loop's checks and who turns findings into edits.
        compile_options: full compile options (controls, layout); overrides ``model`` and ``steps``.
    """
    from agent.compiler import CompileOptions, compile_scene
    from agent.engine.run_folder import ensure_writable_dir, execute_to_dir, make_executor
    from agent.planners import get_planner

    check_prompt(prompt, "prompt")
    ensure_writable_dir(out_dir)
    with scene_errors("plan"):
        scene = get_planner(planner, **(planner_options or {})).plan(prompt, width=width, height=height, seed=seed)
    options = compile_options or CompileOptions(model=model, steps=steps)
    if critique > 0:
        return run_critique(scene, out_dir, critique, critique_seconds, critics, edit_planner, backend,
                            options, seed, progress)
    graph = compile_scene(scene, backend, options)
    return execute_to_dir(graph, out_dir, seed=seed, scene=scene, executor=make_executor(progress=progress))


def run_critique(scene: Scene, out_dir: Path | str, rounds: int, seconds: float, critics: list[str] | None,
                 edit_planner: str, backend: str, options: CompileOptions, seed: int,
                 progress: bool | None = None) -> RunOutcome:
    """Render ``scene`` through the budgeted critique loop and write the best image to ``out_dir``.

    Args:
        scene: the plan to render and check.
        out_dir: the run folder for the best image, its plan and every round's trace.
        rounds, seconds: the loop's budget (edit rounds and wall time).
        critics: critic plugin ids (None: the layout critic and the installed verifiers).
        edit_planner: ``rules`` (offline) or ``llm``.
        backend, options: what draws the image, as for :func:`agent.compiler.compile_scene`.
        seed: the run seed.
        progress: show the progress bar (None: only on a terminal).
    """
    from agent.critique import LLMEditPlanner, critique_loop
    from agent.engine.run_folder import make_executor

    if edit_planner not in ("rules", "llm"):
        raise ScenecraftError(f"unknown edit planner '{edit_planner}' (choose rules or llm)")
    planner = LLMEditPlanner() if edit_planner == "llm" else None
    return critique_loop(scene, out_dir, rounds=rounds, seconds=seconds, critics=critics, backend=backend,
                         options=options, seed=seed, executor=make_executor(progress=progress),
                         edit_planner=planner).outcome


def rerun_from_png(png: Path | str, out_dir: Path | str, progress: bool | None = None,
                   allow_remote: bool = False) -> RunOutcome:
    """Reproduce an image from the provenance in its PNG chunks (same graph, same seed).

    The PNG is untrusted data: a graph naming a model outside the user's configuration or a plugin that
    calls a remote endpoint is refused before anything runs or is written (:mod:`agent.models.trust`),
    the same check ``scenecraft run --from`` makes.

    Args:
        png: a PNG written by a run (its text chunks hold the graph, seed and Scene).
        out_dir: the new run folder.
        progress: show the progress bar (None: only on a terminal).
        allow_remote: run a graph that reaches beyond the user's setup (``--allow-remote``).
    """
    from agent.artifacts import read_provenance
    from agent.engine.run_folder import execute_to_dir, make_executor
    from agent.graph import TaskGraph
    from agent.models.trust import check_png_trust
    from agent.registry import default_registry

    prov = read_provenance(png)
    graph = TaskGraph.parse(prov["graph"])
    check_png_trust(png, graph, default_registry(), allow_remote)
    scene = Scene.parse(prov["scene"]) if "scene" in prov else None
    seed = prov.get("seed", 0)
    if not isinstance(seed, int):
        raise ScenecraftError(f"{png}: provenance seed {seed!r} is not an integer")
    return execute_to_dir(graph, out_dir, seed=seed, scene=scene, executor=make_executor(progress=progress))
