"""``scenecraft run PROMPT --out DIR``: plan, compile, execute and write the run folder.

Also ``--image PHOTO`` edits (``agent/commands/run_inputs.py``), ``--n N`` seeds and a ``--scene`` file
holding the list ``plan --variations`` writes (``agent/engine/variants.py``). Every check runs before
anything is written to ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agent.defaults import BACKEND, SIZE


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="make an image from a prompt (or reproduce one with --from)")
    p.add_argument("prompt", nargs="?", help="what to draw")
    p.add_argument("--out", required=True, type=Path, help="run folder to write (created if needed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--width", type=int, default=None, help=f"image width (default {SIZE}; overrides a --scene's size)")
    p.add_argument("--height", type=int, default=None,
                   help=f"image height (default {SIZE}; overrides a --scene's size)")
    p.add_argument("--backend", default=BACKEND, help="sketch (default, no weights) or a diffusers profile")
    p.add_argument("--model", default=None, help="model id or local folder overriding the backend's default")
    p.add_argument("--steps", type=int, default=None, help="inference steps for diffusion backends")
    p.add_argument("--layout", choices=["sketch", "regional", "gligen", "none"], default=None,
                   help="how a diffusion backend keeps the plan's boxes (default: the profile's)")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--from", dest="from_png", type=Path, default=None,
                   help="reproduce the image in this PNG's provenance")
    p.add_argument("--allow-remote", action="store_true",
                   help="with --from: let the PNG use models and endpoints beyond your own setup (listed first)")
    p.add_argument("--scene", type=Path, default=None, help="run a Scene JSON file instead of planning a prompt")
    p.add_argument("--graph", type=Path, default=None, help="run a TaskGraph JSON file as is")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-fallback", action="store_true",
                   help="with --planner llm: fail instead of using the offline planner")
    p.add_argument("--llm-config", type=Path, default=None, help="TOML file with an [llm] table (see docs/llm.md)")
    p.add_argument("--critique", type=int, default=0, metavar="N",
                   help="up to N critique-and-edit rounds (docs/critique.md)")
    p.add_argument("--critique-seconds", type=float, default=300.0, help="time budget of the critique loop")
    p.add_argument("--critic", dest="critics", action="append", default=None, metavar="ID",
                   help="critic plugin id (repeatable; default: critic.layout and the installed verify.* ones)")
    p.add_argument("--edit-planner", choices=["rules", "llm"], default="rules", help="who turns findings into edits")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when findings are still open after the run (text fit, legibility, critique checks)")
    from agent.commands.run_inputs import add_arguments

    add_arguments(p)
    p.set_defaults(func=main)


def _planner_options(args: argparse.Namespace) -> dict:
    if args.planner != "llm":
        return {}
    return {"fallback": False if args.no_fallback else None, "config_path": args.llm_config}


def _compile_options(args: argparse.Namespace):
    from agent.compiler import CompileOptions

    extra = {"layout": args.layout} if args.layout else {}
    if args.strength is not None:
        extra["strength"] = args.strength
    return CompileOptions(model=args.model, steps=args.steps, extra={**extra, **args.controls})


def _check(args: argparse.Namespace) -> None:
    """Every combination mistake, before any work starts."""
    from agent.commands.common import check_size_and_steps
    from agent.errors import ScenecraftError
    from agent.scene import check_prompt

    sources = [x for x in (args.prompt, args.from_png, args.scene, args.graph) if x is not None]
    if args.image is None and len(sources) != 1:
        raise ScenecraftError("give exactly one of PROMPT, --from PNG, --scene FILE, --graph FILE or --image PHOTO")
    if args.prompt is not None:
        check_prompt(args.prompt, "PROMPT")
    if args.allow_remote and args.from_png is None:
        raise ScenecraftError("--allow-remote applies to --from only")
    check_size_and_steps(args)
    if args.critique < 0 or args.critique_seconds <= 0:
        raise ScenecraftError("--critique must be >= 0 and --critique-seconds > 0")
    if args.critique and (args.from_png is not None or args.graph is not None):
        raise ScenecraftError("--critique needs a PROMPT or --scene (a bare graph has no plan to check)")
    if args.layout and args.backend in ("sketch", "sketch-layers"):
        raise ScenecraftError(f"--layout applies to diffusion backends, not to '{args.backend}'")
    if (args.width or args.height) and (args.from_png is not None or args.graph is not None):
        raise ScenecraftError("--width/--height apply to a PROMPT or --scene, not to --from or --graph")
    if args.n > 1 and (args.from_png is not None or args.critique):
        raise ScenecraftError("--n needs a PROMPT, --scene, --graph or --image, without --from or --critique")


def _scenes(args: argparse.Namespace) -> list:
    """The --scene file: one Scene, or the list ``plan --variations`` writes."""
    import json

    from agent.errors import ScenecraftError
    from agent.scene import Scene
    from agent.util.user_files import read_text_file

    text = read_text_file(args.scene, "--scene")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        data = None
    items = data if isinstance(data, list) else [text]
    if not items:
        raise ScenecraftError(f"--scene '{args.scene}' holds an empty list")
    scenes = []
    for i, item in enumerate(items):
        try:
            scene = Scene.parse(item)
        except ScenecraftError as exc:
            raise ScenecraftError(f"--scene '{args.scene}'" + (f" item {i}" if len(items) > 1 else "") + f": {exc}") \
                from None
        scene.width, scene.height = args.width or scene.width, args.height or scene.height
        scenes.append(scene)
    return scenes


def _jobs(args: argparse.Namespace) -> list:
    """(graph, scene) pairs to run: a planned PROMPT, each --scene, a --graph, or the --image edit."""
    from agent.compiler import compile_scene

    if args.image is not None:
        from agent.artifacts import ArtifactStore
        from agent.commands.run_inputs import image_edit
        from agent.compiler.images import build_edit_graph
        from agent.engine.run_folder import cache_root

        edit = image_edit(args, ArtifactStore(cache_root()))
        return [(build_edit_graph(edit, args.backend, _compile_options(args)), None)]
    if args.graph is not None:
        from agent.errors import ScenecraftError
        from agent.graph import graph_from_file_text
        from agent.registry import default_registry
        from agent.util.user_files import read_text_file

        graph = graph_from_file_text(read_text_file(args.graph, "--graph"))
        if not graph.validate_with(default_registry()).outputs:
            raise ScenecraftError(f"--graph '{args.graph}' names no outputs, so the run would write no image")
        return [(graph, None)]
    if args.scene is not None:
        scenes = _scenes(args)
    else:
        from agent.planners import get_planner

        planner = get_planner(args.planner, **_planner_options(args))
        scenes = [planner.plan(args.prompt, width=args.width or SIZE, height=args.height or SIZE, seed=args.seed)]
    return [(compile_scene(s, args.backend, _compile_options(args)), s) for s in scenes]


def _execute(args: argparse.Namespace, jobs: list, progress: bool | None):
    """Say which settings have no effect, check every graph, then run one folder (or N images)."""
    from agent.compiler.notes import ineffective_settings
    from agent.engine import run_folder as runner
    from agent.engine.variants import Variant, execute_variants

    notes = [n for graph, _ in jobs for n in ineffective_settings(graph)]
    if args.controls and args.image is None and args.backend in ("sketch", "sketch-layers"):
        notes.append(f"{', '.join('--' + k.replace('_', '-') for k in args.controls)} apply to diffusion backends; "
                     f"'{args.backend}' draws without a model and ignores them")
    for note in dict.fromkeys(notes):
        print(f"note: {note}", file=sys.stderr)
    executor = runner.make_executor(progress=progress)
    if len(jobs) == 1 and args.n == 1:
        graph, scene = jobs[0]
        graph.validate_with(executor.registry)  # before --out is created
        return runner.execute_to_dir(graph, args.out, seed=args.seed, scene=scene, executor=executor)
    variants = [Variant(graph, args.seed + k * args.n + i, scene)
                for k, (graph, scene) in enumerate(jobs) for i in range(args.n)]
    return execute_variants(variants, args.out, executor=executor)


def main(args: argparse.Namespace) -> int:
    from agent.commands.run_inputs import check_image_flags, controls

    check_image_flags(args)
    args.controls = controls(args)
    _check(args)
    progress = False if args.no_progress else None

    from agent import jobs

    if args.from_png is not None:
        return report(jobs.rerun_from_png(args.from_png, args.out, progress=progress,
                                          allow_remote=args.allow_remote), args.strict)
    if args.critique:
        if args.scene is not None:
            scene = _scenes(args)[0]
            return report(jobs.run_critique(scene, args.out, args.critique, args.critique_seconds, args.critics,
                                              args.edit_planner, args.backend, _compile_options(args), args.seed,
                                              progress), args.strict)
        return report(jobs.run_prompt(args.prompt, args.out, seed=args.seed, width=args.width or SIZE,
                                        height=args.height or SIZE, backend=args.backend, planner=args.planner,
                                        progress=progress, critique=args.critique,
                                        critique_seconds=args.critique_seconds, critics=args.critics,
                                        edit_planner=args.edit_planner, planner_options=_planner_options(args),
                                        compile_options=_compile_options(args)), args.strict)
    return report(_execute(args, _jobs(args), progress), args.strict)


def report(outcome, strict: bool = False) -> int:
    """Print failures, the image paths, a summary line and the open findings; the exit code (with ``strict``,
    1 when findings are still open)."""
    for rec in outcome.result.failures:
        print(f"error: node '{rec.node}' ({rec.plugin}) failed: {rec.error}", file=sys.stderr)
    skipped = [r.node for r in outcome.result.trace if r.status == "skipped"]
    if skipped:
        print(f"skipped (upstream failed): {', '.join(skipped)}", file=sys.stderr)
    for img in outcome.images:
        print(img)
    if getattr(outcome, "grid", None) is not None:
        print(outcome.grid)
    cached = sum(r.cache_hit for r in outcome.result.trace)
    print(f"{len(outcome.result.trace)} nodes, {cached} cached, {outcome.result.wall_s:.2f}s -> {outcome.out_dir}",
          file=sys.stderr)
    still_open = report_findings(outcome)
    if outcome.ok:
        return 1 if strict and still_open else 0
    # Failures the user can fix (missing weights, a bad setting) exit 2 like any other bad input.
    return 2 if all(r.user_error for r in outcome.result.failures) and outcome.result.failures else 1


def report_findings(outcome: Any) -> int:
    """Print the critique's final score and every finding still open (from ``trace.json``); without a
    critique, the open findings are the nodes' own (text fit, legibility). Returns how many are open."""
    import json

    try:
        crit = json.loads((Path(outcome.out_dir) / "trace.json").read_text()).get("critique")
    except (OSError, ValueError):
        crit = None
    if crit:
        best = next((r for r in crit["rounds"] if r["round"] == crit["best_round"]), {"findings": []})
        found = list(best["findings"])
        print(f"critique: score {crit['best_score']:.3f} (best of {len(crit['rounds'])} renders, round "
              f"{crit['best_round']}; stopped: {crit['stop']})", file=sys.stderr)
    else:
        found = [f.model_dump(mode="json") for out in outcome.result.outputs.values()
                 for f in (getattr(out, "findings", None) or [])]
    still = [f for f in found if f.get("problem", "ok") != "ok"]
    for f in still:
        where = f" '{f['target']}'" if f.get("target") else ""
        detail = f.get("message") or f.get("observed") or ""
        print(f"open finding: {f.get('check', '?')}{where}: {f.get('problem')}: {detail}", file=sys.stderr)
    return len(still)
