"""N sd-turbo batch items through ``Worker.run_group``: with ``group_batch`` (one shared pipeline call,
``Executor.prefetch``) vs without (one call per item).

The whole item path runs (offline planner, compiler, executor, PNG + provenance, trace), with the
``none`` layout so each graph is ``generate.one_step``. Every repeat uses a fresh node cache (nothing
is served from an earlier repeat); the pipeline is loaded and warmed once. Reports the ratio.

    python bench/bench_group_batch.py                        # tiny model, 64x64, 1 step, N=8
    python bench/bench_group_batch.py --size medium --res 256
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> None:
    from sd_random import speed_bench_args, time_pair, warm_pool

    args = speed_bench_args(__doc__.splitlines()[0], repeats=3, n=8)
    tmp = Path(tempfile.mkdtemp(prefix="scenecraft-bench-"))
    config = tmp / "config.toml"
    config.write_text('[profiles.sd-turbo]\nlayout = "none"\n')
    os.environ["SCENECRAFT_CONFIG"] = str(config)

    from agent.batch.worker import BatchGroup, Worker, WorkItem
    from agent.models import set_default_pool

    folder, pool = warm_pool(args)
    set_default_pool(pool)
    items = [WorkItem(id=f"i{i}", name=f"i{i}", prompt=f"a photo of object number {i}", seed=i, backend="sd-turbo",
                      model=folder, steps=args.steps, width=args.res, height=args.res) for i in range(args.n)]
    group = BatchGroup(backend="sd-turbo", model=folder, steps=args.steps, width=args.res, height=args.res,
                       items=items)
    runs = iter(range(10**6))

    def run(group_batch: int) -> None:
        worker = Worker(cache_dir=tmp / f"cache-{next(runs)}", group_batch=group_batch)  # fresh cache
        bad = [o.error for o in worker.run_group(group) if o.status != "ok"]
        if bad:
            raise SystemExit(f"items failed: {bad[:2]}")

    b, lo = time_pair(lambda _: run(args.n), lambda _: run(0), args.repeats)
    print(f"model: random SD '{args.size}' at {args.res}x{args.res}, {args.steps} step(s), {args.threads} thread(s), "
          f"device {pool.device}, N={args.n} items")
    print(f"run_group, one call per item : {lo:.3f} s (median of {args.repeats})")
    print(f"run_group, shared call       : {b:.3f} s")
    print(f"ratio (per-item / shared)    : {lo / b:.2f}x")


if __name__ == "__main__":
    main()
