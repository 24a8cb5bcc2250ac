"""Random-weight Stable Diffusion folders for benchmarks, at three sizes.

``tiny``   the test components (tests/tiny_models.py): overhead-dominated, milliseconds per step.
``medium`` a scaled SD: UNet channels (128, 256, 512, 512), 6-layer text encoder of width 512 (~0.2 B params).
``real``   SD 2.1 / SD-Turbo's architecture: UNet (320, 640, 1280, 1280) with linear projections and
           1024-d cross-attention, the 23-layer 1024-wide OpenCLIP-H text encoder, the SD VAE
           (~1.3 B params). Weights are random: memory and speed are real, pictures are noise.

The folders are ordinary ``save_pretrained`` output (safetensors), loaded back through the pool.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ("tiny", "medium", "real")


def random_sd(size: str, seed: int = 0) -> Any:
    """A StableDiffusionPipeline of ``size`` with seeded random weights (float32, on CPU)."""
    import torch
    from diffusers import AutoencoderKL, EulerAncestralDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    from tests.tiny_models import tiny_pipeline, tiny_tokenizer

    if size == "tiny":
        return tiny_pipeline("sd", seed=seed)
    torch.manual_seed(seed)
    if size == "medium":
        unet_kw = {"block_out_channels": (128, 256, 512, 512), "attention_head_dim": 8, "cross_attention_dim": 512}
        text = {"hidden_size": 512, "intermediate_size": 2048, "num_attention_heads": 8, "num_hidden_layers": 6}
        vae_channels = [64, 128, 256, 256]
    elif size == "real":
        unet_kw = {"block_out_channels": (320, 640, 1280, 1280), "attention_head_dim": (5, 10, 20, 20),
                       "cross_attention_dim": 1024, "use_linear_projection": True}
        text = {"hidden_size": 1024, "intermediate_size": 4096, "num_attention_heads": 16, "num_hidden_layers": 23,
                    "projection_dim": 512, "hidden_act": "gelu"}
        vae_channels = [128, 256, 512, 512]
    else:
        raise ValueError(f"size must be one of {SIZES}")
    unet = UNet2DConditionModel(sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
                                down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
                                up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3, **unet_kw)
    vae = AutoencoderKL(block_out_channels=vae_channels, layers_per_block=2, latent_channels=4,
                        down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4)
    encoder = CLIPTextModel(CLIPTextConfig(vocab_size=49408, max_position_embeddings=77, bos_token_id=0,
                                           eos_token_id=1, pad_token_id=1, **text))
    sched = EulerAncestralDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                            timestep_spacing="trailing", steps_offset=1)
    return StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=encoder, tokenizer=tiny_tokenizer(),
                                   scheduler=sched,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)


def random_sd_dir(size: str, root: Path | str, dtype: str = "float32") -> Path:
    """Save (once) a random SD of ``size`` under ``root/sd-<size>-<dtype>`` and return the folder."""
    import torch

    folder = Path(root) / f"sd-{size}-{dtype}"
    if not (folder / "model_index.json").exists():
        pipe = random_sd(size)
        pipe.to(getattr(torch, dtype))
        pipe.save_pretrained(folder, safe_serialization=True)
    return folder


def params(pipe: Any) -> int:
    return sum(p.numel() for c in pipe.components.values() if hasattr(c, "parameters") for p in c.parameters())


def speed_bench_args(description: str, repeats: int, **extra: Any) -> Any:
    """The options shared by the speed benches (model size, resolution, steps, threads, device, dtype)."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--size", choices=["tiny", "medium", "real"], default="tiny")
    ap.add_argument("--res", type=int, default=64)
    ap.add_argument("--steps", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=repeats)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default=None)
    ap.add_argument("--dtype", default="float32", help="weights and compute dtype (bfloat16 halves memory)")
    for flag, default in extra.items():
        ap.add_argument(f"--{flag}", type=type(default), default=default)
    return ap.parse_args()


def warm_pool(args: Any) -> tuple[str, Any]:
    """A random-weight model folder of ``args.size`` and an offline pool to load it (torch threads set)."""
    import tempfile

    import torch

    from agent.models import ModelPool

    torch.set_num_threads(args.threads)
    folder = str(random_sd_dir(args.size, Path(tempfile.gettempdir()) / "scenecraft-bench", args.dtype))
    return folder, ModelPool(offline=True, device=args.device, dtype=args.dtype)


def time_pair(batched: Callable[[int], Any], single: Callable[[int], Any], repeats: int,
              stride: int = 0) -> tuple[float, float]:
    """Median wall seconds of ``batched(base)`` and ``single(base)`` over ``repeats`` alternating rounds, after
    one warm-up of each (load, first-call costs). ``base`` grows by ``stride`` a round, so a content-addressed
    store never gets the same images twice (0: every round passes 0)."""
    batched(0)
    single(0)
    t_batch, t_single = [], []
    for r in range(1, repeats + 1):
        for fn, times in ((batched, t_batch), (single, t_single)):
            t0 = time.perf_counter()
            fn(r * stride)
            times.append(time.perf_counter() - t0)
    return statistics.median(t_batch), statistics.median(t_single)
