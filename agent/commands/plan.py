"""``scenecraft plan PROMPT`` prints the Scene JSON; ``--input FILE --output FILE.jsonl`` plans many.

``--variations K`` gives K layouts per prompt (seeds SEED..SEED+K-1): a JSON array for one prompt, K
lines per prompt in the JSONL. Planner warnings (unreadable words, unmet relations) go to stderr.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.defaults import SIZE


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="print the Scene a planner makes for a prompt")
    p.add_argument("prompt", nargs="?")
    p.add_argument("--input", type=Path, default=None, help="text file, one prompt a line")
    p.add_argument("--output", type=Path, default=None, help="JSONL file to write, one Scene a line (input order)")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline")
    p.add_argument("--width", type=int, default=SIZE)
    p.add_argument("--height", type=int, default=SIZE)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-fallback", action="store_true",
                   help="with --planner llm: fail instead of using the offline planner")
    p.add_argument("--llm-config", type=Path, default=None, help="TOML file with an [llm] table (see docs/llm.md)")
    p.add_argument("--variations", type=int, default=1, metavar="K", help="K different valid layouts per prompt")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json
    import sys
    import warnings

    from agent.artifacts import atomic_write
    from agent.commands.common import check_size
    from agent.errors import ScenecraftError
    from agent.planners import get_planner
    from agent.scene import check_prompt, scene_errors
    from agent.util.user_files import read_text_file

    options = {"fallback": False if args.no_fallback else None, "config_path": args.llm_config}
    planner = get_planner(args.planner, **(options if args.planner == "llm" else {}))
    if (args.prompt is None) == (args.input is None):
        raise ScenecraftError("give a PROMPT or --input FILE (not both)")
    check_size(args)
    if args.prompt is not None:
        check_prompt(args.prompt, "PROMPT")
    if not 1 <= args.variations <= 64:
        raise ScenecraftError(f"--variations must be 1..64, got {args.variations}")

    def plans(prompt: str) -> list:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with scene_errors("plan"):
                out = [planner.plan(prompt, width=args.width, height=args.height, seed=args.seed + k)
                       for k in range(args.variations)]
        for msg in dict.fromkeys(str(w.message) for w in caught):
            print(f"warning: {msg}", file=sys.stderr)
        return out

    if args.prompt is not None:
        scenes = plans(args.prompt)
        if len(scenes) == 1:
            print(scenes[0].to_json())
        else:
            print("[\n" + ",\n".join(s.to_json() for s in scenes) + "\n]")
        return 0
    prompts = [line.strip() for line in read_text_file(args.input, "--input").splitlines() if line.strip()]
    for i, p in enumerate(prompts, 1):
        check_prompt(p, f"--input '{args.input}' prompt {i}")
    lines = [s.to_json(indent=None) for p in prompts for s in plans(p)]
    text = "\n".join(lines) + ("\n" if lines else "")
    if args.output is None:
        print(text, end="")
    else:
        try:
            atomic_write(args.output, text.encode())
        except OSError as exc:
            raise ScenecraftError(f"cannot write --output '{args.output}': {exc.strerror or exc}") from None
        print(json.dumps({"prompts": len(prompts), "scenes": len(lines), "output": str(args.output)}))
    return 0
