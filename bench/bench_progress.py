"""Per-step progress cost: the ``callback_on_step_end`` -> ``ctx.progress`` -> listener chain vs one step.

The listener is the terminal's step bar (a rich ``Progress`` task update, the CLI's display) or, with
``--listener list``, a bare ``list.append`` (what a server queue costs at least). Two numbers, one run:

- direct: the mean cost of one callback call (20,000 calls through the exact wrapper the plugins pass to
  diffusers) divided by the median time of one denoising step of the same pipeline;
- end to end: a pipeline call of ``--steps`` steps with the listener vs without, alternating, medians
  (noisy on a shared machine; shown for honesty, the direct ratio is the measurement).

Target: direct ratio <= 2% on the tiny model at 64x64.

    python bench/bench_progress.py                       # tiny model, 64x64, 8 steps
    python bench/bench_progress.py --listener list
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def rich_listener():  # noqa: ANN201 - (listener, stop)
    """The CLI's step bar, drawing into a buffer (same work as on a terminal, minus the tty writes)."""
    from rich.console import Console

    from agent.engine.progress import step_bar

    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    bar = step_bar(console)
    listener = bar.__enter__()
    return listener, lambda: bar.__exit__(None, None, None)


def main() -> None:
    from sd_random import speed_bench_args, warm_pool

    args = speed_bench_args(__doc__.splitlines()[0], repeats=9, listener="rich", calls=20000)
    if args.steps == 1:
        args.steps = 8
    import torch

    from agent.artifacts import ArtifactStore
    from agent.context import RunContext, progress_listener
    from plugins.diffusion.controls import step_kwargs

    folder, pool = warm_pool(args)
    pipe = pool.pipeline(folder, "text2image")
    ctx = RunContext(store=ArtifactStore(tempfile.mkdtemp(prefix="scenecraft-bench-")), node_id="generate")
    if args.listener == "rich":
        listener, stop = rich_listener()
    else:
        events: list = []
        listener, stop = events.append, lambda: None

    def call(seed: int, listen: bool) -> float:
        kwargs = dict(prompt=["a red apple"], num_inference_steps=args.steps, guidance_scale=0.0, width=args.res,
                      height=args.res, generator=[torch.Generator("cpu").manual_seed(seed)])
        t0 = time.perf_counter()
        if listen:
            with progress_listener(listener):
                pipe(**kwargs, **step_kwargs(pipe, ctx, args.steps))
        else:
            pipe(**kwargs)
        return time.perf_counter() - t0

    call(0, False)
    call(0, True)  # warm both paths
    plain, listened = [], []
    for r in range(args.repeats):
        plain.append(call(r, False))
        listened.append(call(r, True))
    step_s = statistics.median(plain) / args.steps

    with progress_listener(listener):
        cb = step_kwargs(pipe, ctx, args.steps)["callback_on_step_end"]
        pipe._num_timesteps = args.steps
        t0 = time.perf_counter()
        for i in range(args.calls):
            cb(pipe, i % args.steps, 0, {})
        per_call = (time.perf_counter() - t0) / args.calls
    stop()
    print(f"model {args.size} {args.res}x{args.res}, {args.steps} steps, {torch.get_num_threads()} thread(s), "
          f"listener {args.listener}")
    print(f"one denoising step (median of {args.repeats} calls / {args.steps}): {step_s * 1e3:.2f} ms")
    print(f"one progress callback (mean of {args.calls}): {per_call * 1e6:.1f} us")
    print(f"direct ratio callback / step: {per_call / step_s:.4%}  (target <= 2%)")
    print(f"end to end, median call: {statistics.median(plain) * 1e3:.1f} ms plain, "
          f"{statistics.median(listened) * 1e3:.1f} ms with progress "
          f"({statistics.median(listened) / statistics.median(plain) - 1:+.2%}, noisy)")


if __name__ == "__main__":
    main()
