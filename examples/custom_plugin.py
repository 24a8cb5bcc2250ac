"""Custom plugin via an entry point: install the example package, then use its plugin in a graph.

    pip install ./examples/plugin_package          # registers example.posterize
    scenecraft plugins | grep example               # now listed, with its origin
    python examples/custom_plugin.py --out runs/poster

The graph is built by hand here (sketch -> posterize); the same graph as JSON runs with
``scenecraft run --graph graph.json --out DIR``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.compiler import CompileOptions, compile_scene
from agent.engine.run_folder import execute_to_dir
from agent.graph import OutputRef
from agent.planners import get_planner
from agent.registry import default_registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt", default="a red apple and a blue cup")
    parser.add_argument("--out", type=Path, default=Path("runs/poster"))
    parser.add_argument("--levels", type=int, default=3)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()

    registry = default_registry()
    if "example.posterize" not in registry:
        raise SystemExit("example.posterize is not installed: pip install ./examples/plugin_package")
    print("example.posterize comes from", registry.origin("example.posterize"))

    scene = get_planner("offline").plan(args.prompt, width=args.size, height=args.size)
    graph = compile_scene(scene, "sketch", CompileOptions())
    last = graph.outputs[0].node
    graph.add("poster", "example.posterize", links={"image": (last, "image")}, levels=args.levels)
    graph.outputs = [OutputRef(node="poster", field="image")]
    outcome = execute_to_dir(graph, args.out, seed=0, scene=scene)
    for rec in outcome.result.trace:
        print(f"  node {rec.node:<7} {rec.plugin:<18} {rec.status}")
    print("image:", outcome.images[0])


if __name__ == "__main__":
    main()
