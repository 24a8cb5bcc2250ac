"""``scenecraft plan PROMPT`` prints the Scene JSON; ``--input FILE --output FILE.jsonl`` plans many."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="print the Scene a planner makes for a prompt")
    p.add_argument("prompt", nargs="?")
    p.add_argument("--input", type=Path, default=None, help="text file, one prompt a line")
    p.add_argument("--output", type=Path, default=None, help="JSONL file to write, one Scene a line (input order)")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--width", type=int, default=512)
    p.add_argument("--height", type=int, default=512)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-fallback", action="store_true", help="with --planner llm: fail instead of using the offline planner")
    p.add_argument("--llm-config", type=Path, default=None, help="TOML file with an [llm] table (see docs/llm.md)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json

    from agent.artifacts import atomic_write
    from agent.errors import ScenecraftError
    from agent.planners import get_planner

    options = {"fallback": False if args.no_fallback else None, "config_path": args.llm_config}
    planner = get_planner(args.planner, **(options if args.planner == "llm" else {}))
    if (args.prompt is None) == (args.input is None):
        raise ScenecraftError("give a PROMPT or --input FILE (not both)")
    if args.prompt is not None:
        print(planner.plan(args.prompt, width=args.width, height=args.height, seed=args.seed).to_json())
        return 0
    try:
        prompts = [line.strip() for line in args.input.read_text().splitlines() if line.strip()]
    except OSError as exc:
        raise ScenecraftError(f"cannot read --input '{args.input}': {exc.strerror or exc}") from None
    lines = [planner.plan(p, width=args.width, height=args.height, seed=args.seed).to_json(indent=None) for p in prompts]
    text = "\n".join(lines) + ("\n" if lines else "")
    if args.output is None:
        print(text, end="")
    else:
        try:
            atomic_write(args.output, text.encode())
        except OSError as exc:
            raise ScenecraftError(f"cannot write --output '{args.output}': {exc.strerror or exc}") from None
        print(json.dumps({"prompts": len(lines), "output": str(args.output)}))
    return 0
