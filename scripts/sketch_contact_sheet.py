"""Write docs/sketch_contact_sheet.png: the sketch of 24 DSG-1k dev prompts, each under its prompt.

The prompts are every 22nd of the 530 (a spread over the ten sources, fixed), planned by the offline
planner and drawn by ``sketch.render`` at 512² (shown at 256²). Deterministic: same code, same PNG.

    PYTHONPATH=$PWD python scripts/sketch_contact_sheet.py [--out docs/sketch_contact_sheet.png]
"""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DSG = next((p / "shared" / "bench-data" / "dsg" / "dsg1k-dev.csv" for p in ROOT.parents
            if (p / "shared" / "bench-data").is_dir()), Path("../shared/bench-data/dsg/dsg1k-dev.csv"))
TILE, CAPTION, COLS, COUNT = 256, 58, 6, 24


def chosen_prompts(path: Path, count: int = COUNT) -> list[str]:
    texts = list(dict.fromkeys(r["text"] for r in csv.DictReader(path.open(encoding="utf-8"))))
    step = max(1, len(texts) // count)
    return texts[::step][:count]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DSG)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "sketch_contact_sheet.png")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from PIL import Image, ImageDraw

    from agent.planners.offline import OfflinePlanner
    from agent.text.fonts import load_font
    from plugins.sketch import render_scene

    planner, font = OfflinePlanner(), load_font("sans", 11)
    texts = chosen_prompts(args.data)
    rows = -(-len(texts) // COLS)
    sheet = Image.new("RGB", (COLS * TILE, rows * (TILE + CAPTION)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, text in enumerate(texts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scene = planner.plan(text, 512, 512)
        x, y = (i % COLS) * TILE, (i // COLS) * (TILE + CAPTION)
        sheet.paste(render_scene(scene).resize((TILE, TILE), Image.LANCZOS), (x, y))
        lines = textwrap.wrap(text, 44)[:4]
        draw.multiline_text((x + 4, y + TILE + 3), "\n".join(lines), font=font, fill=(30, 30, 30), spacing=1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"{len(texts)} prompts -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
