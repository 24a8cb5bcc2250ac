"""LeX-Bench (easy) text benchmark: plan -> render (sketch + text.render) -> read every target string.

The Scene comes from the offline planner (objects, background, texts with their carrier and image
region); the row's colour / font attribute is applied to its texts. When the planner did not find
exactly the listed strings, its texts are replaced by ``agent.layout.text_regions.text_boxes`` (counted). Figures:

- exact: every string read exactly (case-sensitive) in its box by RapidOCR (``--engine``);
- tesseract: tesseract 5 ``--psm 11`` on the whole image finds every string (bench/text_checks.py);
- contrast: the glyph / surround contrast text.render measured on each text box, >= 4.5:1 (WCAG);
- position subset: texts planned in their named region, and read exactly by RapidOCR in that region.

    PYTHONPATH=$PWD python bench/bench_text.py                       # all 630 prompts
    PYTHONPATH=$PWD python bench/bench_text.py --subset position --limit 30
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from agent.verify.ocr import squash

_REL = Path("shared") / "bench-data" / "visual-text" / "lex_bench_easy_prompts.jsonl"
# the shared folder sits beside the checkout (/work/shared for /work/main and for /work/wt/<branch>)
DATA = next((p / _REL for p in Path(__file__).resolve().parents if (p / _REL).exists()), Path("/work") / _REL)


def _squash(text: str | None) -> str:
    return (text or "").replace(" ", "").casefold()


def build_scene(row: dict, size: int):
    """The offline planner's Scene for the prompt. Its texts are kept (boxes, carrier, image region) when
    it found exactly the listed strings, with the row's colour / font attribute applied; otherwise they
    are replaced by ``text_boxes`` from the listed strings. Returns (scene, planned by the planner)."""
    from agent.layout.text_regions import text_boxes
    from agent.planners import get_planner
    from agent.text.fonts import family_for_style

    scene = get_planner("offline").plan(row["prompt"], width=size, height=size)
    attrs = {k: row.get(k) for k in ("color", "font", "position")}
    if sorted(t.content for t in scene.texts) == sorted(row["text"]):
        order = {s: i for i, s in enumerate(row["text"])}
        texts = []
        for t in scene.texts:
            i = order[t.content]
            update = {"color": attrs["color"][i] if attrs["color"] else t.color,
                      "font": family_for_style(attrs["font"][i]) if attrs["font"] else t.font}
            texts.append(t.model_copy(update=update))
        return scene.model_copy(update={"texts": texts}), True
    texts = text_boxes(row["text"], positions=attrs["position"], colors=attrs["color"], styles=attrs["font"])
    return scene.model_copy(update={"texts": texts}), False


def spread_rows(rows: list[dict], limit: int | None) -> list[dict]:
    """Every k-th row so a limited run still covers all three subsets."""
    if not limit or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def measure(row: dict, executor, exact_engine, rapid, tess, size: int, save: Path | None = None) -> dict:
    """Plan, render and check one LeX row; returns its record (see report())."""
    from agent.compiler import compile_scene
    from bench.text_checks import LEX_REGION, in_region, ocr_in_region, tesseract_finds
    from plugins.verify_ocr import verify_texts

    t0 = time.perf_counter()
    scene, planned = build_scene(row, size)
    graph = compile_scene(scene, "sketch")
    result = executor.run(graph, seed=0)
    out = result.outputs[graph.outputs[0].node]
    img = executor.store.get_image(out.image)
    if save is not None:
        img.save(save / f"{row['prompt_idx']}_{row['subset']}.png")
    rec: dict = {"prompt_idx": row["prompt_idx"], "subset": row["subset"], "text": row["text"], "planned": planned,
                 "render_s": time.perf_counter() - t0, "contrast": list(out.contrast.values()),
                 "n_texts": len(out.texts)}
    t1 = time.perf_counter()
    findings = verify_texts(img, out.texts, exact_engine)
    rec["exact"] = all(f.ok for f in findings)
    rec["nocase"] = all(f.ok or squash(f.observed or "", False) == squash(f.expected or "", False) for f in findings)
    rec["fails"] = [f.model_dump(exclude_none=True, include={"target", "problem", "expected", "observed"})
                    for f in findings if not f.ok]
    rec["ocr_s"] = time.perf_counter() - t1
    if tess is not None:
        t2 = time.perf_counter()
        lines = tess.read(img)
        rec["tesseract_all"] = all(tesseract_finds(lines, s) for s in row["text"])
        rec["tesseract_missed"] = [s for s in row["text"] if not tesseract_finds(lines, s)]
        rec["tesseract_read"] = [ln.text for ln in lines]
        rec["tesseract_s"] = time.perf_counter() - t2
    if row["subset"] == "position":
        by_content = {t.content: t for t in out.texts}
        regions = [LEX_REGION[p] for p in row["position"]]
        rec["in_region"] = [s in by_content and in_region(by_content[s].box, r) for s, r in zip(row["text"], regions)]
        whole = rapid.read(img)
        rec["ocr_in_region"] = [ocr_in_region(img, whole, s, r) for s, r in zip(row["text"], regions)]
    return rec


def report(records: list[dict], size: int) -> None:
    def pct(xs: list) -> str:
        return f"{100 * sum(xs) / len(xs):5.1f}%" if xs else "  n/a"

    n = len(records)
    print(f"LeX-Bench easy: {n} prompts, {size}x{size}, sketch backend, CPU; "
          f"{sum(r['planned'] for r in records)} planned by the offline planner")
    print(f"render per image {1000 * sum(r['render_s'] for r in records) / n:.0f} ms, "
          f"RapidOCR check {1000 * sum(r['ocr_s'] for r in records) / n:.0f} ms")
    print(f"  {'subset':10s} {'n':>4s} {'exact':>7s} {'no case':>7s} {'tess all':>8s}")
    for subset in sorted({r["subset"] for r in records}) + ["all"]:
        rs = [r for r in records if subset in ("all", r["subset"])]
        print(f"  {subset:10s} {len(rs):4d} {pct([r['exact'] for r in rs]):>7s} {pct([r['nocase'] for r in rs]):>7s} "
              f"{pct([r['tesseract_all'] for r in rs if 'tesseract_all' in r]):>8s}")
    boxes = [c for r in records for c in r["contrast"]]
    n_texts = sum(r["n_texts"] for r in records)
    print(f"contrast >= 4.5:1 on {pct([c >= 4.5 for c in boxes])} of {len(boxes)} measured text boxes "
          f"({n_texts} texts); lowest {min(boxes, default=0):.2f}")
    pos = [r for r in records if "in_region" in r]
    if pos:
        print(f"position subset: {pct([x for r in pos for x in r['in_region']])} of texts planned in their region, "
              f"{pct([x for r in pos for x in r['ocr_in_region']])} read by RapidOCR (exact) in that region")
    for r in [r for r in records if not r["exact"]][:8]:
        print(f"  fail {r['prompt_idx']} {r['subset']}: {r['fails']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="evenly spaced subset of prompts")
    ap.add_argument("--subset", default=None, choices=["color", "font", "position"], help="only this subset")
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--engine", default="auto", choices=["auto", "rapidocr", "tesseract"],
                    help="engine of the exact-reading check")
    ap.add_argument("--no-tesseract", action="store_true", help="skip the tesseract --psm 11 check")
    ap.add_argument("--json", type=Path, default=None, help="write per-prompt results here")
    ap.add_argument("--shard", default="0/1", help="I/N: every N-th prompt from the I-th (parallel runs)")
    ap.add_argument("--save", type=Path, default=None, help="write each rendered image into this folder")
    ap.add_argument("--report", type=Path, nargs="+", default=None, help="only report these --json files together")
    args = ap.parse_args()
    if args.report:
        report([r for f in args.report for r in json.loads(f.read_text())], args.size)
        return 0

    from rich.progress import track

    from agent.artifacts import ArtifactStore
    from agent.engine.executor import Executor, NodeCache
    from agent.registry import default_registry
    from agent.verify.ocr import get_engine

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    rows = spread_rows([r for r in rows if args.subset in (None, r["subset"])], args.limit)
    random.Random(0).shuffle(rows)  # a run stopped early is still an even sample of the subsets
    shard, shards = (int(v) for v in args.shard.split("/"))
    rows = rows[shard::shards]
    exact_engine = get_engine(args.engine)  # type: ignore[arg-type]
    rapid = get_engine("rapidocr")
    tess = None if args.no_tesseract else get_engine("tesseract")
    tmp = tempfile.TemporaryDirectory()
    executor = Executor(store=ArtifactStore(tmp.name), registry=default_registry(), cache=NodeCache(None),
                        progress=False)
    records = []
    for row in track(rows, description="LeX-Bench", transient=True):
        records.append(measure(row, executor, exact_engine, rapid, tess, args.size, args.save))
        if args.json:  # written as it goes: a run cut short still reports what it measured
            args.json.write_text(json.dumps(records, indent=1))
    report(records, args.size)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
