"""``scenecraft run PROMPT --out DIR``: plan, compile, execute and write the run folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    p.set_defaults(func=main)


def _planner_options(args: argparse.Namespace) -> dict:
    if args.planner != "llm":
        return {}
    return {"fallback": False if args.no_fallback else None, "config_path": args.llm_config}


def _compile_options(args: argparse.Namespace):  # noqa: ANN202 - CompileOptions is imported lazily
    from agent.compiler import CompileOptions

    return CompileOptions(model=args.model, steps=args.steps, extra={"layout": args.layout} if args.layout else {})


def _check_trust(args: argparse.Namespace) -> None:
    """Print what the PNG asks beyond the user's setup; refuse it unless ``--allow-remote``."""
    from agent.artifacts import read_provenance
    from agent.commands.trust import png_wants
    from agent.errors import ScenecraftError
    from agent.graph import TaskGraph
    from agent.registry import default_registry

    wants = png_wants(TaskGraph.parse(read_provenance(args.from_png)["graph"]), default_registry())
    for line in wants:
        print(f"{args.from_png} wants: {line}", file=sys.stderr)
    if wants and not args.allow_remote:
        raise ScenecraftError(f"--from '{args.from_png}' asks for {len(wants)} thing(s) beyond your own setup "
                              "(listed above); rerun with --allow-remote to allow them")


def _check_args(args: argparse.Namespace) -> None:
    """Every combination mistake, before any work starts."""
    from agent.commands.common import check_size_and_steps
    from agent.errors import ScenecraftError
    from agent.scene import check_prompt

    sources = [x for x in (args.prompt, args.from_png, args.scene, args.graph) if x is not None]
    if len(sources) != 1:
        raise ScenecraftError("give exactly one of PROMPT, --from PNG, --scene FILE or --graph FILE")
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


def main(args: argparse.Namespace) -> int:
    from agent.errors import ScenecraftError
    from agent.util.user_files import read_text_file

    _check_args(args)
    progress = False if args.no_progress else None

    from agent import api
    from agent.engine import run_folder as runner

    if args.from_png is not None:
        _check_trust(args)
        outcome = runner.rerun_from_png(args.from_png, args.out, progress=progress)
    elif args.scene is not None:
        from agent.compiler import compile_scene
        from agent.scene import Scene

        scene = Scene.parse(read_text_file(args.scene, "--scene"))
        if args.width:
            scene.width = args.width
        if args.height:
            scene.height = args.height
        if args.critique:
            outcome = api.run_critique(scene, args.out, args.critique, args.critique_seconds, args.critics,
                                          args.edit_planner, args.backend, _compile_options(args),
                                          args.seed, progress)
        else:
            graph = compile_scene(scene, args.backend, _compile_options(args))
            outcome = runner.execute_to_dir(graph, args.out, seed=args.seed, scene=scene,
                                            executor=runner.make_executor(progress=progress))
    elif args.graph is not None:
        from agent.graph import graph_from_file_text

        graph = graph_from_file_text(read_text_file(args.graph, "--graph"))
        executor = runner.make_executor(progress=progress)
        if not graph.validate_with(executor.registry).outputs:
            raise ScenecraftError(f"--graph '{args.graph}' names no outputs, so the run would write no image")
        outcome = runner.execute_to_dir(graph, args.out, seed=args.seed, executor=executor)
    else:
        outcome = api.run_prompt(args.prompt, args.out, seed=args.seed, width=args.width or SIZE,
                                    height=args.height or SIZE,
                                    backend=args.backend, model=args.model, steps=args.steps, planner=args.planner,
                                    progress=progress, critique=args.critique, critique_seconds=args.critique_seconds,
                                    critics=args.critics, edit_planner=args.edit_planner,
                                    planner_options=_planner_options(args), compile_options=_compile_options(args))
    for rec in outcome.result.failures:
        print(f"error: node '{rec.node}' ({rec.plugin}) failed: {rec.error}", file=sys.stderr)
    skipped = [r.node for r in outcome.result.trace if r.status == "skipped"]
    if skipped:
        print(f"skipped (upstream failed): {', '.join(skipped)}", file=sys.stderr)
    for img in outcome.images:
        print(img)
    cached = sum(r.cache_hit for r in outcome.result.trace)
    print(f"{len(outcome.result.trace)} nodes, {cached} cached, {outcome.result.wall_s:.2f}s -> {outcome.out_dir}",
          file=sys.stderr)
    if outcome.ok:
        return 0
    # Failures the user can fix (missing weights, a bad setting) exit 2 like any other bad input.
    return 2 if all(r.user_error for r in outcome.result.failures) and outcome.result.failures else 1
