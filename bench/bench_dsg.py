"""DSG-1k plan-level figures and the planner's speed on those 530 real prompts, in one run.

    python bench/bench_dsg.py [--data ../shared/bench-data/dsg/dsg1k-dev.csv] [--planner offline] [--repeat 3]
                              [--by-source]

Prints the DSG scores (per category, the spurious-object rate; ``--by-source`` adds a table per source),
then on one thread: the time from nothing loaded to the first plan (imports and any lazy parser or
lexicon load), and the median / p99 / max ms per prompt (best of ``--repeat`` per prompt, so the shared
machine's hiccups are not the planner's). Targets (issue 13): tuples >= 95%, spurious <= 5%,
median <= 20 ms, p99 <= 100 ms, parser load <= 1.5 s.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):  # one thread, before numpy loads
    os.environ.setdefault(_var, "1")

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _data_file(arg: Path | None) -> Path | None:
    from agent.eval import default_data_dir

    data = arg or default_data_dir()
    if data is None:
        return None
    return data / "dsg" / "dsg1k-dev.csv" if data.is_dir() else data


def _per_prompt_ms(plan, texts: list[str], repeat: int) -> list[float]:
    out = []
    for text in texts:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            plan(text)
            best = min(best, (time.perf_counter() - t0) * 1000)
        out.append(best)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="DSG-1k CSV or bench-data folder")
    ap.add_argument("--planner", default="offline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--by-source", action="store_true")
    args = ap.parse_args()
    path = _data_file(args.data)
    if path is None or not path.is_file():
        print(f"DSG-1k file not found ({path}); give --data", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    from agent.planners import get_planner

    planner = get_planner(args.planner)
    from agent.eval.dsg import load, score_plans

    prompts = load(path)
    planner.plan(prompts[0].text)
    first = time.perf_counter() - t0
    report = score_plans(prompts, planner.plan)
    print("\n".join(report.lines(by_source=args.by_source)))
    ms = sorted(_per_prompt_ms(planner.plan, [p.text for p in prompts], max(1, args.repeat)))
    p99 = ms[int(0.99 * (len(ms) - 1))]
    med = statistics.median(ms)
    print(f"speed ({args.planner} planner, one thread, {len(ms)} prompts, best of {args.repeat} each):")
    print(f"  imports + first plan (lazy loads): {first:.2f} s")
    print(f"  per prompt median / p99 / max:     {med:.2f} / {p99:.2f} / {ms[-1]:.2f} ms")
    print(f"  targets: median <= 20 ms {'met' if med <= 20 else 'NOT met'}, p99 <= 100 ms "
          f"{'met' if p99 <= 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
