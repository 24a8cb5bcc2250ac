"""``scenecraft inspect IMAGE.png``: print the provenance stored in a Scenecraft PNG."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="print the Scene, graph, seed and versions stored in a PNG")
    p.add_argument("image", type=Path)
    p.add_argument("--json", action="store_true", help="print all provenance as one JSON object")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json

    from agent.artifacts import read_provenance
    from agent.errors import one_line

    prov = read_provenance(args.image)
    if args.json:
        print(json.dumps(prov, indent=2))
        return 0
    # Text from the PNG is shown escaped: a control sequence in it must not reach the terminal.
    version, node = one_line(str(prov.get("scenecraft", "?")), 80), one_line(str(prov.get("node")), 200)
    print(f"scenecraft {version}  seed {prov.get('seed')}  output node {node}")
    print(one_line("plugins: " + ", ".join(f"{k} {v}" for k, v in sorted(prov.get("plugins", {}).items())), 10_000))
    print(one_line("models: " + (", ".join(prov.get("models", [])) or "(none)"), 10_000))
    if "scene" in prov:
        print("scene:")
        print(json.dumps(prov["scene"], indent=2))
    print("graph:")
    print(json.dumps(prov["graph"], indent=2))
    return 0
