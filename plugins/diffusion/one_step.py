"""``generate.one_step``: text-to-image with a few-step model, many prompts in one batched call.

Turbo models (SD-Turbo, SDXL-Turbo) were distilled for guidance 0 and a schedule that starts at the last
training timestep (trailing spacing), and SANA-Sprint for its own 1-2 step schedule; the profile supplies
those defaults, so ``num_inference_steps=1`` means one real denoising step from pure noise. Batching the
prompts into one call shares the text encoder, UNet and VAE passes: on CPU it is several times faster
than a loop (bench/bench_batch.py).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register
from plugins.diffusion.common import (
    SizedInput,
    accepts,
    call_pipe,
    generators,
    get_pipeline,
    model_ids_of,
    resolve_profile,
    sana_kwargs,
    seed_of,
    steps_and_guidance,
)

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class OneStepGenerate(Plugin):
    """Text-to-image for one prompt or a batch, with the profile's few-step settings."""

    id = "generate.one_step"
    version = "0.1.0"
    description = "Text-to-image with a 1-4 step model (SD-Turbo, SDXL-Turbo, SANA-Sprint); batches prompts."

    class Input(SizedInput):
        prompt: str | list[str] = Field(description="one prompt, or a list generated in one batched call")

        @field_validator("prompt")
        @classmethod
        def _non_empty(cls, v: str | list[str]) -> str | list[str]:
            if isinstance(v, list) and not v:
                raise ValueError("needs at least one prompt")
            return v

    class Output(PluginIO):
        image: ImageRef  # the first image (what single-image graphs link to)
        images: list[ImageRef]

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        prompts = [inp.prompt] if isinstance(inp.prompt, str) else list(inp.prompt)
        seed = seed_of(inp, ctx)
        # Image i uses seed + i, so it is the same image whether generated alone, in a batch or on a retry.
        refs = [ctx.save_image(im) for im in self._generate(inp, ctx, [(seed + i, p) for i, p in enumerate(prompts)])]
        return self.Output(image=refs[0], images=refs)

    def batch_key(self, inp: Input) -> Hashable | None:
        """Single-prompt inputs that differ only in prompt and seed share one call (a list is a batch already)."""
        if not isinstance(inp.prompt, str):
            return None
        prof = resolve_profile(inp)
        steps, guidance = steps_and_guidance(inp, prof)
        return (prof, steps, guidance, inp.width or prof.width, inp.height or prof.height, inp.negative_prompt,
                inp.scheduler)

    def run_batch(self, inps: list[Input], ctxs: list[RunContext]) -> list[Output]:
        """One pipeline call for many nodes; each image keeps its own node's seed (its own generator).

        On CPU a batched image can differ from the same image made alone by float rounding (measured: at
        most 1/255 in a few pixel channels), which is why the batch runner only batches when asked to.
        """
        items = [(seed_of(i, c), i.prompt) for i, c in zip(inps, ctxs, strict=True)]
        images = self._generate(inps[0], ctxs[0], items)
        return [self.Output(image=ref, images=[ref]) for ref in (c.save_image(im) for c, im in zip(ctxs, images))]

    def _generate(self, inp: Input, ctx: RunContext, items: list[tuple[int, str]]) -> list:
        """(seed, prompt) pairs -> images, in one ``run_batched`` call with ``inp``'s shared settings."""
        prof = resolve_profile(inp)
        steps, guidance = steps_and_guidance(inp, prof)
        width, height = inp.width or prof.width, inp.height or prof.height
        pipe = get_pipeline(ctx, prof, "text2image")

        def kwargs_for(batch: list[tuple[int, str]]) -> dict:
            kwargs = dict(prompt=[p for _, p in batch], num_inference_steps=steps, guidance_scale=guidance,
                          width=width, height=height, generator=generators([s for s, _ in batch]),
                          **sana_kwargs(pipe, steps))
            if inp.negative_prompt and accepts(pipe, "negative_prompt"):
                kwargs["negative_prompt"] = [inp.negative_prompt] * len(batch)
            return kwargs

        return call_pipe(ctx, pipe, items, kwargs_for, inp.scheduler, steps)
