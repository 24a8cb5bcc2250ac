"""LeX-Bench (easy) text benchmark: plan -> render (sketch + text.render) -> OCR every target string.

The Scene comes from the offline planner (objects, background) with its texts replaced by
``agent.layout.text_regions.text_boxes`` built from the prompt's listed strings and its colour / font / position
attribute, so the benchmark measures rendering + OCR, not prompt parsing. An image passes when every
target string is read exactly (case-sensitive) inside its box.

    PYTHONPATH=$PWD python bench/bench_text.py                      # all 630 prompts, auto engine
    PYTHONPATH=$PWD python bench/bench_text.py --engine both --limit 90   # compare RapidOCR vs tesseract
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench-data" / "visual-text" / "lex_bench_easy_prompts.jsonl"


def _squash(text: str | None) -> str:
    return (text or "").replace(" ", "").casefold()


def build_scene(row: dict, size: int):
    from agent.layout.text_regions import text_boxes
    from agent.planners import get_planner

    scene = get_planner("offline").plan(row["prompt"], width=size, height=size)
    attrs = {k: row.get(k) for k in ("color", "font", "position")}
    texts = text_boxes(row["text"], positions=attrs["position"], colors=attrs["color"], styles=attrs["font"])
    return scene.model_copy(update={"texts": texts})


def spread_rows(rows: list[dict], limit: int | None) -> list[dict]:
    """Every k-th row so a limited run still covers all three subsets."""
    if not limit or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="evenly spaced subset of prompts")
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--engine", default="auto", choices=["auto", "rapidocr", "tesseract", "both"])
    ap.add_argument("--save", type=Path, default=None, help="folder for failing images")
    ap.add_argument("--json", type=Path, default=None, help="write per-prompt results here")
    args = ap.parse_args()

    from rich.progress import track

    from agent.artifacts import ArtifactStore
    from agent.compiler import compile_scene
    from agent.engine.executor import Executor, NodeCache
    from agent.registry import default_registry
    from agent.verify.ocr import get_engine
    from plugins.verify_ocr import verify_texts

    rows = spread_rows([json.loads(line) for line in args.data.read_text().splitlines() if line.strip()], args.limit)
    engines = ["rapidocr", "tesseract"] if args.engine == "both" else [args.engine]
    ocr = {name: get_engine(name) for name in engines}  # type: ignore[arg-type]
    tmp = tempfile.TemporaryDirectory()
    executor = Executor(store=ArtifactStore(tmp.name), registry=default_registry(), cache=NodeCache(None),
                        progress=False)
    stats: dict[str, dict[str, list]] = {e: defaultdict(list) for e in engines}
    render_s: list[float] = []
    ocr_s: dict[str, list[float]] = {e: [] for e in engines}
    records = []
    for row in track(rows, description="LeX-Bench", transient=True):
        t0 = time.perf_counter()
        scene = build_scene(row, args.size)
        graph = compile_scene(scene, "sketch")
        result = executor.run(graph, seed=0)
        out = result.outputs[graph.outputs[0].node]
        img = executor.store.get_image(out.image)
        placed = out.texts
        render_s.append(time.perf_counter() - t0)
        rec = {"prompt_idx": row["prompt_idx"], "subset": row["subset"], "text": row["text"]}
        for name, eng in ocr.items():
            t1 = time.perf_counter()
            findings = verify_texts(img, placed, eng)
            ocr_s[name].append(time.perf_counter() - t1)
            exact = all(f.ok for f in findings)
            nocase = all(f.ok or _squash(f.observed) == _squash(f.expected)
                         for f in findings)
            stats[name][row["subset"]].append((exact, nocase))
            rec[name] = [f.model_dump(exclude_none=True, include={"target", "problem", "expected", "observed"})
                         for f in findings if not f.ok]
            if not exact and args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                img.save(args.save / f"{row['prompt_idx']}-{name}.png")
        records.append(rec)

    n = len(rows)
    print(f"LeX-Bench easy: {n} prompts, {args.size}x{args.size}, sketch backend, CPU")
    print(f"render (plan+sketch+text.render) per image: {sum(render_s) / n * 1000:.0f} ms")
    for name in engines:
        print(f"\nengine {name}: OCR+verify per image {sum(ocr_s[name]) / n * 1000:.0f} ms")
        print(f"  {'subset':10s} {'n':>4s} {'all exact':>10s} {'ignoring case':>14s}")
        allv = []
        for subset in sorted(stats[name]):
            v = stats[name][subset]
            allv += v
            print(f"  {subset:10s} {len(v):4d} {100 * sum(e for e, _ in v) / len(v):9.1f}% "
                  f"{100 * sum(c for _, c in v) / len(v):13.1f}%")
        print(f"  {'all':10s} {len(allv):4d} {100 * sum(e for e, _ in allv) / len(allv):9.1f}% "
              f"{100 * sum(c for _, c in allv) / len(allv):13.1f}%")
        fails = [r for r in records if r.get(name)]
        for r in fails[:8]:
            print(f"  fail {r['prompt_idx']} {r['subset']}: {r[name]}")
    if args.json:
        args.json.write_text(json.dumps(records, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
