"""How well the sketch reads: pictures for nouns, supports, overlaps and render time, on real prompts.

Plans every prompt of DSG-1k dev (``../shared/bench-data/dsg/dsg1k-dev.csv``) and GenEval with the
offline planner, then measures what ``sketch.render`` draws at 512²:

- last-resort box rate: objects drawn as the labelled box, today's lookup (the hand emoji table and
  head noun, before issue 15) and now; and the share drawn as the generic solid (``@thing``: a physical
  object whose WordNet classes have no nearer picture), the second-to-last resort;
- supports: loads placed "on" a support (anchor ``on``, "on top of", or a left/right neighbour of one)
  whose drawn bottom edge (their pixels, not their box) lies within 2% of the image height of the
  support's top surface;
- unrelated overlap: pairs of objects with no relation or anchor between them whose drawn pixels cover
  more than 30% of the smaller one;
- render time per image (one thread), median and 90th percentile.

    PYTHONPATH=$PWD python bench/bench_sketch.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
DATA = next((p / "shared" / "bench-data" for p in Path(__file__).resolve().parents
             if (p / "shared" / "bench-data").is_dir()), Path("../shared/bench-data"))
DSG = DATA / "dsg" / "dsg1k-dev.csv"
GENEVAL = DATA / "geneval" / "evaluation_metadata.jsonl"
SIZE = 512


def prompts(limit: int | None) -> dict[str, list[str]]:
    rows = list(csv.DictReader(DSG.open(encoding="utf-8")))
    dsg = list(dict.fromkeys(r["text"] for r in rows))
    gen = [json.loads(x)["prompt"] for x in GENEVAL.read_text().splitlines() if x.strip()]
    return {"DSG-1k dev": dsg[:limit], "GenEval": gen[:limit]}


def old_lookup(name: str) -> str | None:
    """The pictogram lookup before issue 15: the hand table, whole name then shorter tails."""
    from agent.vocab.pictograms import EMOJI

    words = name.lower().strip().split()
    return next((EMOJI[" ".join(words[i:])] for i in range(len(words)) if " ".join(words[i:]) in EMOJI), None)


def wordnet_nouns() -> set[str] | None:
    """Every WordNet noun lemma (spaces, lower case) when NLTK and Debian's WordNet are installed: lets the
    bench tell sketch misses from planner words that are no noun at all ('we', 'k', 'realistic')."""
    import tempfile

    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
        from build_pictogram_table import load_wordnet

        wn = load_wordnet(Path(tempfile.mkdtemp()))
        return {n.replace("_", " ").lower() for n in wn.all_lemma_names("n")}
    except (ImportError, OSError, LookupError):
        return None


def masks(scene, placed) -> dict[str, object]:
    """Each drawn object's coverage (bool array) as ``sketch.render`` paints it, without labels."""
    import numpy as np
    from PIL import Image

    from plugins.sketch import draw_object

    out = {}
    for p in placed:
        canvas = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        draw_object(canvas, p.obj, False, pic=p.pic, box=p.box, aspect=p.aspect if p.flat else None)
        out[p.obj.id] = np.asarray(canvas.getchannel("A")) > 16
    return out


def related(scene) -> set[frozenset[str]]:
    """Pairs of object ids that the plan ties together: relations (by name or id), anchors, and things
    anchored to the same target (fruit in one bowl, books on one shelf)."""
    pairs: set[frozenset[str]] = set()
    for rel in scene.relations:
        for ref in (rel.object, rel.object2):
            if ref is None:
                continue
            for a in scene.objects_named(rel.subject):
                for b in scene.objects_named(ref):
                    pairs.add(frozenset((a.id, b.id)))
    by_target: dict[str, list[str]] = {}
    for o in scene.objects:
        if o.anchor is not None:
            pairs.add(frozenset((o.id, o.anchor.target)))
            by_target.setdefault(o.anchor.target, []).append(o.id)
    for ids in by_target.values():
        pairs.update(frozenset((a, b)) for a in ids for b in ids if a != b)
    return pairs


def support_checks(scene, placed, drawn) -> list[bool]:
    """For each load on a support: is its drawn bottom within 2% of the image height of a top surface?"""
    import numpy as np

    from plugins.sketch_placement import dependants, support_lines

    by_id = {p.obj.id: p for p in placed}
    out = []
    for target, deps in dependants(scene).items():
        if target not in by_id:
            continue
        lines = support_lines(by_id[target])
        for dep, kind in deps:
            if kind != "on" or dep not in drawn or not drawn[dep].any():
                continue
            bottom = int(np.nonzero(drawn[dep].any(axis=1))[0].max()) + 1
            out.append(min(abs(bottom - y) for y, _, _ in lines) <= 0.02 * SIZE)
    return out


