"""``scenecraft models``: each diffusion profile, the model it resolves to, and whether it is here.

For a profile whose weights are missing it prints the exact command to fetch them and the setting that
points it at a local folder instead. Reads folders and the Hugging Face cache only: no network, no torch.
"""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list diffusion model profiles and whether their weights are available")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json

    from agent.models.profiles import config_path, load_config, profile_rows

    config = load_config()
    rows = profile_rows(config)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    cfg = config.get("_path") or str(config_path())
    for r in rows:
        state = "available" if r["local"] else "not downloaded" if r["fetch"] else "missing folder"
        source = "" if r["source"] == "default" else f"  (set by {r['source']})"
        print(f"{r['profile']:<17} {state:<15} {r['model']}{source}")
        print(f"{'':<17} {r['description']}")
        if r["local"]:
            print(f"{'':<17} at: {r['where']}")
        elif r["fetch"] is None:
            where = r["local_setting"].split("=")[0] if r["source"] == "env" else f"[profiles.{r['profile']}] in {cfg}"
            print(f"{'':<17} no diffusers model (model_index.json) in that folder: fix {where}")
        else:
            print(f"{'':<17} fetch:  {r['fetch']}")
            print(f"{'':<17} or use a local folder: {r['local_setting']}  (or --model FOLDER, or "
                  f"[profiles.{r['profile']}] model = \"FOLDER\" in {cfg})")
    return 0
