"""``scenecraft eval geneval|lmd|t2i-compbench|dsg``: score plans under a public benchmark's own rules."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score plans (or recorded layouts) with GenEval / LMD / T2I-CompBench / DSG rules")
    p.add_argument("bench", choices=["geneval", "lmd", "t2i-compbench", "dsg"])
    p.add_argument("--data", type=Path, default=None,
                   help="bench-data folder (default: $SCENECRAFT_BENCH_DATA, else the nearest shared/bench-data "
                        "above the checkout); "
                        "for dsg also a DSG-1k CSV file (default: <bench-data>/dsg/dsg1k-dev.csv)")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--layouts", type=Path, default=None,
                   help="score recorded layouts instead of planning: an LMD reply cache (.json) or Scenes (.jsonl)")
    p.add_argument("--category", action="append", choices=["spatial", "numeracy"], default=None,
                   help="t2i-compbench list(s) to score (default: both)")
    p.add_argument("--seed", type=int, default=0, help="layout seed for the planner")
    p.add_argument("--show-failures", action="store_true", help="list every prompt that failed and why")
    p.add_argument("--by-source", action="store_true", help="dsg: also a table per prompt source")
    p.add_argument("--images", type=Path, default=None,
                   help="dsg: score images instead of plans, asking each DSG question of a vision LLM; "
                        "files are <item_id>.png (or .jpg/.jpeg/.webp) in DIR, or DIR/<item_id>/final.png")
    p.add_argument("--vlm-model", default=None, help="dsg --images: vision model (default: the [llm] vision_model)")
    p.add_argument("--export-prompts", type=Path, default=None, metavar="FILE.jsonl",
                   help="dsg: write the prompts as a `scenecraft batch` file (id = item_id) and stop")
    p.add_argument("--json", action="store_true", help="print one JSON line instead of the table")
    p.set_defaults(func=main)


def _planner(args: argparse.Namespace) -> Any:
    from agent.planners import get_planner

    p = get_planner(args.planner)

    def planner(prompt: str) -> Any:
        return p.plan(prompt, seed=args.seed)

    return planner


def _dsg(args: argparse.Namespace, data: Path | None) -> int:
    from agent.errors import ScenecraftError
    from agent.eval import dsg

    if data is None:
        raise ScenecraftError("bench-data folder not found (../shared/bench-data); give --data FILE")
    path = data / "dsg" / "dsg1k-dev.csv" if data.is_dir() else data
    if not path.is_file():
        raise ScenecraftError(f"DSG-1k file not found ('{path}'); give --data FILE")
    if args.images is not None and args.layouts is not None:
        raise ScenecraftError("give --images (score pictures) or --layouts (score recorded plans), not both")
    prompts = dsg.load(path)
    if args.export_prompts is not None:
        from agent.eval.dsg_data import write_prompts

        write_prompts(prompts, args.export_prompts)
        print(f"wrote {len(prompts)} prompts to {args.export_prompts}; run `scenecraft batch {args.export_prompts} "
              f"--out DIR`, then `scenecraft eval dsg --images DIR`")
        return 0
    if args.images is not None:
        from agent.eval import dsg_vqa

        report = dsg_vqa.score_images(prompts, args.images, model=args.vlm_model)
    elif args.layouts is not None:
        report = dsg.score_scenes(prompts, dsg.load_scenes(args.layouts))
    else:
        report = dsg.score_plans(prompts, _planner(args))
    print(report.to_json() if args.json else
          "\n".join(report.lines(show_failures=args.show_failures, by_source=args.by_source)))
    return 0


def main(args: argparse.Namespace) -> int:
    from agent.errors import ScenecraftError
    from agent.eval import default_data_dir, evaluate, report_json

    data = args.data or default_data_dir()
    if args.bench == "dsg":
        return _dsg(args, data)
    if data is None or not data.is_dir():
        raise ScenecraftError(f"bench-data folder not found ({data or '../shared/bench-data'}); give --data PATH")
    planner = _planner(args) if args.layouts is None else None
    report = evaluate(args.bench, data, planner=planner, layouts=args.layouts,
                      categories=tuple(args.category) if args.category else None)
    print(report_json(report) if args.json else "\n".join(report.lines(show_failures=args.show_failures)))
    return 0
