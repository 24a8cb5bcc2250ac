"""Write docs/sketch_contact_sheet.png: the embedded default's picture (sketch, style preview, texts) of 24
DSG-1k dev prompts, each under its prompt, and
docs/sketch_issue_examples.png: issue 15's examples as hand-written Scenes with anchors and z.

The prompts are every 22nd of the 530 (a spread over the ten sources, fixed), planned by the offline
planner and run through the sketch backend's graph at 512² (shown at 256²), as `scenecraft run` does.
Deterministic: same code, same PNG.

    PYTHONPATH=$PWD python scripts/sketch_contact_sheet.py [--out docs/sketch_contact_sheet.png]
"""

from __future__ import annotations

import argparse
import csv
import os
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


def example_scenes() -> list:  # noqa: ANN401
    """Issue 15's examples with the anchors and z the planner is learning to write."""
    from agent.scene import Scene

    def obj(i: str, name: str, box: list[float], **kw: object) -> dict:
        return {"id": i, "name": name, "box": box, **kw}

    def on(kind: str, target: str) -> dict:
        return {"anchor": {"kind": kind, "target": target}}

    specs = [
        ("three red apples to the left of a blue cup on a wooden table", [
            obj("t", "table", [0.1, 0.5, 0.9, 0.9], attributes=["wooden"]),
            *[obj(f"a{i}", "apple", [0.1 + 0.1 * i, 0.2, 0.2 + 0.1 * i, 0.3], color="red", **on("on", "t"))
              for i in range(3)], obj("c", "cup", [0.6, 0.2, 0.72, 0.35], color="blue", **on("on", "t"))], {}),
        ("three blue cats sitting on a red sofa", [obj("s", "sofa", [0.15, 0.5, 0.85, 0.85], color="red"), *[
            obj(f"c{i}", "cat", [0.1 + 0.3 * i, 0.1, 0.3 + 0.3 * i, 0.35], color="blue", **on("on", "s"))
            for i in range(3)]], {"background": "living room"}),
        ("a coffee table in front of a gray sofa", [obj("s", "sofa", [0.15, 0.2, 0.85, 0.6], color="gray", z=-1),
                                                    obj("t", "coffee table", [0.25, 0.55, 0.75, 0.85], z=0)],
         {"background": "living room",
          "relations": [{"subject": "coffee table", "relation": "in front of", "object": "sofa"}]}),
        ("a man wearing a t-shirt that says 'HELLO WORLD'", [
            obj("m", "man", [0.3, 0.1, 0.7, 0.95]), obj("s", "t-shirt", [0.0, 0.0, 0.3, 0.3], **on("worn_by", "m"))],
         {"texts": [{"id": "x", "content": "HELLO WORLD", "box": [0.02, 0.1, 0.28, 0.2], "on": "s"}]}),
        ("a floor lamp next to a palm tree", [obj("l", "floor lamp", [0.1, 0.2, 0.35, 0.9]),
                                              obj("p", "palm tree", [0.45, 0.15, 0.9, 0.9])], {}),
        ("a giraffe behind an elephant", [obj("g", "giraffe", [0.35, 0.05, 0.65, 0.5], z=-1),
                                          obj("e", "elephant", [0.2, 0.45, 0.8, 0.85])],
         {"relations": [{"subject": "giraffe", "relation": "behind", "object": "elephant"}]}),
        ("a bowl of ramen and tulips in a vase on a counter", [
            obj("k", "counter", [0.05, 0.5, 0.95, 0.95]), obj("b", "bowl", [0.1, 0.2, 0.4, 0.4], **on("on", "k")),
            obj("r", "ramen", [0, 0, 0.2, 0.2], **on("in", "b")),
            obj("v", "vase", [0.6, 0.2, 0.8, 0.45], **on("on", "k")),
            obj("t1", "tulip", [0, 0, 0.2, 0.2], color="pink", **on("in", "v")),
            obj("t2", "tulip", [0, 0, 0.2, 0.2], color="yellow", **on("in", "v"))], {"background": "kitchen"}),
        ("books on a bookshelf; a toaster and a blender", [
            obj("s", "bookshelf", [0.05, 0.1, 0.45, 0.9]),
            *[obj(f"b{i}", "book", [0, 0, 0.1, 0.1], **on("on", "s")) for i in range(6)],
            obj("t", "toaster", [0.5, 0.55, 0.72, 0.8]), obj("x", "blender", [0.76, 0.4, 0.95, 0.8])], {}),
        ("a fire hydrant on a city street, watercolor", [obj("h", "fire hydrant", [0.4, 0.4, 0.6, 0.9])],
         {"background": "street", "style": "watercolor"}),
        ("a stack of books on a desk", [obj("d", "desk", [0.15, 0.5, 0.85, 0.92]), *[
            obj(f"b{i}", "book", [0.2 + 0.2 * i, 0.2, 0.35 + 0.2 * i, 0.45], **on("on", "d")) for i in range(4)]],
         {"background": "room"}),
        ("a cat wearing a wizard hat", [obj("c", "cat", [0.2, 0.3, 0.8, 0.9]),
                                        obj("h", "hat", [0.6, 0.0, 0.9, 0.2], attributes=["wizard"],
                                            color="purple", **on("worn_by", "c"))], {}),
        ("a dog wearing sunglasses next to a pile of pancakes", [
            obj("d", "dog", [0.05, 0.3, 0.55, 0.9]), obj("g", "sunglasses", [0.6, 0.0, 0.8, 0.1],
                                                         **on("worn_by", "d")),
            *[obj(f"p{i}", "pancake", [0.6 + 0.1 * (i % 2), 0.4 + 0.15 * i, 0.85, 0.55 + 0.15 * i])
              for i in range(3)]], {"background": "kitchen"}),
    ]
    return [Scene.parse({"prompt": p, "objects": objs, **extra}) for p, objs, extra in specs]


