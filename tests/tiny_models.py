"""Tiny random-weight diffusers pipelines, built in-process and saved as ordinary model folders.

Why: there is no model hub here, yet every diffusion plugin must be tested through the same
``from_pretrained(folder)`` code a user's real weights take. These builders follow diffusers' own
``get_dummy_components()``: a UNet with ``block_out_channels=(32, 64)`` and ``norm_num_groups=2``, a
5-layer CLIP text encoder of width 32, a 2-block VAE (so latents are image/2) and a CLIP tokenizer made
from an in-memory byte-level vocab (no files). One step at 64x64 takes well under 0.1 s on one thread.

In a test, take the session fixture ``tiny_models`` (``tiny_models["sd"]`` -> a folder path, built
once per run). Elsewhere (text/OCR, Ray, ...)::

    from tests.tiny_models import tiny_model_dir
    folder = tiny_model_dir("sd", tmp_path_factory.mktemp("m"))   # -> Path to a saved pipeline
    # then: --model folder, SCENECRAFT_MODEL_SD_TURBO=folder, or ModelPool().pipeline(str(folder))

Kinds: ``sd`` (StableDiffusionPipeline, trailing Euler-ancestral like SD-Turbo), ``sdxl`` (two text
encoders), ``gligen`` (``attention_type="gated"``), ``pix2pix`` (``in_channels=8``), ``inpaint``
(``in_channels=9``), ``sana`` (SanaSprintPipeline: a 1-layer SANA transformer, a 2-block DC-AE, SCM
scheduler, a 1-layer Gemma-2 encoder and a byte-level Gemma tokenizer). Weights are seeded, so a folder
built twice holds identical tensors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

Kind = Literal["sd", "sdxl", "gligen", "pix2pix", "inpaint", "sana"]
KINDS: tuple[str, ...] = ("sd", "sdxl", "gligen", "pix2pix", "inpaint", "sana")
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


def tiny_gemma_tokenizer() -> Any:
    """A Gemma tokenizer over single bytes (byte-level BPE without merges): 260 tokens, built from no files."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GemmaTokenizer

    vocab = {"<pad>": 0, "<eos>": 1, "<bos>": 2, "<unk>": 3}
    for ch in _byte_chars():
        vocab[ch] = len(vocab)
    backend = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    return GemmaTokenizer(tokenizer_object=backend, bos_token="<bos>", eos_token="<eos>", pad_token="<pad>",
                          unk_token="<unk>")


def tiny_sana_pipeline() -> Any:
    """SANA-Sprint at diffusers' test sizes (``get_dummy_components``), with a tokenizer that reads any text."""
    from diffusers import AutoencoderDC, SanaSprintPipeline, SanaTransformer2DModel, SCMScheduler
    from transformers import Gemma2Config, Gemma2Model

    tokenizer = tiny_gemma_tokenizer()
    transformer = SanaTransformer2DModel(patch_size=1, in_channels=4, out_channels=4, num_layers=1,
                                         num_attention_heads=2,
                                         attention_head_dim=4, num_cross_attention_heads=2, cross_attention_head_dim=4,
                                         cross_attention_dim=8, caption_channels=8, sample_size=32,
                                         qk_norm="rms_norm_across_heads", guidance_embeds=True)
    blocks = ("ResBlock", "EfficientViTBlock")
    vae = AutoencoderDC(in_channels=3, latent_channels=4, attention_head_dim=2, encoder_block_types=blocks,
                        decoder_block_types=blocks, encoder_block_out_channels=(8, 8),
                        decoder_block_out_channels=(8, 8),
                        encoder_qkv_multiscales=((), (5,)), decoder_qkv_multiscales=((), (5,)),
                        encoder_layers_per_block=(1, 1), decoder_layers_per_block=(1, 1), downsample_block_type="conv",
                        upsample_block_type="interpolate", decoder_norm_types="rms_norm", decoder_act_fns="silu",
                        scaling_factor=0.41407)
    encoder = Gemma2Model(Gemma2Config(head_dim=16, hidden_size=8, intermediate_size=64, num_attention_heads=2,
                                       num_hidden_layers=1, num_key_value_heads=2, vocab_size=len(tokenizer),
                                       max_position_embeddings=8192, attn_implementation="eager"))
    return SanaSprintPipeline(tokenizer=tokenizer, text_encoder=encoder, vae=vae, transformer=transformer,
                              scheduler=SCMScheduler())


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
    if kind == "sana":
        return tiny_sana_pipeline()
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


class TinyModels:
    """Tiny model folders by kind (``KINDS``, plus ``lora``: a LoRA for the ``sd`` UNet), each built on first
    use under one root and reused after: the session fixture ``tiny_models`` (tests/conftest.py) hands one
    to every test file, so a kind is built once per run rather than once per module."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def __getitem__(self, kind: str) -> str:
        if kind == "lora":
            return str(tiny_lora_dir(self["sd"], self.root))
        if kind not in KINDS:
            raise KeyError(f"no tiny model kind '{kind}' (choose from: {', '.join(KINDS)}, lora)")
        return str(tiny_model_dir(kind, self.root))  # type: ignore[arg-type]
