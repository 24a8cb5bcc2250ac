"""``edit.inpaint``: redraw only a region (a mask, a box, or a Scene object's box) from a prompt.

Works with a dedicated inpainting checkpoint (9-channel UNet, the ``sd-inpaint`` profile) or with any
SD/SDXL base through ``from_pipe`` (``model="sd-turbo"`` shares the already loaded weights). The result is
composited so every pixel outside the mask is exactly the input's: a VAE round trip would otherwise
shift colours everywhere, and a repair must not touch what was already right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register
from agent.scene import Box, Scene, check_box
from plugins.diffusion.common import (
    DiffusionInput,
    call_pipe,
    generators,
    get_pipeline,
    model_ids_of,
    resolve_profile,
    schedule_length,
    seed_of,
    steps_and_guidance,
)

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext
    from agent.models.profiles import Profile


def box_mask(box: Box, size: tuple[int, int]) -> Image.Image:
    """A white rectangle (the region to redraw) on black, at least one pixel wide."""
    from PIL import Image, ImageDraw

    w, h = size
    x0, y0 = round(box[0] * w), round(box[1] * h)
    x1, y1 = max(round(box[2] * w), x0 + 1), max(round(box[3] * h), y0 + 1)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rectangle((x0, y0, x1 - 1, y1 - 1), fill=255)
    return mask


@register
class Inpaint(Plugin):
    """Redraw the masked region of an image; everything outside the mask stays byte-identical."""

    id = "edit.inpaint"
    version = "0.1.0"
    description = "Inpaint a mask, a box or a Scene object's box with a prompt."

    class Input(DiffusionInput):
        model: str = Field(default="sd-inpaint", min_length=1)
        image: ImageRef
        prompt: str = Field(min_length=1)
        mask: ImageRef | None = Field(default=None, description="white = redraw")
        box: Box | None = Field(default=None, description="[x0, y0, x1, y1] in 0..1")
        scene: Scene | None = None
        object_id: str | None = Field(default=None, description="redraw this Scene object's box")
        strength: float = Field(default=1.0, gt=0.0, le=1.0)

        @field_validator("box")
        @classmethod
        def _box(cls, v: Box | None) -> Box | None:
            return None if v is None else check_box(v)

        @model_validator(mode="after")
        def _one_region(self) -> Inpaint.Input:
            given = [n for n in ("mask", "box", "object_id") if getattr(self, n) is not None]
            if len(given) != 1:
                raise ValueError(f"give exactly one of mask, box or object_id (got {', '.join(given) or 'none'})")
            if self.object_id is not None:
                if self.scene is None:
                    raise ValueError("object_id needs the scene it belongs to")
                if not any(o.id == self.object_id for o in self.scene.objects):
                    raise ValueError(f"object_id '{self.object_id}' is not an object of the scene")
            return self

    class Output(PluginIO):
        image: ImageRef
        mask: ImageRef

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp, "sd-inpaint"))

    def region(self, inp: Input, ctx: RunContext, size: tuple[int, int]) -> Image.Image:
        if inp.mask is not None:
            mask = ctx.load_image(inp.mask).convert("L")
            return mask if mask.size == size else mask.resize(size)
        if inp.box is not None:
            return box_mask(inp.box, size)
        assert inp.scene is not None
        obj = next(o for o in inp.scene.objects if o.id == inp.object_id)
        return box_mask(obj.box, size)

    def run(self, inp: Input, ctx: RunContext) -> Output:
        prof = resolve_profile(inp, "sd-inpaint")
        steps, guidance = steps_and_guidance(inp, prof)
        if inp.num_inference_steps is None:
            steps = schedule_length(prof.steps, inp.strength)
        original = ctx.load_image(inp.image).convert("RGB")
        mask = self.region(inp, ctx, original.size)
        out = inpaint_image(ctx, prof, original, mask, inp.prompt, inp.negative_prompt, inp.strength, steps,
                            guidance, seed_of(inp, ctx), inp.scheduler)
        return self.Output(image=ctx.save_image(out), mask=ctx.save_mask(mask))


def inpaint_image(ctx: RunContext, prof: Profile, original: Image.Image, mask: Image.Image, prompt: str,
                  negative_prompt: str | None, strength: float, steps: int, guidance: float, seed: int,
                  scheduler: str | None = None) -> Image.Image:
    """Redraw ``mask`` (white) of ``original``; every pixel outside it is pasted back exactly.

    The pipeline runs at the size rounded down to a multiple of 8 (what the VAE needs) and the result is
    scaled back, so a photo of any size works.

    Args:
        ctx: the node's run context (model pool, progress).
        prof: the model profile (checkpoint, LoRAs, scheduler config).
        original: the picture to paint into.
        mask: white = redraw, the picture's size.
        prompt, negative_prompt: what to paint there, and what not.
        strength: how much of the masked part to redraw, (0, 1].
        steps: the schedule's length (at least one step runs).
        guidance: classifier-free guidance scale.
        seed: the generator's seed.
        scheduler: a diffusers scheduler class swapped in for this call (None: the pipeline's).
    """
    from PIL import Image

    if mask.getbbox() is None:
        raise ValueError("the mask is empty: nothing to inpaint")
    pipe = get_pipeline(ctx, prof, "inpaint")
    w, h = original.size
    w8, h8 = max(8, w // 8 * 8), max(8, h // 8 * 8)

    def kwargs_for(batch: list[int]) -> dict:
        return {"prompt": prompt, "image": original, "mask_image": mask, "negative_prompt": negative_prompt,
                "strength": strength, "num_inference_steps": steps, "guidance_scale": guidance, "width": w8,
                "height": h8, "generator": generators(batch)}

    painted = call_pipe(ctx, pipe, [seed], kwargs_for, scheduler, max(1, int(steps * strength)))[0]
    if painted.size != original.size:
        painted = painted.resize(original.size, Image.BICUBIC)
    return Image.composite(painted, original, mask)
