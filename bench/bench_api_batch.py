"""Measure what the interfaces cost on top of the engine (ratios from one run on this machine).

    PYTHONPATH=. python bench/bench_api_batch.py [--items 40] [--size 256]

1. ``scenecraft --help`` and ``import agent`` wall time (target: --help < 1 s).
2. Batch driver overhead: ``run_batch`` over N prompts vs a plain loop of ``Agent.run`` into folders,
   same prompts, same seeds, each with a cold node cache (so both really render). The difference is
   the driver: file parsing, outcome bytes, atomic writes, thumbnails, fsync-ed manifest lines.
3. Resume cost: re-running the finished batch with ``--resume`` (nothing to do) per item.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()

    py = sys.executable
    t_help = wall([py, "-m", "agent.cli", "--help"])
    t_import = wall([py, "-c", "import agent"])
    t_bare = wall([py, "-c", "pass"])
    print(f"scenecraft --help: {t_help:.3f}s (bare python {t_bare:.3f}s); import agent: {t_import:.3f}s")

    prompts = [f"{k} red apples and a blue cup with a sign that says 'NO {i}'" for i, k in
               zip(range(args.items), [1, 2, 3, 4] * args.items)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        f = tmp_path / "p.txt"
        f.write_text("\n".join(prompts) + "\n")

        os.environ["SCENECRAFT_CACHE"] = str(tmp_path / "cache-loop")
        from agent.api import Agent, AgentConfig
        from agent.batch import BatchSettings, run_batch

        warm = Agent(AgentConfig(width=args.size, height=args.size, out_dir=tmp_path / "warm"))
        warm.run("a red apple")  # fonts, glyph caches, imports: paid once, outside both timings

        agent = Agent(AgentConfig(width=args.size, height=args.size, out_dir=tmp_path / "loop"))
        t0 = time.perf_counter()
        for p in prompts:
            agent.run(p, seed=0)
        t_loop = time.perf_counter() - t0

        os.environ["SCENECRAFT_CACHE"] = str(tmp_path / "cache-batch")
        settings = BatchSettings(width=args.size, height=args.size, progress=False)
        t0 = time.perf_counter()
        report = run_batch(f, tmp_path / "batch", settings)
        t_batch = time.perf_counter() - t0
        assert report.ok == args.items, report

        t0 = time.perf_counter()
        again = run_batch(f, tmp_path / "batch", BatchSettings(width=args.size, height=args.size, progress=False,
                                                               resume=True))
        t_resume = time.perf_counter() - t0
        assert again.skipped == args.items

    n = args.items
    print(f"{n} items at {args.size}px: Agent.run loop {t_loop:.2f}s ({1000 * t_loop / n:.1f} ms/item), "
          f"run_batch {t_batch:.2f}s ({1000 * t_batch / n:.1f} ms/item)")
    print(f"batch / loop = {t_batch / t_loop:.2f}x; driver overhead {1000 * (t_batch - t_loop) / n:+.1f} ms/item")
    print(f"resume with nothing to do: {t_resume:.3f}s ({1000 * t_resume / n:.2f} ms/item)")


if __name__ == "__main__":
    main()
