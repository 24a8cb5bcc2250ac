"""Edit loop: render once, then apply follow-up instructions, each building on the last result.

    python examples/edit_loop.py --out runs/edits "make the cup green" "add a third apple"
    python examples/edit_loop.py --out runs/edits --interactive     # type instructions; 'undo', 'quit'

Each edit changes the Scene and re-runs the plan with the same seed; nodes whose inputs did not change
come from the cache (listed as "cached"). "undo" goes back to the previous result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent import Agent, AgentConfig
from agent.errors import ScenecraftError

DEFAULT_EDITS = ["make the cup green", "add a third apple", "change the sign to CLOSED", "move the cup to the left"]


def show(result, label: str) -> None:
    objects = ", ".join(f"{o.color + ' ' if o.color else ''}{o.name}" for o in result.scene.objects)
    cached = ", ".join(result.cache_hits) or "none"
    print(f"[{label}] {result.images[0]}  objects: {objects}  texts: {[t.content for t in result.scene.texts]}  "
          f"cached: {cached}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edits", nargs="*", help=f"instructions (default: {DEFAULT_EDITS})")
    parser.add_argument("--prompt", default="two red apples and a blue cup with a sign that says 'OPEN'")
    parser.add_argument("--out", type=Path, default=Path("runs/edits"))
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--interactive", action="store_true", help="read instructions from stdin")
    args = parser.parse_args()

    agent = Agent(AgentConfig(width=args.size, height=args.size, out_dir=args.out))
    result = agent.run(args.prompt, seed=7)
    show(result, "start")
    instructions = sys.stdin if args.interactive else (args.edits or DEFAULT_EDITS)
    for raw in instructions:
        text = raw.strip()
        if not text:
            continue
        if text in ("quit", "exit"):
            break
        if text == "undo":
            if result.parent is None:
                print("nothing to undo")
                continue
            result = result.parent
            show(result, "undo")
            continue
        try:
            result = agent.edit(result, text)
        except ScenecraftError as exc:
            print(f"error: {exc}")
            continue
        show(result, text)


if __name__ == "__main__":
    main()
