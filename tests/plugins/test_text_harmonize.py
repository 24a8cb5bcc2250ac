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
from agent.registry import default_registry
from agent.scene import SceneText
from agent.text.fonts import font_path
from agent.verify.ocr import available_engines
from plugins.text_render import render_texts

pytestmark = pytest.mark.skipif(font_path("sans-bold") is None, reason="fonts not installed")


@pytest.fixture(scope="module")
def tiny_inpaint_model(tmp_path_factory) -> str:
    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    return str(tiny_model_dir("inpaint", tmp_path_factory.mktemp("tiny-inpaint")))


@pytest.fixture(scope="module")
def tiny_img2img_model(tmp_path_factory) -> str:
    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    return str(tiny_model_dir("sd", tmp_path_factory.mktemp("tiny-sd")))


@pytest.fixture(autouse=True)
def _fresh_pool(monkeypatch):
    from agent.models import pool as models

    monkeypatch.setattr(models, "_default_pool", None)


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
    with pytest.raises(ModelUnavailableError, match="model folder .*no-such-model. does not exist"):
        run(ctx, image, mask, texts, str(tmp_path / "no-such-model"), verify=False)


@pytest.mark.parametrize("mode", ["img2img", "inpaint"])
def test_a_plain_base_changes_only_the_text_region(tmp_path, tiny_img2img_model, mode):
    """A text-to-image base (4-channel UNet): img2img, or inpainting through the pool's derived pipeline."""
    from agent.models import default_pool
    from plugins.text_harmonize import region_mask

    ctx, image, mask, texts = setup(tmp_path)
    out = run(ctx, image, mask, texts, tiny_img2img_model, mode=mode, verify=False, glyph_weight=0.0)
    before = np.asarray(ctx.load_image(image)).astype(int)
    after = np.asarray(ctx.load_image(out.image)).astype(int)
    region = np.asarray(region_mask(ctx.load_image(mask), 6)) > 0
    assert out.blended and np.array_equal(before[~region], after[~region])
    assert np.abs(before[region] - after[region]).mean() > 1.0
    assert default_pool().loads == 1
