"""N prompts through one batched ``generate.one_step`` call vs a loop of N single-prompt calls.

Both go through the plugin and the pool on the same warm pipeline (load excluded), same seeds, one
thread by default. Reports the speed-up (target >= 2x at N=8 on CPU).

    python bench/bench_batch.py                 # tiny model, 64x64, 1 step
    python bench/bench_batch.py --size medium --res 256
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> None:
    from sd_random import speed_bench_args, time_pair, warm_pool

    args = speed_bench_args(__doc__.splitlines()[0], repeats=3, n=8)

    from agent.artifacts import ArtifactStore
    from agent.context import RunContext
    from plugins.diffusion.one_step import OneStepGenerate

    tmp = Path(tempfile.mkdtemp(prefix="scenecraft-bench-"))
    folder, pool = warm_pool(args)
    ctx = RunContext(store=ArtifactStore(tmp), seed=0)
    ctx.models = pool
    plugin = OneStepGenerate()
    prompts = [f"a photo of object number {i}" for i in range(args.n)]
    common = {"model": folder, "profile": "sd-turbo", "width": args.res, "height": args.res,
              "num_inference_steps": args.steps}

    def batched(base: int) -> None:
        plugin.run(plugin.Input(prompt=prompts, seed=base, **common), ctx)
        ctx.store.flush()  # the images are on disk, as at the end of a run

    def loop(base: int) -> None:
        for i, p in enumerate(prompts):
            plugin.run(plugin.Input(prompt=p, seed=base + i, **common), ctx)
        ctx.store.flush()

    # New seeds each round: the store is content-addressed, so repeated images would skip their PNG writes.
    b, lo = time_pair(batched, loop, args.repeats, stride=args.n)
    print(f"model: random SD '{args.size}' at {args.res}x{args.res}, {args.steps} step(s), {args.threads} thread(s), "
          f"device {pool.device}")
    print(f"N={args.n}: one batched call {b:.3f} s, loop of {args.n} calls {lo:.3f} s (median of {args.repeats})")
    print(f"speed-up loop / batched = {lo / b:.2f}x  (target >= 2x: {'met' if lo / b >= 2 else 'NOT met'})")


if __name__ == "__main__":
    main()