def render_sheet(items: list, out: Path) -> None:  # noqa: ANN001
    """(caption, picture) pairs as a grid of 256² tiles with captions under them."""
    from PIL import Image, ImageDraw

    from agent.text.fonts import load_font

    font, cols = load_font("sans", 11), min(COLS, len(items))
    rows = -(-len(items) // cols)
    sheet = Image.new("RGB", (cols * TILE, rows * (TILE + CAPTION)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (text, img) in enumerate(items):
        x, y = (i % cols) * TILE, (i // cols) * (TILE + CAPTION)
        sheet.paste(img.resize((TILE, TILE), Image.LANCZOS), (x, y))
        draw.multiline_text((x + 4, y + TILE + 3), "\n".join(textwrap.wrap(text, 44)[:4]), font=font,
                            fill=(30, 30, 30), spacing=1)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)


def run_graph(scene, tmp: Path):  # noqa: ANN001, ANN201
    """The picture the default backend makes (sketch, style preview, texts), through the real executor."""
    from PIL import Image

    from agent.compiler import compile_scene
    from agent.engine.run_folder import execute_to_dir, make_executor

    run = execute_to_dir(compile_scene(scene, "sketch"), tmp, scene=scene, executor=make_executor(progress=False))
    return Image.open(run.images[0]).convert("RGB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DSG)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "sketch_contact_sheet.png")
    ap.add_argument("--examples", type=Path, default=ROOT / "docs" / "sketch_issue_examples.png")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import tempfile

    from agent.planners.offline import OfflinePlanner

    planner, items = OfflinePlanner(), []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("SCENECRAFT_CACHE", str(Path(tmp) / "cache"))
        for i, text in enumerate(chosen_prompts(args.data)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                items.append((text, run_graph(planner.plan(text, 512, 512), Path(tmp) / f"p{i}")))
        render_sheet(items, args.out)
        examples = [(s.prompt, run_graph(s, Path(tmp) / str(i))) for i, s in enumerate(example_scenes())]
    render_sheet(examples, args.examples)
    print(f"{len(items)} prompts -> {args.out}; {len(examples)} examples -> {args.examples}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
