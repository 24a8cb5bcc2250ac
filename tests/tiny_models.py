"""Tiny random-weight diffusers pipelines, built in-process and saved as ordinary model folders.

Why: there is no model hub here, yet every diffusion plugin must be tested through the same
``from_pretrained(folder)`` code a user's real weights take. These builders follow diffusers' own
``get_dummy_components()``: a UNet with ``block_out_channels=(32, 64)`` and ``norm_num_groups=2``, a
5-layer CLIP text encoder of width 32, a 2-block VAE (so latents are image/2) and a CLIP tokenizer made
from an in-memory byte-level vocab (no files). One step at 64x64 takes well under 0.1 s on one thread.

Use from other tests (text/OCR, Ray, ...)::

    from tests.tiny_models import tiny_model_dir
    folder = tiny_model_dir("sd", tmp_path_factory.mktemp("m"))   # -> Path to a saved pipeline
    # then: --model folder, SCENECRAFT_MODEL_SD_TURBO=folder, or ModelPool().pipeline(str(folder))

Kinds: ``sd`` (StableDiffusionPipeline, trailing Euler-ancestral like SD-Turbo), ``sdxl`` (two text
encoders), ``gligen`` (``attention_type="gated"``), ``pix2pix`` (``in_channels=8``), ``inpaint``
(``in_channels=9``). Weights are seeded, so a folder built twice holds identical tensors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

Kind = Literal["sd", "sdxl", "gligen", "pix2pix", "inpaint"]
KINDS: tuple[str, ...] = ("sd", "sdxl", "gligen", "pix2pix", "inpaint")
TEXT_WIDTH = 32


def _byte_chars() -> list[str]:
    """GPT-2/CLIP's reversible byte -> printable character table (the alphabet of byte-level BPE)."""
    bs = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def tiny_tokenizer() -> Any:
    """A CLIP tokenizer over single bytes (each byte alone and as a word end): ~514 tokens, no merges."""
    from transformers import CLIPTokenizer

    chars = _byte_chars()
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for ch in chars:
        vocab[ch] = len(vocab)
    for ch in chars:
        vocab[ch + "</w>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77)


def _text_config(**extra: Any) -> Any:
    from transformers import CLIPTextConfig

    return CLIPTextConfig(bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=TEXT_WIDTH, intermediate_size=37,
                          layer_norm_eps=1e-05, num_attention_heads=4, num_hidden_layers=5, vocab_size=1000, **extra)


def _vae() -> Any:
    from diffusers import AutoencoderKL

    return AutoencoderKL(block_out_channels=[32, 64], in_channels=3, out_channels=3, latent_channels=4,
                         norm_num_groups=2,
                         down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2)


def _scheduler() -> Any:
    from diffusers import EulerAncestralDiscreteScheduler

    # SD-Turbo's scheduler: one step must start at t=999, which needs trailing spacing.
    return EulerAncestralDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                           timestep_spacing="trailing", steps_offset=1)


def _unet(in_channels: int = 4, **extra: Any) -> Any:
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=2, sample_size=32,
                                in_channels=in_channels,
                                out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), norm_num_groups=2, **extra)


def tiny_pipeline(kind: Kind = "sd", seed: int = 0) -> Any:
    """Build a tiny pipeline of ``kind`` in memory (seeded random weights)."""
    import torch
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(seed)
    common = {"vae": _vae(), "tokenizer": tiny_tokenizer(), "scheduler": _scheduler()}
    if kind == "sdxl":
        from diffusers import StableDiffusionXLPipeline

        unet = _unet(attention_head_dim=(2, 4), use_linear_projection=True, addition_embed_type="text_time",
                     addition_time_embed_dim=8, transformer_layers_per_block=(1, 2),
                     projection_class_embeddings_input_dim=6 * 8 + TEXT_WIDTH, cross_attention_dim=2 * TEXT_WIDTH)
        return StableDiffusionXLPipeline(unet=unet, text_encoder=CLIPTextModel(_text_config(projection_dim=TEXT_WIDTH)),
                                         text_encoder_2=CLIPTextModelWithProjection(
                                             _text_config(projection_dim=TEXT_WIDTH)),
                                         tokenizer_2=tiny_tokenizer(), **common)
    sd_extra = {"text_encoder": CLIPTextModel(_text_config()), "safety_checker": None, "feature_extractor": None,
                    "requires_safety_checker": False}
    if kind == "sd":
        from diffusers import StableDiffusionPipeline

        return StableDiffusionPipeline(unet=_unet(cross_attention_dim=TEXT_WIDTH), **common, **sd_extra)
    if kind == "gligen":
        from diffusers import StableDiffusionGLIGENPipeline

        unet = _unet(cross_attention_dim=TEXT_WIDTH, attention_type="gated")
        with torch.no_grad():  # GLIGEN's gates start closed (tanh(0) = 0); open them as training would
            for name, param in unet.named_parameters():
                if name.endswith(("alpha_attn", "alpha_dense")):
                    param.fill_(1.0)
        return StableDiffusionGLIGENPipeline(unet=unet, **common, **sd_extra)
    if kind == "pix2pix":
        from diffusers import StableDiffusionInstructPix2PixPipeline

        return StableDiffusionInstructPix2PixPipeline(unet=_unet(8, cross_attention_dim=TEXT_WIDTH), **common,
                                                      **sd_extra)
    if kind == "inpaint":
        from diffusers import StableDiffusionInpaintPipeline

        return StableDiffusionInpaintPipeline(unet=_unet(9, cross_attention_dim=TEXT_WIDTH), **common, **sd_extra)
    raise ValueError(f"unknown tiny model kind {kind!r} (choose from {', '.join(KINDS)})")


def tiny_model_dir(kind: Kind, root: Path | str, seed: int = 0) -> Path:
    """Save a tiny ``kind`` pipeline (safetensors) under ``root/tiny-<kind>`` and return the folder.

    Reuses the folder when it already holds a model_index.json, so a session fixture builds each once.
    """
    folder = Path(root) / f"tiny-{kind}"
    if not (folder / "model_index.json").exists():
        tiny_pipeline(kind, seed=seed).save_pretrained(folder, safe_serialization=True)
    return folder


def tiny_lora_dir(model_folder: Path | str, root: Path | str, seed: int = 0) -> Path:
    """A random (non-zero) LoRA for the tiny ``sd`` UNet, saved as ``pytorch_lora_weights.safetensors``.

    peft starts LoRA B matrices at zero (no effect); ``init_lora_weights=False`` makes it change outputs.
    """
    import torch
    from diffusers import StableDiffusionPipeline
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    folder = Path(root) / "tiny-lora"
    if (folder / "pytorch_lora_weights.safetensors").exists():
        return folder
    torch.manual_seed(seed)
    pipe = StableDiffusionPipeline.from_pretrained(str(model_folder), use_safetensors=True, local_files_only=True)
    pipe.unet.add_adapter(LoraConfig(r=4, lora_alpha=4, init_lora_weights=False,
                                     target_modules=["to_q", "to_k", "to_v", "to_out.0"]))
    StableDiffusionPipeline.save_lora_weights(folder, unet_lora_layers=get_peft_model_state_dict(pipe.unet),
                                              safe_serialization=True)
    return folder


if __name__ == "__main__":  # python -m tests.tiny_models DIR [KIND ...]: make folders for --model by hand
    import sys

    if len(sys.argv) < 2:
        sys.exit(f"usage: python -m tests.tiny_models DIR [{' '.join(KINDS)}]")
    for k in sys.argv[2:] or KINDS:
        print(tiny_model_dir(k, sys.argv[1]))  # type: ignore[arg-type]
