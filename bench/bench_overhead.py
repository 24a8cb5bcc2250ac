"""Agent overhead: a 1-node TaskGraph through the executor vs the bare diffusers call it wraps.

Same warm pipeline from the pool, same prompt/seed/size. The agent side includes graph validation, input
parsing, the plugin, PNG encoding into the content-addressed store and the trace (node cache off, so it
really recomputes). Alternating runs, median. Target: agent / bare <= 1.03.

    python bench/bench_overhead.py                         # tiny model at 64x64
    python bench/bench_overhead.py --size medium --res 256
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> None:
    from sd_random import speed_bench_args, warm_pool

    args = speed_bench_args(__doc__.splitlines()[0], repeats=15)

    import torch

    from agent.artifacts import ArtifactStore
    from agent.executor import Executor, NodeCache
    from agent.graph import OutputRef, TaskGraph

    folder, pool = warm_pool(args)
    pipe = pool.pipeline(folder, "text2image")
    executor = Executor(store=ArtifactStore(tempfile.mkdtemp(prefix="scenecraft-bench-")), cache=NodeCache(None),
                        progress=False, models=pool)
    executor.cache.get = lambda key, model: None  # type: ignore[method-assign]  # measure real work, not hits
    graph = TaskGraph()
    graph.add("generate", "generate.one_step", model=folder, profile="sd-turbo", prompt="a red apple", seed=0,
              width=args.res, height=args.res, num_inference_steps=args.steps)
    graph.outputs = [OutputRef(node="generate", field="image")]

    def agent() -> None:
        result = executor.run(graph, seed=0)
        assert result.ok, result.failures

    out_png = Path(tempfile.mkdtemp(prefix="scenecraft-bench-")) / "bare.png"

    def bare(save: bool = False) -> None:
        image = pipe(prompt=["a red apple"], num_inference_steps=args.steps, guidance_scale=0.0, width=args.res,
                     height=args.res, generator=[torch.Generator("cpu").manual_seed(0)]).images[0]
        if save:  # what a script using diffusers directly does next
            image.save(out_png)

    agent()
    bare()
    t_agent, t_bare, t_saved = [], [], []
    for _ in range(args.repeats):  # interleaved, so load changes on a shared machine hit all three alike
        for fn, times in ((bare, t_bare), (agent, t_agent), (lambda: bare(save=True), t_saved)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    a, b, bs = statistics.median(t_agent), statistics.median(t_bare), statistics.median(t_saved)
    print(f"model: random SD '{args.size}' at {args.res}x{args.res}, {args.steps} step(s), device {pool.device}")
    print(f"bare diffusers call {b * 1000:.1f} ms, bare call + PNG save {bs * 1000:.1f} ms, "
          f"agent 1-node graph {a * 1000:.1f} ms (median of {args.repeats})")
    print(f"agent / bare = {a / b:.3f}  (target <= 1.03: {'met' if a / b <= 1.03 else 'NOT met'});  "
          f"agent / (bare + PNG save) = {a / bs:.3f}")


if __name__ == "__main__":
    main()
