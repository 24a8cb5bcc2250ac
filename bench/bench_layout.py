"""Layout validity and speed on generated relation prompts (no benchmark data needed).

    python bench/bench_layout.py

Two families, every one planned with seed 0 and one other seed and checked by agent.layout.violations
(all relations under GenEval/T2I-CompBench/LMD margins, boxes inside, no merging instances):
- one relation: "<n> <things> <relation> a <thing>" over 8 things x 10 relations x 4 counts;
- two relations sharing an object, with counts: "<n> A r1 <m> B, and <k> C r2 the B" (3,000 random).
Prints the share of valid layouts and ms per plan, measured in this run.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.layout import violations
from agent.planners import get_planner

THINGS = ["cat", "bus", "apple", "umbrella", "robot", "teddy bear", "wine glass", "giraffe", "book", "sign"]
RELS = ["left of", "right of", "above", "below", "next to", "on top of", "under", "behind", "in front of", "near"]
NUMS = ["a", "two", "three", "four"]


def phrase(n: str, thing: str) -> str:
    if n == "a":
        return f"{'an' if thing[0] in 'aeiou' else 'a'} {thing}"
    return f"{n} {thing}es" if thing.endswith(("s", "sh", "ch")) else f"{n} {thing}s"


def one_relation() -> list[str]:
    return [f"{phrase(n, a)} {r} {phrase('a', b)}" for a, r, b,
            n in itertools.product(THINGS[:8], RELS, THINGS[:8], NUMS)
            if a != b]


def two_relations(count: int = 3000) -> list[str]:
    rng = random.Random(1)
    out = []
    for _ in range(count):
        a, b, c = rng.sample(THINGS, 3)
        out.append(f"{phrase(rng.choice(NUMS), a)} {rng.choice(RELS)} {phrase(rng.choice(NUMS), b)}, and "
                   f"{phrase(rng.choice(NUMS), c)} {rng.choice(RELS)} the {b}")
    return out


def run(name: str, prompts: list[str]) -> None:
    planner = get_planner("offline")
    bad = 0
    t0 = time.perf_counter()
    for i, p in enumerate(prompts):
        for seed in (0, 1 + i % 9):
            if violations(planner.plan(p, seed=seed)):
                bad += 1
    ms = (time.perf_counter() - t0) * 1000 / (2 * len(prompts))
    n = 2 * len(prompts)
    print(f"{name:<16} {n:>6} layouts  valid {100 * (n - bad) / n:6.2f}%  ({bad} with an unmet relation)  "
          f"{ms:.3f} ms/plan incl. check")


def main() -> int:
    warnings.simplefilter("ignore")
    run("one relation", one_relation())
    run("two relations", two_relations())
    return 0


if __name__ == "__main__":
    sys.exit(main())
