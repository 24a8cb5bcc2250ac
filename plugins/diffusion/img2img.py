"""``edit.img2img``: redraw an image toward a prompt, keeping its composition (refine, harmonize).

``strength`` is how far back into noise the image goes: 0.3 keeps almost everything, 1.0 keeps nothing.
The pipeline runs ``int(num_inference_steps * strength)`` steps, so a turbo model wants 2 steps at 0.5;
a combination that would run zero steps is refused rather than silently returning the input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register
from plugins.diffusion.common import (
    DiffusionInput,
    accepts,
    call_pipe,
    check_strength_steps,
    generators,
    get_pipeline,
    img2img_schedule,
    model_ids_of,
    resolve_profile,
    sana_kwargs,
    seed_of,
)

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext
    from agent.models.profiles import Profile


def img2img(ctx: RunContext, prof: Profile, image: Image.Image, prompt: str, negative_prompt: str | None,
            strength: float, steps: int, guidance: float, seed: int, node: str = "strength",
            scheduler: str | None = None) -> Image.Image:
    """One img2img call through the pool (shared by ``edit.img2img`` and ``layout.sketch_guided``).

    Args:
        ctx: the node's run context (model pool, progress).
        prof: the model profile (checkpoint, LoRAs, scheduler config).
        image: the picture to redraw; the result has its size.
        prompt, negative_prompt: what to draw, and what not (the latter where the pipeline takes it).
        strength: how much to redraw, (0, 1]; ``int(steps * strength)`` steps run.
        steps: the schedule's length.
        guidance: classifier-free guidance scale.
        seed: the generator's seed.
        node: the field named when ``steps * strength`` runs no step.
        scheduler: a diffusers scheduler class swapped in for this call (None: the pipeline's).
    """
    check_strength_steps(steps, strength, node)
    pipe = get_pipeline(ctx, prof, "image2image")
    w, h = image.size

    def kwargs_for(batch: list[int]) -> dict:
        kwargs = dict(prompt=prompt, image=image.convert("RGB"), strength=strength, num_inference_steps=steps,
                      guidance_scale=guidance, generator=generators(batch), **sana_kwargs(pipe, steps))
        if type(pipe).__name__.startswith("SanaSprint"):
            kwargs.update(width=w, height=h)
        if negative_prompt and accepts(pipe, "negative_prompt"):
            kwargs["negative_prompt"] = negative_prompt
        return kwargs

    out = call_pipe(ctx, pipe, [seed], kwargs_for, scheduler, int(steps * strength))[0]
    return out if out.size == (w, h) else out.resize((w, h))


@register
class Img2Img(Plugin):
    """Redraw an image toward a prompt at a chosen strength."""

    id = "edit.img2img"
    version = "0.1.0"
    description = "Image-to-image: refine or harmonize an image toward a prompt."

    class Input(DiffusionInput):
        image: ImageRef
        prompt: str = Field(min_length=1)
        strength: float | None = Field(default=None, gt=0.0, le=1.0, description="None: the profile's default")

    class Output(PluginIO):
        image: ImageRef

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        prof = resolve_profile(inp)
        steps, guidance, strength = img2img_schedule(inp, prof, inp.strength)
        out = img2img(ctx, prof, ctx.load_image(inp.image), inp.prompt, inp.negative_prompt, strength, steps,
                      guidance, seed_of(inp, ctx), scheduler=inp.scheduler)
        return self.Output(image=ctx.save_image(out))
