"""Generation controls from a user (CLI flags, batch item fields, ``Agent.run`` arguments) -> compiler extras.

``make_controls`` checks each value and returns the ``CompileOptions.extra`` keys the diffusion builders
and the image-edit builder pass to every diffusion node: ``negative_prompt``, ``guidance_scale``,
``scheduler``, ``loras`` (``[{"path", "scale"}]``); ``strength`` is checked and returned separately by
the callers that use it. The scheduler and LoRA values are checked against the diffusion plugins' own
field types through the registry (``agent`` never imports ``plugins``), so an unknown scheduler or a
missing LoRA fails before anything is planned or written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from agent.errors import ScenecraftError


def make_controls(negative_prompt: str | None = None, guidance: float | None = None, strength: float | None = None,
                  scheduler: str | None = None, loras: list[Any] | None = None) -> dict[str, Any]:
    """Checked controls as compiler extras (only those given).

    Args:
        negative_prompt: what the image should not show.
        guidance: classifier-free guidance scale, 0..50.
        strength: img2img strength in (0, 1] (checked only; callers pass it on themselves).
        scheduler: a diffusers scheduler class name (checked against the diffusion plugins' field).
        loras: ``PATH_OR_ID[:SCALE]`` strings or ``{"path", "scale"}`` dicts; a local path must exist.

    Each wrong value is a one-line :class:`ScenecraftError` naming it.
    """
    out: dict[str, Any] = {}
    if negative_prompt:
        out["negative_prompt"] = str(negative_prompt)
    if guidance is not None:
        if not 0.0 <= float(guidance) <= 50.0:
            raise ScenecraftError(f"--guidance {guidance} is outside 0..50")
        out["guidance_scale"] = float(guidance)
    if strength is not None and not 0.0 < float(strength) <= 1.0:
        raise ScenecraftError(f"--strength {strength} must be in (0, 1]")
    if scheduler:
        out["scheduler"] = str(scheduler)
    if loras:
        out["loras"] = [parse_lora(x) if isinstance(x, str) else dict(x) for x in loras]
    check_controls(out)
    return out


def parse_lora(text: str) -> dict[str, Any]:
    """``PATH_OR_ID[:SCALE]`` -> {"path", "scale"}; a local path that does not exist is a one-line error."""
    path, scale = text, 1.0
    head, sep, tail = text.rpartition(":")
    if sep and head and re.fullmatch(r"[-+]?\d*\.?\d+", tail):
        path, scale = head, float(tail)
    if not path.strip():
        raise ScenecraftError(f"--lora '{text}': give a folder, a .safetensors file or a hub id")
    local = path.startswith(("/", ".", "~")) or path.endswith(".safetensors") or path.count("/") > 1
    if local and not Path(path).expanduser().exists():
        raise ScenecraftError(f"--lora '{path}': no such file or folder")
    if not -10.0 <= scale <= 10.0:
        raise ScenecraftError(f"--lora '{text}': scale {scale} is outside -10..10")
    return {"path": str(Path(path).expanduser().resolve()) if Path(path).expanduser().exists() else path,
            "scale": scale}


def check_controls(values: dict[str, Any]) -> None:
    """Check ``scheduler`` and ``loras`` against the diffusion plugins' own field types (the registry's
    ``generate.one_step`` Input), so an unknown scheduler fails before anything is planned or written."""
    if not any(k in values for k in ("scheduler", "loras")):
        return
    from typing import Annotated

    from pydantic import TypeAdapter
    from pydantic import ValidationError as PydanticValidationError

    from agent.registry import default_registry

    registry = default_registry()
    if "generate.one_step" not in registry:
        raise ScenecraftError("--scheduler/--lora need the diffusion plugins (pip install 'scenecraft[diffusers]')")
    fields = registry.get_class("generate.one_step").Input.model_fields
    for key, flag in (("scheduler", "--scheduler"), ("loras", "--lora")):
        if key not in values:
            continue
        try:
            TypeAdapter(Annotated[fields[key].annotation, fields[key]]).validate_python(values[key])
        except PydanticValidationError as exc:
            msg = exc.errors(include_url=False)[0].get("msg", "invalid").removeprefix("Value error, ")
            raise ScenecraftError(f"{flag}: {msg}") from None




class RunOptions(BaseModel):
    """What ``Agent.run(..., **options)`` takes beyond the prompt (unknown names are an error)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    image: Any = None
    mask: Any = None
    box: str | tuple[float, float, float, float] | None = None
    instruction: str | None = None
    outpaint: str | dict[str, int] | None = None
    strength: float | None = None
    negative_prompt: str | None = None
    guidance: float | None = None
    scheduler: str | None = None
    loras: list[str | dict[str, Any]] | None = None
    n: int = Field(default=1, ge=1, le=64)

    @classmethod
    def parse(cls, options: dict[str, Any]) -> RunOptions:
        try:
            opts = cls(**options)
        except PydanticValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err.get("loc", ()))
            raise ScenecraftError(f"run option '{where}': {err.get('msg', 'invalid')}") from None
        if opts.image is None and any(getattr(opts, k) is not None for k in ("mask", "box", "instruction", "outpaint")):
            raise ScenecraftError("mask, box, instruction and outpaint need image=...")
        return opts

    def controls(self) -> dict[str, Any]:
        return make_controls(self.negative_prompt, self.guidance, self.strength, self.scheduler, self.loras)

    def settings(self) -> dict[str, Any]:
        """The options a follow-up edit reuses (everything except the image inputs)."""
        return self.model_dump(include={"strength", "negative_prompt", "guidance", "scheduler", "loras", "n"})
