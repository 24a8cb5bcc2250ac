"""Generation controls every diffusion plugin shares: scheduler choice, LoRA adaptors, per-step progress.

- ``scheduler``: any diffusers scheduler class name the pipeline's scheduler lists in ``compatibles``
  (``DPMSolverMultistepScheduler``, ``EulerDiscreteScheduler``, ``LCMScheduler``...). It is built from
  the loaded scheduler's config (so a turbo profile's trailing spacing carries over) and swapped in only
  for one call, under the pool's per-base lock: the shared pipeline keeps its own scheduler.
- ``loras``: ``[{path, scale}]`` adaptors on top of the profile's; a profile with LoRAs is its own pool
  entry, so the plain model stays unpatched. A local path that does not exist fails graph validation.
- progress: :func:`step_kwargs` adds diffusers' ``callback_on_step_end`` (or the deprecated GLIGEN
  pipeline's ``callback``) that calls ``ctx.progress(step, total)``; without a listener nothing is added.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from agent.context import current_listener
from agent.errors import ScenecraftError
from agent.registry import PluginIO

if TYPE_CHECKING:
    from agent.context import RunContext

_SCHEDULER_RE = re.compile(r"^[A-Z][A-Za-z0-9]*Scheduler$")


def scheduler_names() -> list[str]:
    """Every scheduler class diffusers exports (imports diffusers)."""
    import diffusers

    return sorted(n for n in dir(diffusers) if n.endswith("Scheduler") and _SCHEDULER_RE.match(n))


def check_scheduler_name(name: str) -> str:
    """``name`` must be a diffusers scheduler class; the error suggests the closest names."""
    names = scheduler_names() if re.fullmatch(r"[A-Za-z0-9_]{1,100}", name) else []
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (e.g. EulerDiscreteScheduler)"
        raise ValueError(f"unknown scheduler '{name}': diffusers has no such scheduler class{hint}")
    return name


SchedulerName = Annotated[str, AfterValidator(check_scheduler_name)]


def looks_local(path: str) -> bool:
    """Written like a file path rather than a hub id (``org/name``)."""
    return path.startswith(("/", ".", "~")) or path.endswith(".safetensors") or path.count("/") > 1 \
        or "\\" in path or Path(path).exists()


class LoraInput(PluginIO):
    """One LoRA adaptor: a hub id, a local folder, or a ``.safetensors`` file, at ``scale``."""

    path: str = Field(min_length=1)
    scale: float = Field(default=1.0, ge=-10.0, le=10.0)

    @model_validator(mode="after")
    def _exists(self) -> LoraInput:
        if looks_local(self.path) and not Path(self.path).expanduser().exists():
            raise ValueError(f"LoRA path '{self.path}' does not exist")
        return self


def lora_specs(loras: list[LoraInput]) -> tuple[Any, ...]:
    """Plugin LoRA inputs as the pool's ``LoraSpec`` (a ``.safetensors`` file -> folder + weight name)."""
    from agent.models.profiles import LoraSpec

    out = []
    for lo in loras:
        p = Path(lo.path).expanduser()
        if p.is_file():
            out.append(LoraSpec(str(p.resolve().parent), lo.scale, p.name))
        elif p.is_dir():
            out.append(LoraSpec(str(p.resolve()), lo.scale))
        else:
            out.append(LoraSpec(lo.path, lo.scale))
    return tuple(out)


def scheduler_class(pipe: Any, name: str) -> Any:
    """The class ``name`` when the pipeline's scheduler lists it as compatible; else a one-line error."""
    current = pipe.scheduler
    compatible = {c.__name__: c for c in current.compatibles}
    if name not in compatible:
        raise ScenecraftError(f"scheduler '{name}' does not fit {type(pipe).__name__} (its "
                              f"{type(current).__name__} is compatible with: {', '.join(sorted(compatible))})")
    return compatible[name]


@contextmanager
def using_scheduler(pipe: Any, name: str | None) -> Iterator[Any]:
    """Swap in scheduler ``name`` for the duration of one call (run it inside the pool's call lock)."""
    if not name or type(pipe.scheduler).__name__ == name:
        yield pipe.scheduler
        return
    original = pipe.scheduler
    pipe.scheduler = scheduler_class(pipe, name).from_config(original.config)
    try:
        yield pipe.scheduler
    finally:
        pipe.scheduler = original


def step_kwargs(pipe: Any, ctx: RunContext, total: int) -> dict[str, Any]:
    """Keyword arguments that make ``pipe`` report each denoising step to ``ctx.progress``.

    ``total`` is the expected number of steps (the pipeline's own count wins when it sets one).
    Nothing is added when no one listens, so a plain run pays nothing.
    """
    from plugins.diffusion.common import accepts

    if ctx.on_progress is None and current_listener() is None:
        return {}
    if accepts(pipe, "callback_on_step_end"):
        def on_step_end(p: Any, i: int, t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
            ctx.progress(i + 1, getattr(p, "_num_timesteps", None) or total)
            return kwargs

        return {"callback_on_step_end": on_step_end}
    if accepts(pipe, "callback"):  # StableDiffusionGLIGENPipeline (deprecated upstream) has only this
        def on_step(i: int, t: Any, latents: Any) -> None:
            ctx.progress(i + 1, total)

        return {"callback": on_step, "callback_steps": 1}
    return {}
