"""``scenecraft plugins``: every registered plugin with its version, inputs and outputs."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plugins", help="list plugins with their inputs and outputs")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console
    from rich.table import Table

    from agent.registry import plugin_rows

    rows = plugin_rows()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    table = Table(title="Scenecraft plugins")
    for col in ("id", "version", "inputs", "outputs"):
        table.add_column(col)
    for r in rows:
        ins = ", ".join(f"{i['name']}{'' if i['required'] else '?'}: {i['type']}" for i in r["inputs"])
        outs = ", ".join(f"{o['name']}: {o['type']}" for o in r["outputs"])
        table.add_row(r["id"], r["version"], ins, outs)
    Console().print(table)
    return 0
