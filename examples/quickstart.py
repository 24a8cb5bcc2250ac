"""Quick start: plan a scene, render it, look at what happened.

    python examples/quickstart.py --out runs/quickstart

Uses the default sketch backend (no model weights, a second or two on a laptop CPU). Pass
``--backend`` and ``--model`` to use a diffusers backend once its weights are on disk.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent import Agent, AgentConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prompt", nargs="?",
                        default="three red apples left of a blue cup, with a sign that says 'OPEN'")
    parser.add_argument("--out", type=Path, default=Path("runs/quickstart"))
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="sketch")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    agent = Agent(AgentConfig(width=args.size, height=args.size, out_dir=args.out, backend=args.backend,
                              model=args.model))

    scene = agent.plan(args.prompt)  # the typed plan, before anything is drawn
    print("plan:", ", ".join(f"{n} x{k}" for n, k in scene.counts().items()),
          "| texts:", [t.content for t in scene.texts])

    result = agent.run(args.prompt, seed=args.seed)  # plan -> TaskGraph -> execute -> run folder
    for rec in result.trace:
        print(f"  node {rec.node:<8} {rec.plugin:<14} {rec.status:<7} {rec.wall_s:.3f}s")
    if not result.ok:
        raise SystemExit("; ".join(result.errors))
    image = result.image()  # a PIL image; result.images holds the file paths
    print(f"image: {result.images[0]} ({image.width}x{image.height}), run folder: {result.out_dir}")


if __name__ == "__main__":
    main()
