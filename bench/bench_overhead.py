"""Agent overhead: a 1-node TaskGraph through the executor vs the bare diffusers call it wraps.

Same warm pipeline from the pool, same prompt/seed/size. The agent side includes graph validation, input
parsing, the plugin, PNG encoding into the content-addressed store and the trace (node cache off, so it
really recomputes). Alternating runs, median. Target: agent / bare <= 1.03.

    python bench/bench_overhead.py                         # tiny model at 64x64
    python bench/bench_overhead.py --size medium --res 256
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=["tiny", "medium", "real"], default="tiny")
    ap.add_argument("--res", type=int, default=64)
    ap.add_argument("--steps", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default=None)
    args = ap.parse_args()

    import torch

    from agent.artifacts import ArtifactStore
    from agent.executor import Executor, NodeCache
    from agent.graph import OutputRef, TaskGraph
    from agent.models import ModelPool
    from sd_random import random_sd_dir

    torch.set_num_threads(args.threads)
    folder = str(random_sd_dir(args.size, Path(tempfile.gettempdir()) / "scenecraft-bench"))
    pool = ModelPool(offline=True, device=args.device)
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

    def bare() -> None:
        pipe(prompt=["a red apple"], num_inference_steps=args.steps, guidance_scale=0.0, width=args.res,
             height=args.res, generator=[torch.Generator("cpu").manual_seed(0)]).images[0]

    agent()
    bare()
    t_agent, t_bare = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        bare()
        t_bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        agent()
        t_agent.append(time.perf_counter() - t0)
    a, b = statistics.median(t_agent), statistics.median(t_bare)
    print(f"model: random SD '{args.size}' at {args.res}x{args.res}, {args.steps} step(s), device {pool.device}")
    print(f"bare diffusers call {b * 1000:.1f} ms, agent 1-node graph {a * 1000:.1f} ms (median of {args.repeats})")
    print(f"agent / bare = {a / b:.3f}  (target <= 1.03: {'met' if a / b <= 1.03 else 'NOT met'})")


if __name__ == "__main__":
    main()
