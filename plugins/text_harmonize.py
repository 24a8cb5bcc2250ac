"""``text.harmonize``: lets rendered glyphs sit in a diffusion image without losing them.

A plain overlay is exact but looks pasted on. This step re-noises only the text region (the glyph
mask from ``text.render``, dilated) with a diffusers inpainting pipeline at low strength, so lighting
and texture flow into the lettering; inside the glyphs the original pixels are mixed back in
(``glyph_weight``) so the letter shapes guide the result. Everything outside the region is copied
back bit-exactly. Then OCR reads the texts on both images: if the blend reads worse than the
overlay, the overlay is kept and a finding says why. The image never gets less legible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from agent.artifacts import ImageRef
from agent.errors import ValidationError
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import SceneText
from agent.verify.ocr import EngineName, get_engine

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext


def load_pipeline(ctx: RunContext, model: str, mode: Literal["inpaint", "img2img"]) -> Any:
    """The inpainting or img2img pipeline for ``model`` from the shared model pool.

    The pool loads a base once and derives the other tasks from it (``from_pipe``), so blending the
    text of an SD-Turbo image costs no second load; a 4-channel base inpaints by latent blending.
    """
    return ctx.models.pipeline(model, "inpaint" if mode == "inpaint" else "image2image")


def region_mask(glyphs: Image.Image, dilate: int) -> Image.Image:
    """The glyph mask grown by ``dilate`` px: the only pixels the blend may change."""
    from PIL import ImageFilter

    m = glyphs.convert("L").point(lambda v: 255 if v > 0 else 0)
    if dilate > 0:
        m = m.filter(ImageFilter.MaxFilter(2 * dilate + 1))
    return m


def composite(original: Image.Image, blended: Image.Image, region: Image.Image, glyphs: Image.Image,
              glyph_weight: float) -> Image.Image:
    """Blend inside ``region`` only; inside the glyphs keep ``glyph_weight`` of the original pixels."""
    import numpy as np

    o = np.asarray(original.convert("RGB"), dtype=np.float32)
    b = np.asarray(blended.convert("RGB").resize(original.size), dtype=np.float32)
    r = np.asarray(region, dtype=np.float32)[..., None] / 255.0
    g = np.asarray(glyphs.convert("L"), dtype=np.float32)[..., None] / 255.0
    inside = b * (1.0 - glyph_weight * g) + o * (glyph_weight * g)
    out = np.where(r > 0, o * (1.0 - r) + inside * r, o)
    from PIL import Image as PILImage

    return PILImage.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8), "RGB")


def run_blend(pipe: Any, image: Image.Image, region: Image.Image, prompt: str, negative_prompt: str,
              strength: float, steps: int, guidance_scale: float, seed: int, mode: str) -> Image.Image:
    """One low-strength denoise of the image (region-masked for inpainting), at a size the VAE accepts."""
    import torch

    w, h = image.size
    w8, h8 = max(8, w - w % 8), max(8, h - h % 8)
    generator = torch.Generator("cpu").manual_seed(seed)
    kwargs: dict[str, Any] = {"prompt": prompt, "negative_prompt": negative_prompt or None,
                              "image": image.resize((w8, h8)), "strength": strength, "num_inference_steps": steps,
                              "guidance_scale": guidance_scale, "generator": generator}
    if mode == "inpaint":
        kwargs.update(mask_image=region.resize((w8, h8)), width=w8, height=h8)
    return pipe(**kwargs).images[0].resize((w, h))


@register
class TextHarmonize(Plugin):
    """Lightly re-noise the text region so glyphs match the scene; keep the overlay if OCR suffers."""

    id = "text.harmonize"
    version = "0.1.0"
    description = "Low-strength inpaint of the text region, OCR-checked, falling back to the plain overlay."

    class Input(PluginIO):
        image: ImageRef  # the image with texts drawn by text.render
        mask: ImageRef  # text.render's glyph mask
        texts: list[SceneText]  # as placed by text.render (what OCR checks)
        model: str = Field(min_length=1, description="diffusers model id or local folder")
        mode: Literal["inpaint", "img2img"] = "inpaint"
        prompt: str = ""
        negative_prompt: str = "blurry text, distorted letters"
        strength: float = Field(default=0.3, gt=0.0, le=0.6, description="low: glyphs must survive")
        num_inference_steps: int = Field(default=20, ge=1, le=200)
        guidance_scale: float = Field(default=5.0, ge=0.0, le=30.0)
        dilate: int = Field(default=6, ge=0, le=64, description="px around glyphs the blend may touch")
        glyph_weight: float = Field(default=0.5, ge=0.0, le=1.0, description="share of original glyph pixels kept")
        verify: bool = Field(default=True, description="OCR both images and keep the overlay if the blend reads worse")
        ocr_engine: EngineName = "auto"

    class Output(PluginIO):
        image: ImageRef
        blended: bool  # False when the overlay was kept
        findings: list[Finding]

    def model_ids(self, inp: Input) -> list[str]:
        return [inp.model]

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from plugins.verify_ocr import verify_texts

        engine = get_engine(inp.ocr_engine) if inp.verify else None  # fail before loading a model
        overlay = ctx.load_image(inp.image).convert("RGB")
        glyphs = ctx.load_image(inp.mask).convert("L")
        if glyphs.size != overlay.size:
            raise ValidationError(f"mask size {glyphs.size} differs from image size {overlay.size}",
                                  where="text.harmonize")
        region = region_mask(glyphs, inp.dilate)
        if region.getbbox() is None or not inp.texts:
            return self.Output(image=inp.image, blended=False, findings=[])
        pipe = load_pipeline(ctx, inp.model, inp.mode)
        raw = run_blend(pipe, overlay, region, inp.prompt, inp.negative_prompt, inp.strength,
                        inp.num_inference_steps, inp.guidance_scale, ctx.seed, inp.mode)
        blended = composite(overlay, raw, region, glyphs, inp.glyph_weight)
        if engine is None:
            return self.Output(image=ctx.save_image(blended), blended=True, findings=[])
        before = verify_texts(overlay, inp.texts, engine)
        after = verify_texts(blended, inp.texts, engine)
        damaged = [a.target for b, a in zip(before, after) if b.ok and not a.ok]
        if damaged or sum(f.ok for f in after) < sum(f.ok for f in before):
            note = Finding(check="text.harmonize", target=None, problem="other", confidence=1.0,
                           message=f"blend made {', '.join(t or '?' for t in damaged) or 'the text'} unreadable; "
                                   "kept the plain overlay")
            return self.Output(image=inp.image, blended=False, findings=[*before, note])
        return self.Output(image=ctx.save_image(blended), blended=True, findings=after)
