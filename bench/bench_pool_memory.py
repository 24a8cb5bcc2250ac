"""Peak memory: text-to-image + img2img + inpainting on one base through the pool vs three separate loads.

Each scenario runs in its own fresh process (so peaks do not mix) on the same random-weight SD folder:
  single     one pipeline loaded, one text-to-image call
  pool       ModelPool: text2image, image2image and inpaint (``from_pipe``), one call each
  separate   three ``from_pretrained`` loads held at once (what a plugin-owns-its-model design does)
Memory is the process's peak RSS above its RSS after importing torch/diffusers (CPU), or
``torch.cuda.max_memory_allocated`` (GPU). Target: pool <= 1.15 x single.

    python bench/bench_pool_memory.py --size medium            # CPU, ~0.2 B params
    python bench/bench_pool_memory.py --size real --device cuda  # SD-Turbo's real architecture
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scenario(name: str, folder: str, device: str, dtype: str) -> dict:
    """Run one scenario in this process and return its peak memory in bytes."""
    import resource

    import diffusers
    import psutil
    import torch

    from agent.models import ModelPool

    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
    base_rss = psutil.Process().memory_info().rss
    tdtype = getattr(torch, dtype)
    from PIL import Image

    image = Image.new("RGB", (64, 64), (120, 90, 60))
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (16, 16, 48, 48))
    kw = {"prompt": "a red apple", "num_inference_steps": 2, "guidance_scale": 0.0, "width": 64, "height": 64}

    def call(pipe, task):
        g = torch.Generator("cpu").manual_seed(0)
        if task == "text2image":
            pipe(**kw, generator=g)
        elif task == "image2image":
            pipe(prompt=kw["prompt"], image=image, strength=0.5, num_inference_steps=2, guidance_scale=0.0, generator=g)
        else:
            pipe(**kw, image=image, mask_image=mask, generator=g)

    tasks = ["text2image", "image2image", "inpaint"]
    if name == "single":
        tasks = tasks[:1]
    if name in ("single", "pool"):
        pool = ModelPool(device=device, dtype=dtype, offline=True)
        pipes = [pool.pipeline(folder, t) for t in tasks]
    else:
        classes = [diffusers.StableDiffusionPipeline, diffusers.StableDiffusionImg2ImgPipeline,
                   diffusers.StableDiffusionInpaintPipeline]
        pipes = [c.from_pretrained(folder, dtype=tdtype, use_safetensors=True, local_files_only=True).to(device)
                 for c in classes]
    for p, t in zip(pipes, tasks, strict=True):
        p.set_progress_bar_config(disable=True)
        call(p, t)
    if device == "cuda":
        torch.cuda.synchronize()
        return {"peak": torch.cuda.max_memory_allocated()}
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    return {"peak": peak_rss - base_rss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=["tiny", "medium", "real"], default="medium")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default=None, help="default: float16 on cuda, float32 on cpu")
    ap.add_argument("--root", default=None, help="where the random model folder is kept")
    ap.add_argument("--scenario", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--folder", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    dtype = args.dtype or ("float16" if args.device == "cuda" else "float32")
    if args.scenario:
        print(json.dumps(scenario(args.scenario, args.folder, args.device, dtype)))
        return
    sys.path.insert(0, str(HERE))
    from sd_random import random_sd_dir

    root = Path(args.root or Path(tempfile.gettempdir()) / "scenecraft-bench")
    folder = random_sd_dir(args.size, root, dtype)
    weights = sum(f.stat().st_size for f in folder.rglob("*.safetensors"))
    path = os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")]))  # keep extra site dirs
    env = os.environ | {"PYTHONPATH": path, "HF_HUB_OFFLINE": "1"}
    peaks = {}
    for name in ("single", "pool", "separate"):
        out = subprocess.run([sys.executable, __file__, "--scenario", name, "--folder", str(folder), "--device",
                              args.device, "--dtype", dtype], check=True, capture_output=True, text=True, env=env)
        peaks[name] = json.loads(out.stdout.strip().splitlines()[-1])["peak"]
    gib = 2**30
    print(f"model: random SD '{args.size}', {weights / gib:.2f} GiB of {dtype} weights, device {args.device}")
    for name, peak in peaks.items():
        print(f"  {name:<9} peak {peak / gib:6.2f} GiB   {peak / peaks['single']:.2f} x single")
    ratio = peaks["pool"] / peaks["single"]
    print(f"pool (t2i + img2img + inpaint) / single pipeline = {ratio:.3f}  (target <= 1.15: "
          f"{'met' if ratio <= 1.15 else 'NOT met'});  separate / single = {peaks['separate'] / peaks['single']:.2f}")


if __name__ == "__main__":
    main()
