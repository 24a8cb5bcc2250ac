"""``edit.instruct``: edit an image by instruction ("make the cup blue") with InstructPix2Pix.

InstructPix2Pix conditions on the input image's latents (an 8-channel UNet), so it needs its own
checkpoint; ``image_guidance_scale`` says how closely to stay to the input image (1.0-2.0 is typical).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register
from plugins.diffusion.common import (
    DiffusionInput,
    call_pipe,
    generators,
    get_pipeline,
    model_ids_of,
    resolve_profile,
    seed_of,
    steps_and_guidance,
)

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class InstructEdit(Plugin):
    """Apply a written instruction to an image."""

    id = "edit.instruct"
    version = "0.1.0"
    description = "Edit an image by instruction (InstructPix2Pix)."

    class Input(DiffusionInput):
        model: str = Field(default="instruct-pix2pix", min_length=1)
        image: ImageRef
        prompt: str = Field(min_length=1, description="the instruction, e.g. 'make the cup blue'")
        image_guidance_scale: float = Field(default=1.5, ge=1.0, le=10.0)

    class Output(PluginIO):
        image: ImageRef

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp, "instruct-pix2pix"))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        prof = resolve_profile(inp, "instruct-pix2pix")
        steps, guidance = steps_and_guidance(inp, prof)
        pipe = get_pipeline(ctx, prof, "instruct")
        image = ctx.load_image(inp.image).convert("RGB")

        def kwargs_for(batch: list[int]) -> dict:
            return {"prompt": inp.prompt, "image": image, "negative_prompt": inp.negative_prompt,
                    "num_inference_steps": steps, "guidance_scale": guidance,
                    "image_guidance_scale": inp.image_guidance_scale, "generator": generators(batch)}

        out = call_pipe(ctx, pipe, [seed_of(inp, ctx)], kwargs_for, inp.scheduler, steps)[0]
        if out.size != image.size:
            out = out.resize(image.size)
        return self.Output(image=ctx.save_image(out))
