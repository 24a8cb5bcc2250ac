"""``scenecraft eval geneval|lmd|t2i-compbench``: score plans under a public benchmark's own rules."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score plans (or recorded layouts) with GenEval / LMD / T2I-CompBench rules")
    p.add_argument("bench", choices=["geneval", "lmd", "t2i-compbench"])
    p.add_argument("--data", type=Path, default=None,
                   help="bench-data folder (default: $SCENECRAFT_BENCH_DATA or ../shared/bench-data)")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--layouts", type=Path, default=None,
                   help="score recorded layouts instead of planning: an LMD reply cache (.json) or Scenes (.jsonl)")
    p.add_argument("--category", action="append", choices=["spatial", "numeracy"], default=None,
                   help="t2i-compbench list(s) to score (default: both)")
    p.add_argument("--seed", type=int, default=0, help="layout seed for the planner")
    p.add_argument("--show-failures", action="store_true", help="list every prompt that failed and why")
    p.add_argument("--json", action="store_true", help="print one JSON line instead of the table")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from agent.errors import ScenecraftError
    from agent.eval import default_data_dir, evaluate, report_json

    data = args.data or default_data_dir()
    if data is None or not data.is_dir():
        raise ScenecraftError(f"bench-data folder not found ({data or '../shared/bench-data'}); give --data PATH")
    planner = None
    if args.layouts is None:
        from agent.planners import get_planner

        p = get_planner(args.planner)

        def planner(prompt: str):
            return p.plan(prompt, seed=args.seed)

    report = evaluate(args.bench, data, planner=planner, layouts=args.layouts,
                      categories=tuple(args.category) if args.category else None)
    print(report_json(report) if args.json else "\n".join(report.lines(show_failures=args.show_failures)))
    return 0
