"""What every diffusion plugin shares: the model fields, profile resolution, seeds and prompt text.

A plugin's ``model`` is a profile name (``sd-turbo``) or a model id / local folder; ``profile`` says
whose defaults (steps, guidance, family) apply when ``model`` is an id. The compiler writes both, so a
graph names the exact weights it ran with. Heavy imports stay inside functions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from agent.errors import ValidationError
from agent.models.profiles import (
    PROFILES,
    Profile,
    check_combination,
    fetch_hint,
    get_profile,
    schedule_length,
)
from agent.registry import PluginIO
from plugins.diffusion.controls import LoraInput, SchedulerName, lora_specs

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext
    from agent.scene import Scene


class DiffusionInput(PluginIO):
    """Fields shared by the diffusion plugins (the common argument names)."""

    model: str = Field(default="sd-turbo", min_length=1, description="profile name, hub id or local folder")
    profile: str | None = Field(default=None, description="profile whose defaults apply when model is an id/folder")
    negative_prompt: str | None = None
    seed: int | None = Field(default=None, ge=0, description="None: the node's seed from the run")
    num_inference_steps: int | None = Field(default=None, ge=1, le=200)
    guidance_scale: float | None = Field(default=None, ge=0.0, le=50.0)
    scheduler: SchedulerName | None = Field(default=None, description="a diffusers scheduler class name")
    loras: list[LoraInput] = Field(default_factory=list, description="LoRA adaptors on top of the profile's")

    @model_validator(mode="after")
    def _known_profile(self) -> DiffusionInput:
        if self.profile is not None and self.profile not in PROFILES:
            raise ValueError(f"unknown profile '{self.profile}' (choose from: {', '.join(PROFILES)})")
        return self


class SizedInput(DiffusionInput):
    """Inputs that choose an output size (None: the profile's default or the input image's size)."""

    width: int | None = Field(default=None, ge=8, le=4096, multiple_of=8)
    height: int | None = Field(default=None, ge=8, le=4096, multiple_of=8)


def resolve_profile(inp: DiffusionInput, default_profile: str = "sd-turbo") -> Profile:
    """The profile to use: ``model`` names a profile, or ``model`` overrides ``profile``'s checkpoint.

    The input's LoRAs are added to the profile's (a profile with LoRAs is its own pool entry)."""
    if inp.model in PROFILES:
        prof = get_profile(inp.model)
    else:
        prof = get_profile(inp.profile or default_profile, model=inp.model)
    if inp.loras:
        prof = replace(prof, loras=prof.loras + lora_specs(inp.loras))
    return prof


def get_pipeline(ctx: RunContext, prof: Profile, task: str) -> Any:
    """Check the combination (no loading), then ask the pool for the pipeline."""
    check_combination(prof, task)
    if prof.model not in ctx.models.loaded():  # the web page's status line says so (the CLI shows a spinner)
        from agent.context import report_phase

        report_phase(f"loading {prof.model}")
    return ctx.models.pipeline(prof.model, task, dtype=prof.dtype, loras=prof.loras, hint=fetch_hint(prof),
                               scheduler=dict(prof.scheduler))


def seed_of(inp: DiffusionInput, ctx: RunContext) -> int:
    return inp.seed if inp.seed is not None else ctx.seed


def generators(seeds: list[int]) -> list[Any]:
    """One CPU generator per image: image i is the same alone or in a batch, on any device, and on a retry."""
    import torch

    return [torch.Generator("cpu").manual_seed(s) for s in seeds]


def steps_and_guidance(inp: DiffusionInput, prof: Profile) -> tuple[int, float]:
    return (inp.num_inference_steps or prof.steps,
            prof.guidance_scale if inp.guidance_scale is None else inp.guidance_scale)


def img2img_schedule(inp: DiffusionInput, prof: Profile, strength: float | None) -> tuple[int, float, float]:
    """(steps, guidance, strength) for an img2img call: the profile's steps count real denoising steps,
    so without an explicit step count the schedule is stretched to run that many at ``strength``."""
    steps, guidance = steps_and_guidance(inp, prof)
    strength = strength if strength is not None else prof.strength
    if inp.num_inference_steps is None:
        steps = schedule_length(prof.steps, strength)
    return steps, guidance, strength


def check_strength_steps(steps: int, strength: float, node: str = "strength") -> None:
    """img2img runs int(steps * strength) steps; zero would silently return the input."""
    if int(steps * strength) < 1:
        raise ValidationError(f"num_inference_steps {steps} x strength {strength} runs no denoising step; "
                              f"use num_inference_steps >= {int(1 / strength) + 1} (turbo: 2 steps at 0.5)", where=node)


def scene_prompt(scene: Scene) -> str:
    """The text prompt for a whole Scene: the request, else its objects, plus background and style."""
    parts = [scene.prompt.strip()] if scene.prompt.strip() else [object_phrase(o) for o in scene.objects]
    parts += [p for p in (scene.background, scene.style) if p]
    return ", ".join(p for p in parts if p) or "a photo"


def object_phrase(obj: Any) -> str:
    """How an object is named in prompts and box phrases: its description, else colour + name."""
    return obj.description.strip() or " ".join(p for p in (obj.color, obj.name) if p)


def scene_negative(scene: Scene, extra: str | None) -> str | None:
    parts = [p for p in [extra, *scene.negative] if p]
    return ", ".join(parts) or None


def sana_kwargs(pipe: Any, steps: int) -> dict[str, Any]:
    """SANA-Sprint's 2-step schedule uses an intermediate timestep; other step counts must not pass one."""
    if type(pipe).__name__.startswith("SanaSprint"):
        return {"intermediate_timesteps": 1.3 if steps == 2 else None}
    return {}


