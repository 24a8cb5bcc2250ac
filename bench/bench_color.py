"""verify.color on sketch renders of GenEval's colour prompts (tags ``colors`` and ``color_attr``).

Each prompt's objects and colours come from GenEval's metadata (the requested truth), placed side by
side; ``sketch.render`` draws them; ``verify.color`` must (a) agree with the requested colour and
(b) flag a deliberately wrong expected colour (each of the nine other words in turn, so both easy
and near-miss swaps like red/orange or pink/purple are counted).

    PYTHONPATH=$PWD python bench/bench_color.py

``--data`` defaults to GenEval's metadata under ``$SCENECRAFT_BENCH_DATA``, else under the nearest
``shared/bench-data`` above the checkout (a worktree finds the same one as the main checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

_REL = Path("geneval") / "evaluation_metadata.jsonl"


def default_data() -> Path | None:
    """GenEval's metadata in the bench-data folder :func:`agent.eval.default_data_dir` finds (None: none)."""
    from agent.eval import default_data_dir

    root = default_data_dir()
    return root / _REL if root is not None else None


def build_scene(meta: dict, size: int):
    from agent.scene import Scene, SceneObject

    items = [(inc["class"], inc.get("color")) for inc in meta["include"] for _ in range(inc.get("count", 1))]
    k = len(items)
    objs = []
    for i, (name, color) in enumerate(items):
        x0 = 0.05 + i * 0.9 / k
        objs.append(SceneObject(id=f"{name.replace(' ', '_')}_{i + 1}", name=name, color=color,
                                box=(x0 + 0.02, 0.25, x0 + 0.9 / k - 0.02, 0.8)))
    return Scene(prompt=meta["prompt"], width=size, height=size, objects=objs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="GenEval's evaluation_metadata.jsonl")
    ap.add_argument("--size", type=int, default=512)
    args = ap.parse_args()
    data = args.data or default_data()
    if data is None or not data.is_file():
        print(f"GenEval metadata not found ({data or 'no shared/bench-data above the checkout'}); "
              "give --data or set SCENECRAFT_BENCH_DATA", file=sys.stderr)
        return 2

    from agent.verify.colors import GENEVAL_COLORS
    from plugins.sketch import render_scene
    from plugins.verify_color import verify_colors

    rows = [json.loads(x) for x in data.read_text().splitlines() if x.strip()]
    rows = [r for r in rows if r["tag"] in ("colors", "color_attr")]
    agree = flagged = n_obj = n_wrong = 0
    per_tag: Counter = Counter()
    per_tag_n: Counter = Counter()
    confusions: Counter = Counter()
    t0 = time.perf_counter()
    for r in rows:
        scene = build_scene(r, args.size)
        img = render_scene(scene)
        findings = verify_colors(img, scene.objects)
        ok_img = all(f.ok for f in findings)
        per_tag[r["tag"]] += ok_img
        per_tag_n[r["tag"]] += 1
        for f in findings:
            n_obj += 1
            agree += f.ok
            if not f.ok:
                confusions[(f.expected, f.observed)] += 1
        for obj in scene.objects:
            for wrong in GENEVAL_COLORS:
                if wrong == obj.color:
                    continue
                bad = obj.model_copy(update={"color": wrong})
                others = [o for o in scene.objects if o is not obj]
                f = next(x for x in verify_colors(img, [bad, *others]) if x.target == obj.id)
                n_wrong += 1
                flagged += f.problem == "wrong_color"
    dt = time.perf_counter() - t0
    print(f"GenEval colour prompts: {len(rows)} ({', '.join(f'{k} {v}' for k, v in per_tag_n.items())}), "
          f"{n_obj} coloured objects, sketch renders {args.size}px")
    print(f"agrees with the requested colour: {100 * agree / n_obj:.1f}% of objects")
    for tag in per_tag_n:
        print(f"  {tag}: {100 * per_tag[tag] / per_tag_n[tag]:.1f}% of images fully agree")
    print(f"flags a deliberately wrong colour: {100 * flagged / n_wrong:.1f}% of {n_wrong} swaps")
    print(f"time: {1000 * dt / (len(rows) + n_wrong):.1f} ms per verify call (render included once per prompt)")
    if confusions:
        print("disagreements (expected -> observed):", dict(confusions.most_common(10)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
