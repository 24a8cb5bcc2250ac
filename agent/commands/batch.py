"""``scenecraft batch FILE --out DIR``: run a prompt file (.txt, .jsonl, .csv) with a manifest and resume."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.defaults import BACKEND, SIZE


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="run every prompt of a .txt/.jsonl/.csv file, resumably",
                       description="Run a prompt file into DIR: one folder per item under DIR/items, "
                                   "DIR/manifest.jsonl (one line per finished item) and DIR/index.html. "
                                   "Exit status 1 if any item failed or any line was bad.")
    p.add_argument("file", type=Path, help="prompts: .txt (one a line), .jsonl (prompt, id, seed, n, backend, "
                                           "model, steps, width, height) or .csv (a prompt column)")
    p.add_argument("--out", required=True, type=Path, help="batch folder (created if needed)")
    p.add_argument("--resume", action="store_true", help="continue a batch in DIR: skip items already done")
    p.add_argument("--seed", type=int, default=0, help="seed for items that give none (default 0)")
    p.add_argument("--backend", default=BACKEND, help=f"backend for items that give none (default {BACKEND})")
    p.add_argument("--model", default=None, help="model id or local folder for items that give none")
    p.add_argument("--steps", type=int, default=None, help="inference steps for diffusion backends")
    p.add_argument("--width", type=int, default=SIZE)
    p.add_argument("--height", type=int, default=SIZE)
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--critique", type=int, default=0, metavar="N", help="critique-loop rounds per item (0 = off)")
    p.add_argument("--executor", default="local",
                   help="where items run: local (default, in this process) or ray (actors on a Ray cluster)")
    p.add_argument("--group-batch", type=int, default=None, metavar="N",
                   help="run up to N compatible one-step diffusion items of a group as one "
                        "pipeline call (the speed-up depends on image size and device; images may differ from "
                        "single runs by float rounding, see docs/batch.md; default off)")
    r = p.add_argument_group("ray executor (pip install 'scenecraft[ray]'; see docs/ray.md)")
    r.add_argument("--address", default=None, help="Ray cluster: auto, HOST:PORT or ray://HOST:PORT "
                                                   "(default: start a private local instance)")
    r.add_argument("--workers", type=int, default=None, help="actors to start (default: as many as fit)")
    r.add_argument("--gpus-per-worker", type=float, default=None, metavar="G",
                   help="GPUs per actor (default 1 when the cluster has GPUs, else 0: one actor per CPU)")
    r.add_argument("--max-retries", type=int, default=None, metavar="N",
                   help="re-runs of an item whose worker died (default 2), then it is recorded as failed")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import sys

    from agent.batch import BatchSettings, run_batch
    from agent.commands.common import check_size_and_steps
    from agent.errors import ScenecraftError

    check_size_and_steps(args)
    if args.seed < 0:
        raise ScenecraftError(f"--seed {args.seed} must be 0 or more")
    if args.critique < 0:
        raise ScenecraftError(f"--critique {args.critique} must be 0 or more")
    settings = BatchSettings(seed=args.seed, backend=args.backend, model=args.model, steps=args.steps,
                             width=args.width, height=args.height, planner=args.planner, critique=args.critique,
                             resume=args.resume, progress=False if args.no_progress else None)
    report = run_batch(args.file, args.out, settings, executor=_executor(args))
    if report.ignored_fields:
        print(f"{args.file}: ignored fields the batch does not use: {', '.join(report.ignored_fields)}",
              file=sys.stderr)
    for e in report.errors:
        print(f"{args.file}:{e.line}: {e.reason}", file=sys.stderr)
    print(f"{report.total} items: {report.ok} done now, {report.skipped} already done, {report.failed} failed, "
          f"{len(report.errors)} bad lines, {report.wall_s:.1f}s -> {report.index}", file=sys.stderr)
    return report.exit_code


RAY_OPTIONS = {"address": "--address", "workers": "--workers", "gpus_per_worker": "--gpus-per-worker",
               "max_retries": "--max-retries"}


def _executor(args: argparse.Namespace):
    """The chosen executor with its options; Ray options without ``--executor ray`` are a usage error."""
    from agent.batch import get_runner
    from agent.errors import ScenecraftError

    options = {k: getattr(args, k) for k in RAY_OPTIONS if getattr(args, k) is not None}
    if args.executor != "ray" and options:
        raise ScenecraftError(f"{', '.join(RAY_OPTIONS[k] for k in options)} need --executor ray")
    if args.group_batch is not None:
        if args.group_batch < 1:
            raise ScenecraftError(f"--group-batch {args.group_batch} must be 1 or more")
        options["group_batch"] = args.group_batch
    return get_runner(args.executor, **options)
