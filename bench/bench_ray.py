"""What Ray costs and gives for ``scenecraft batch`` (ratios from one run on this machine).

    PYTHONPATH=. python bench/bench_ray.py [--items 40] [--size 256] [--cpus 2]

Same prompt file, same seeds, sketch backend, a cold node cache for every run (so every item renders):

1. local executor (in the driver process);
2. Ray with 1 worker and with 2 workers (actors started and warmed with one item before the clock, as
   the local process is, and as a long batch amortises; the start-up is printed on its own), on one
   ``ray.init(num_cpus=--cpus)`` instance on loopback.

Printed: items/s for each, the ratios to local, the per-item overhead Ray adds with one worker
((wall_ray1 - wall_local) / items), a bare actor round trip, and how long ``ray.init`` and starting the
actors took. On a 2-core machine shared with other work the point is the overhead, not the speed-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are printed")
    args = parser.parse_args()

    import ray

    from agent.api import Agent, AgentConfig
    from agent.batch import BatchSettings, LocalRunner, run_batch
    from agent.batch.ray_runner import RayRunner
    from agent.batch.worker import WorkItem

    prompts = [f"{k} red apples and a blue cup with a sign that says 'NO {i}'" for i, k in
               zip(range(args.items), [1, 2, 3, 4] * args.items)]
    settings = BatchSettings(width=args.size, height=args.size, progress=False)
    n = args.items
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        f = tmp_path / "p.txt"
        f.write_text("\n".join(prompts) + "\n")
        Agent(AgentConfig(width=args.size, height=args.size, cache_dir=tmp_path / "warm")).run(
            "a red apple", out=tmp_path / "warm-run")  # imports, fonts: paid once, outside the timings

        from agent.batch.manifest import Manifest

        def timed(name: str, executor) -> tuple[float, float]:
            """(wall, summed worker compute) of one cold run of the whole file."""
            out = tmp_path / f"out-{name}"
            t0 = time.perf_counter()
            report = run_batch(f, out, settings, executor=executor)
            wall = time.perf_counter() - t0
            assert report.ok == n, report
            return wall, sum(r.time for r in Manifest(out / "manifest.jsonl").records())

        path = os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])
        t0 = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": path}})
        t_init = time.perf_counter() - t0
        runs: dict[str, list[tuple[float, float]]] = {"local": [], "ray1": [], "ray2": []}
        starts: dict[int, list[float]] = {1: [], 2: []}
        rtt = 0.0
        try:
            for rnd in range(args.rounds):  # alternate, so a burst of load elsewhere hits all three alike
                runs["local"].append(timed(f"local{rnd}", LocalRunner(cache_dir=tmp_path / f"c-local{rnd}")))
                for workers in (1, 2):
                    ex = RayRunner(workers=workers, cache_dir=tmp_path / f"c-ray{workers}-{rnd}")
                    t0 = time.perf_counter()
                    ex.start()
                    starts[workers].append(time.perf_counter() - t0)
                    # The same warm-up the local process had (imports, fonts, glyph caches), outside the clock.
                    warm = WorkItem(id="warm", name="warm", prompt="a red apple", seed=99, width=args.size,
                                    height=args.size)
                    ray.get([slot.handle.run_item.remote(warm) for slot in ex.slots])
                    if workers == 1 and rnd == 0:
                        handle = ex.slots[0].handle
                        calls = []
                        for _ in range(200):
                            t0 = time.perf_counter()
                            ray.get(handle.info.remote())
                            calls.append(time.perf_counter() - t0)
                        rtt = statistics.median(calls)
                    runs[f"ray{workers}"].append(timed(f"ray{workers}-{rnd}", ex))
        finally:
            ray.shutdown()

    def med(name: str) -> tuple[float, float]:
        return statistics.median(w for w, _ in runs[name]), statistics.median(c for _, c in runs[name])

    (t_local, local_s), (w1, c1), (w2, c2) = med("local"), med("ray1"), med("ray2")
    walls, worker_s = {1: w1, 2: w2}, {1: c1, 2: c2}
    starts_med = {w: statistics.median(v) for w, v in starts.items()}
    print(f"{n} items, sketch backend at {args.size}px, median of {args.rounds} alternating rounds, "
          f"ray.init(num_cpus={args.cpus}) on {os.cpu_count()} cores "
          f"(load average {os.getloadavg()[0]:.1f})")
    print(f"  ray.init: {t_init:.2f}s; actor start: 1 worker {starts_med[1]:.2f}s, 2 workers {starts_med[2]:.2f}s; "
          f"bare actor round trip {1000 * rtt:.2f} ms")
    print(f"  local    : {t_local:6.2f}s  {n / t_local:6.1f} items/s  ({1000 * t_local / n:.1f} ms/item)  1.00x        "
          f"(worker compute {1000 * local_s / n:.1f} ms/item)")
    for w in (1, 2):
        print(f"  ray x{w}   : {walls[w]:6.2f}s  {n / walls[w]:6.1f} items/s  ({1000 * walls[w] / n:.1f} ms/item)  "
              f"{t_local / walls[w]:.2f}x local  (worker compute {1000 * worker_s[w] / n:.1f} ms/item)")
    print(f"  per-item overhead Ray adds (1 worker vs local): {1000 * (walls[1] - t_local) / n:+.1f} ms "
          f"({walls[1] / t_local:.2f}x wall; negative = Ray overlaps rendering with the driver's writes); "
          f"2 workers vs 1: {walls[1] / walls[2]:.2f}x speed-up")
    print(f"  wall minus worker compute per item: local {1000 * (t_local - local_s) / n:.1f} ms, "
          f"ray x1 {1000 * (walls[1] - worker_s[1]) / n:.1f} ms")


if __name__ == "__main__":
    main()