def overlaps(scene, drawn) -> tuple[int, int]:
    """(unrelated pairs covering > 30% of the smaller one, unrelated pairs)."""
    tied = related(scene)
    ids = [i for i in drawn if drawn[i].any()]
    bad = total = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if frozenset((a, b)) in tied:
                continue
            total += 1
            inter = int((drawn[a] & drawn[b]).sum())
            bad += inter > 0.3 * min(int(drawn[a].sum()), int(drawn[b].sum()))
    return bad, total


def planned(texts: list[str]) -> list:  # noqa: ANN401
    """The offline planner's Scene for each prompt."""
    from agent.planners.offline import OfflinePlanner

    planner, out = OfflinePlanner(), []
    for text in texts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(planner.plan(text, SIZE, SIZE))
    return out


def measure(name: str, scenes: list, nouns: set[str] | None) -> dict[str, object]:  # noqa: ANN001
    """Place, draw and time every planned Scene of one set; returns the figures."""
    from plugins.sketch import picture, placed_objects, render_scene, wearer_ids
    from plugins.sketch_backdrops import is_setting_object

    n_obj = boxes = old_boxes = n_noun = noun_boxes = generic = 0
    supports: list[bool] = []
    bad = pairs = images_bad = 0
    times: list[float] = []
    cpu: list[float] = []  # CPU time: what the render costs when other jobs share the cores
    misses: dict[str, int] = {}
    for scene in scenes:
        render_scene(scene)  # warm the glyph cache for this scene's pictures, then time a clean render
        t0, c0 = time.perf_counter(), time.process_time()
        render_scene(scene)
        times.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
        wearers = wearer_ids(scene)
        for o in scene.objects:
            n_obj += 1
            old_boxes += old_lookup(o.name) is None
            is_noun = nouns is None or o.name.lower() in nouns or o.name.lower().split()[-1] in nouns
            n_noun += is_noun
            pic = None if is_setting_object(o.name) else picture(o, wearers)[0]
            generic += pic == "@thing"
            if not is_setting_object(o.name) and pic is None:
                boxes += 1
                noun_boxes += is_noun
                misses[o.name] = misses.get(o.name, 0) + 1
        placed = placed_objects(scene, SIZE, SIZE)
        drawn = masks(scene, placed)
        supports += support_checks(scene, placed, drawn)
        b, t = overlaps(scene, drawn)
        bad, pairs, images_bad = bad + b, pairs + t, images_bad + (b > 0)
    top = sorted(misses.items(), key=lambda kv: -kv[1])[:15]
    return {"set": name, "prompts": len(scenes), "objects": n_obj, "box_rate_before": old_boxes / max(n_obj, 1),
            "box_rate": boxes / max(n_obj, 1), "noun_objects": n_noun, "noun_box_rate": noun_boxes / max(n_noun, 1),
            "generic_rate": generic / max(n_obj, 1),
            "loads_on_supports": len(supports),
            "on_surface": sum(supports) / max(len(supports), 1), "unrelated_pairs": pairs,
            "overlap_rate": bad / max(pairs, 1), "images_with_overlap": images_bad / max(len(scenes), 1),
            "render_ms_median": statistics.median(times), "render_ms_p90": sorted(times)[int(0.9 * len(times))],
            "render_cpu_ms_median": statistics.median(cpu),
            "top_boxes": top}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N prompts of each set")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--scenes", action="append", default=[], metavar="NAME=FILE",
                    help="measure these planned Scenes (a JSON list) instead of planning a set, e.g. another planner's")
    args = ap.parse_args()
    from agent.scene import Scene

    nouns = wordnet_nouns()
    sets = {name: planned(texts) for name, texts in prompts(args.limit).items()} if not args.scenes else {}
    for spec in args.scenes:
        name, _, path = spec.partition("=")
        sets[name] = [Scene.parse(d) for d in json.loads(Path(path).read_text())][:args.limit]
    results = [measure(name, scenes, nouns) for name, scenes in sets.items()]
    for r in results:
        print(f"{r['set']}: {r['prompts']} prompts, {r['objects']} planned objects")
        print(f"  last-resort box: {100 * r['box_rate_before']:.1f}% before -> {100 * r['box_rate']:.1f}% now")
        if nouns is not None:
            print(f"  of the {r['noun_objects']} objects named by a WordNet noun: "
                  f"{100 * r['noun_box_rate']:.1f}% boxes")
        print(f"  drawn as the generic solid (an object no class pictures): {100 * r['generic_rate']:.1f}%")
        print(f"  loads on a support: {r['loads_on_supports']}, "
              f"bottom on its top surface: {100 * r['on_surface']:.1f}%")
        print(f"  unrelated pairs covering >30% of the smaller: {100 * r['overlap_rate']:.2f}% "
              f"of {r['unrelated_pairs']} "
              f"pairs ({100 * r['images_with_overlap']:.1f}% of images)")
        print(f"  render 512²: median {r['render_ms_median']:.1f} ms wall ({r['render_cpu_ms_median']:.1f} ms CPU), "
              f"p90 {r['render_ms_p90']:.1f} ms (one thread)")
        print(f"  still boxes: {r['top_boxes']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
