"""Agent overhead: a 1-node TaskGraph through the executor vs the bare diffusers call it wraps.

Same warm pipeline from the pool, same prompt and size. The agent side includes graph validation, input
parsing, the plugin, hashing the pixels into the content-addressed store and the trace (node cache off,
so it really recomputes; a new seed each round, so each image is new). The store writes its PNG on a
background thread, so the script also times the agent plus waiting for that file, against the bare call
plus ``image.save``. Alternating runs, median. Target: agent / bare <= 1.03.

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
    from agent.engine.executor import Executor, NodeCache
    from agent.graph import OutputRef, TaskGraph

    folder, pool = warm_pool(args)
    pipe = pool.pipeline(folder, "text2image")
    executor = Executor(store=ArtifactStore(tempfile.mkdtemp(prefix="scenecraft-bench-")), cache=NodeCache(None),
                        progress=False, models=pool)
    executor.cache.get = lambda key, model: None  # type: ignore[method-assign]  # measure real work, not hits

    def agent(seed: int) -> None:
        graph = TaskGraph()
        graph.add("generate", "generate.one_step", model=folder, profile="sd-turbo", prompt="a red apple", seed=seed,
                  width=args.res, height=args.res, num_inference_steps=args.steps)
        graph.outputs = [OutputRef(node="generate", field="image")]
        result = executor.run(graph, seed=0)
        assert result.ok, result.failures

    def agent_on_disk(seed: int) -> None:  # and wait for the store's background PNG write
        agent(seed)
        executor.store.flush()

    out_png = Path(tempfile.mkdtemp(prefix="scenecraft-bench-")) / "bare.png"

    def bare(seed: int, save: bool = False) -> None:
        image = pipe(prompt=["a red apple"], num_inference_steps=args.steps, guidance_scale=0.0, width=args.res,
                     height=args.res, generator=[torch.Generator("cpu").manual_seed(seed)]).images[0]
        if save:  # what a script using diffusers directly does next
            image.save(out_png)

    agent(0)
    bare(0)
    t_agent, t_bare, t_saved, t_disk = [], [], [], []
    # A new seed each round: the store is content-addressed, so a repeated image would skip its PNG write.
    for r in range(1, args.repeats + 1):  # interleaved, so load changes on a shared machine hit all three alike
        for k, (fn, times) in enumerate(((bare, t_bare), (agent, t_agent), (lambda s: bare(s, save=True), t_saved),
                                         (agent_on_disk, t_disk))):
            t0 = time.perf_counter()
            fn(r * 4 + k)
            times.append(time.perf_counter() - t0)
    a, b, bs, d = (statistics.median(t) for t in (t_agent, t_bare, t_saved, t_disk))
    executor.store.flush()
    print(f"model: random SD '{args.size}' at {args.res}x{args.res}, {args.steps} step(s), device {pool.device}")
    print(f"bare diffusers call {b * 1000:.1f} ms, bare call + PNG save {bs * 1000:.1f} ms, agent 1-node graph "
          f"{a * 1000:.1f} ms, agent + its PNG on disk {d * 1000:.1f} ms (median of {args.repeats})")
    print(f"agent / bare = {a / b:.3f}  (target <= 1.03: {'met' if a / b <= 1.03 else 'NOT met'});  "
          f"agent + PNG on disk / (bare + PNG save) = {d / bs:.3f}")

if __name__ == "__main__":
    main()