def as_rgb(image: Image.Image, width: int | None, height: int | None) -> Image.Image:
    """RGB at the requested size (input images may come at any size)."""
    img = image.convert("RGB")
    if width and height and img.size != (width, height):
        from PIL import Image as PILImage

        img = img.resize((width, height), PILImage.BICUBIC)
    return img


def accepts(pipe: Any, name: str) -> bool:
    """Whether the pipeline's ``__call__`` takes ``name`` (SANA-Sprint has no negative prompt, for one)."""
    import inspect

    return name in inspect.signature(type(pipe).__call__).parameters


def model_ids_of(prof: Profile) -> list[str]:
    """What a node records as its models: the checkpoint, then each LoRA (their files key the cache too)."""
    return [prof.model, *(lo.path if not lo.weight_name else f"{lo.path}/{lo.weight_name}" for lo in prof.loras)]


def call_pipe(ctx: RunContext, pipe: Any, items: list, kwargs_for: Any, scheduler: str | None, total: int,
              around: Any = None) -> list:
    """``pipe(**kwargs_for(batch))`` through the pool (OOM retry, per-base lock), with the node's scheduler
    swapped in for the call and each denoising step reported to ``ctx.progress``.

    Args:
        ctx: the node's run context (model pool, progress).
        pipe: the pipeline from the pool.
        items: what one call makes an image each of (seeds, or prefetched nodes' inputs).
        kwargs_for: items -> the pipeline's keyword arguments for that batch.
        scheduler: a diffusers scheduler class name for this call (None: the pipeline's own).
        total: the expected number of denoising steps (for the progress count).
        around: a context manager factory entered inside the lock (patching shared modules), or None.

    Returns the images, one per item.
    """
    from contextlib import nullcontext

    from plugins.diffusion.controls import step_kwargs, using_scheduler

    def call(batch: list) -> list:
        with using_scheduler(pipe, scheduler), (around() if around else nullcontext()):
            return pipe(**kwargs_for(batch), **step_kwargs(pipe, ctx, total)).images

    return ctx.models.run_batched(pipe, items, call)
