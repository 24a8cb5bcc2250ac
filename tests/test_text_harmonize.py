"""text.harmonize with a tiny random-weight inpainting pipeline built in-process and loaded by path.

Random weights make the blend noise, which is exactly what the OCR fallback must catch.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from agent.artifacts import ArtifactStore
from agent.context import RunContext
from agent.fonts import font_path
from agent.ocr import available_engines
from agent.registry import default_registry
from agent.scene import SceneText
from plugins.text_render import render_texts

pytestmark = pytest.mark.skipif(font_path("sans-bold") is None, reason="fonts not installed")


def byte_chars() -> list[str]:
    """GPT-2/CLIP's printable stand-in for each of the 256 bytes."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    extra = [b for b in range(256) if b not in keep]
    return [chr(b) for b in keep] + [chr(256 + i) for i in range(len(extra))]


def tiny_vocab() -> dict[str, int]:
    chars = byte_chars()
    tokens = ["<|startoftext|>", "<|endoftext|>", *chars, *[c + "</w>" for c in chars]]
    return {t: i for i, t in enumerate(tokens)}


def build_tiny(folder, in_channels: int) -> str:
    """UNet (32, 64) with ``in_channels`` (9 = inpainting, 4 = img2img), 2-block VAE, 5-layer CLIP of width 32."""
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionImg2ImgPipeline,
        StableDiffusionInpaintPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    unet = UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=1, sample_size=32,
                                in_channels=in_channels, out_channels=4,
                                down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
                                norm_num_groups=2, attention_head_dim=(2, 4))
    vae = AutoencoderKL(block_out_channels=(32, 64), in_channels=3, out_channels=3, latent_channels=4,
                        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), norm_num_groups=2, sample_size=64)
    vocab = tiny_vocab()
    text_encoder = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=32,
                                                intermediate_size=37, num_attention_heads=4, num_hidden_layers=5,
                                                vocab_size=len(vocab), max_position_embeddings=77))
    tokenizer = CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77)
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False,
                              set_alpha_to_one=False, steps_offset=1)
    cls = StableDiffusionInpaintPipeline if in_channels == 9 else StableDiffusionImg2ImgPipeline
    pipe = cls(unet=unet, vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, scheduler=scheduler,
               safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(folder)
    return str(folder)


@pytest.fixture(scope="module")
def tiny_inpaint_model(tmp_path_factory) -> str:
    return build_tiny(tmp_path_factory.mktemp("tiny-inpaint"), in_channels=9)


@pytest.fixture(scope="module")
def tiny_img2img_model(tmp_path_factory) -> str:
    return build_tiny(tmp_path_factory.mktemp("tiny-img2img"), in_channels=4)


TEXT = SceneText(id="sign", content="OPEN", box=(0.1, 0.15, 0.9, 0.85))


def setup(tmp_path):
    torch.set_num_threads(1)
    ctx = RunContext(store=ArtifactStore(tmp_path), seed=3)
    img, mask, placed, _ = render_texts(Image.new("RGB", (192, 96), (235, 225, 200)), [TEXT], effect="none")
    return ctx, ctx.save_image(img), ctx.save_mask(mask), placed


def run(ctx, image, mask, texts, model, **kw):
    plugin = default_registry().get("text.harmonize")
    params = dict(image=image, mask=mask, texts=texts, model=model, num_inference_steps=2, strength=0.5, **kw)
    return plugin.run(plugin.Input(**params), ctx)


def test_blend_changes_only_the_text_region(tmp_path, tiny_inpaint_model):
    from plugins.text_harmonize import region_mask

    ctx, image, mask, texts = setup(tmp_path)
    out = run(ctx, image, mask, texts, tiny_inpaint_model, verify=False, glyph_weight=0.0)
    assert out.blended and out.image != image
    before = np.asarray(ctx.load_image(image)).astype(int)
    after = np.asarray(ctx.load_image(out.image)).astype(int)
    region = np.asarray(region_mask(ctx.load_image(mask), 6)) > 0
    assert region.any() and (~region).any()
    assert np.array_equal(before[~region], after[~region])  # bit-exact outside the text region
    assert np.abs(before[region] - after[region]).mean() > 1.0  # and really re-noised inside it


@pytest.mark.skipif(not available_engines(), reason="no OCR engine (pip install rapidocr-onnxruntime)")
def test_a_blend_that_damages_the_text_keeps_the_overlay(tmp_path, tiny_inpaint_model):
    ctx, image, mask, texts = setup(tmp_path)
    out = run(ctx, image, mask, texts, tiny_inpaint_model, glyph_weight=0.0)  # random UNet: pure noise in glyphs
    assert not out.blended and out.image == image
    assert [f.problem for f in out.findings if f.check == "ocr"] == ["ok"]
    assert any(f.check == "text.harmonize" and "kept the plain overlay" in f.message for f in out.findings)


@pytest.mark.skipif(not available_engines(), reason="no OCR engine (pip install rapidocr-onnxruntime)")
def test_a_blend_that_keeps_the_glyphs_is_accepted(tmp_path, tiny_inpaint_model):
    ctx, image, mask, texts = setup(tmp_path)
    out = run(ctx, image, mask, texts, tiny_inpaint_model, glyph_weight=1.0, dilate=2)
    assert out.blended and out.image != image
    assert [f.problem for f in out.findings] == ["ok"]


def test_missing_model_is_a_clear_error(tmp_path):
    from agent.errors import ModelUnavailableError

    ctx, image, mask, texts = setup(tmp_path)
    with pytest.raises(ModelUnavailableError, match="cannot load"):
        run(ctx, image, mask, texts, str(tmp_path / "no-such-model"), verify=False)


def test_img2img_mode_also_changes_only_the_text_region(tmp_path, tiny_img2img_model):
    from plugins.text_harmonize import region_mask

    ctx, image, mask, texts = setup(tmp_path)
    out = run(ctx, image, mask, texts, tiny_img2img_model, mode="img2img", verify=False, glyph_weight=0.0)
    before = np.asarray(ctx.load_image(image)).astype(int)
    after = np.asarray(ctx.load_image(out.image)).astype(int)
    region = np.asarray(region_mask(ctx.load_image(mask), 6)) > 0
    assert out.blended and np.array_equal(before[~region], after[~region])
    assert np.abs(before[region] - after[region]).mean() > 1.0


def test_inpaint_mode_refuses_a_non_inpainting_model(tmp_path, tiny_img2img_model):
    from agent.errors import ModelUnavailableError

    ctx, image, mask, texts = setup(tmp_path)
    with pytest.raises(ModelUnavailableError, match="not an inpainting model"):
        run(ctx, image, mask, texts, tiny_img2img_model, mode="inpaint", verify=False)
