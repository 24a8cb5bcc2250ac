"""Backend profiles: which diffusers model a name means, and the settings that model wants.

A profile (``sd-turbo``, ``sdxl-turbo``, ``sana-sprint``, ``gligen``, ``instruct-pix2pix``, ``sd-inpaint``)
names a default checkpoint and its sampling defaults (a turbo model wants 1 step and guidance 0, SANA-Sprint
2 steps with its embedded guidance). The model can be replaced, in increasing priority, by a TOML config
file, an environment variable, or ``--model``::

    # ~/.config/scenecraft/config.toml   (or the file named by $SCENECRAFT_CONFIG)
    [models]                      # model pool settings, see agent.models.PoolSettings
    memory_budget_gb = 12
    [profiles.sd-turbo]
    model = "/data/models/sd-turbo"
    steps = 2
    loras = [{ path = "/data/loras/my-style", weight = 0.8 }]

    SCENECRAFT_MODEL_SD_TURBO=/data/models/sd-turbo scenecraft run ... --backend sd-turbo

This module is light (no torch): the CLI and the compiler read it to check a combination (GLIGEN with an
SDXL model, say) before anything is loaded.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from agent.defaults import config_path
from agent.errors import ScenecraftError

Family = Literal["sd", "sdxl", "sana", "gligen", "pix2pix", "sd-inpaint"]
Layout = Literal["sketch", "regional", "gligen", "none"]

# model_index.json ``_class_name`` -> family (how a local folder tells us what it is without loading it).
PIPELINE_FAMILIES: dict[str, Family] = {
    "StableDiffusionPipeline": "sd",
    "StableDiffusionImg2ImgPipeline": "sd",
    "StableDiffusionXLPipeline": "sdxl",
    "StableDiffusionXLImg2ImgPipeline": "sdxl",
    "SanaSprintPipeline": "sana",
    "SanaSprintImg2ImgPipeline": "sana",
    "SanaPipeline": "sana",
    "StableDiffusionGLIGENPipeline": "gligen",
    "StableDiffusionInstructPix2PixPipeline": "pix2pix",
    "StableDiffusionInpaintPipeline": "sd-inpaint",
    "StableDiffusionXLInpaintPipeline": "sdxl",
}
# What each family can do, by pipeline task (the model pool maps these to diffusers classes).
FAMILY_TASKS: dict[Family, tuple[str, ...]] = {
    "sd": ("text2image", "image2image", "inpaint"),
    "sdxl": ("text2image", "image2image", "inpaint"),
    "sana": ("text2image", "image2image"),
    "gligen": ("gligen", "text2image", "image2image", "inpaint"),
    "pix2pix": ("instruct",),
    "sd-inpaint": ("inpaint",),
}
# Families whose denoiser is a UNet with CLIP cross-attention (what the regional processor patches).
UNET_FAMILIES: tuple[Family, ...] = ("sd", "sdxl", "gligen")


@dataclass(frozen=True)
class LoraSpec:
    """A LoRA adaptor (hub id or local folder/file) attached with ``load_lora_weights``."""

    path: str
    weight: float = 1.0
    weight_name: str | None = None


@dataclass(frozen=True)
class Profile:
    """A named backend: default checkpoint plus the sampling settings it was trained for."""

    name: str
    model: str
    family: Family
    description: str
    steps: int
    guidance_scale: float
    strength: float = 0.5  # img2img / sketch-guided default: keep the layout, redraw the look
    width: int = 512
    height: int = 512
    dtype: str | None = None  # None: float16 on a GPU, float32 on CPU
    layout: Layout = "sketch"  # how the compiler puts Scene boxes into the image by default
    generates: bool = True  # False for edit-only models (InstructPix2Pix, inpainting)
    loras: tuple[LoraSpec, ...] = ()
    scheduler: tuple[tuple[str, Any], ...] = ()  # scheduler config the checkpoint was distilled for
    model_source: str = "default"  # default | config | env | --model

    @property
    def env_var(self) -> str:
        return model_env_var(self.name)


# Turbo models were distilled to denoise from the last training timestep: with "leading" spacing a 1-step
# schedule would start at t=1 (almost no noise) and return mush. GLIGEN takes no timesteps=, so it too
# relies on the scheduler's spacing.
TRAILING: tuple[tuple[str, Any], ...] = (("timestep_spacing", "trailing"),)

PROFILES: dict[str, Profile] = {p.name: p for p in (
    Profile("sd-turbo", "stabilityai/sd-turbo", "sd", "SD-Turbo, 1-4 steps at 512px, no guidance", steps=1,
            guidance_scale=0.0, scheduler=TRAILING),
    Profile("sdxl-turbo", "stabilityai/sdxl-turbo", "sdxl", "SDXL-Turbo, 1-4 steps at 512px, no guidance", steps=1,
            guidance_scale=0.0, scheduler=TRAILING),
    Profile("sana-sprint", "Efficient-Large-Model/Sana_Sprint_1.6B_1024px_diffusers", "sana",
            "SANA-Sprint 1.6B, 1-2 steps at 1024px (embedded guidance 4.5)", steps=2, guidance_scale=4.5,
            width=1024, height=1024, dtype="bfloat16"),
    Profile("gligen", "masterful/gligen-1-4-generation-text-box", "gligen",
            "GLIGEN text-box (SD 1.4 with gated box attention)", steps=25, guidance_scale=7.5, layout="gligen"),
    Profile("instruct-pix2pix", "timbrooks/instruct-pix2pix", "pix2pix", "InstructPix2Pix: edit by instruction",
            steps=10, guidance_scale=7.5, strength=1.0, generates=False, layout="none"),
    Profile("sd-inpaint", "stable-diffusion-v1-5/stable-diffusion-inpainting", "sd-inpaint",
            "SD 1.5 inpainting (9-channel UNet)", steps=20, guidance_scale=7.5, strength=1.0, generates=False,
            layout="none"),
)}
GENERATION_PROFILES: tuple[str, ...] = tuple(n for n, p in PROFILES.items() if p.generates)


def model_env_var(profile: str) -> str:
    """``sd-turbo`` -> ``SCENECRAFT_MODEL_SD_TURBO``."""
    return "SCENECRAFT_MODEL_" + profile.upper().replace("-", "_")


_PROFILE_KEYS = {"model", "steps", "guidance_scale", "strength", "width", "height", "dtype", "layout", "loras"}


def load_config(path: Path | str | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The TOML config as a dict ({} when the default file does not exist); errors name file and key."""
    explicit = path is not None or bool((os.environ if env is None else env).get("SCENECRAFT_CONFIG"))
    p = Path(path) if path is not None else config_path(env)
    if not p.exists():
        if explicit:
            raise ScenecraftError(f"config file '{p}' does not exist")
        return {}
    try:
        data = tomllib.loads(p.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScenecraftError(f"config file '{p}': {exc}") from None
    for name, section in (data.get("profiles") or {}).items():
        if not isinstance(section, dict):
            raise ScenecraftError(f"config file '{p}': [profiles.{name}] must be a table")
        unknown = set(section) - _PROFILE_KEYS
        if unknown:
            raise ScenecraftError(f"config file '{p}': [profiles.{name}] has unknown key(s) "
                                  f"{', '.join(sorted(unknown))}")
    data["_path"] = str(p)
    return data


def _loras(value: Any, where: str) -> tuple[LoraSpec, ...]:
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append(LoraSpec(item))
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            out.append(LoraSpec(item["path"], float(item.get("weight", 1.0)), item.get("weight_name")))
        else:
            raise ScenecraftError(f"{where}: each lora is a path or {{ path = ..., weight = ... }}, got {item!r}")
    return tuple(out)


def get_profile(name: str, model: str | None = None, config: dict[str, Any] | None = None,
                env: dict[str, str] | None = None) -> Profile:
    """The profile ``name`` with config, environment and ``model`` overrides applied (in that order).

    Args:
        name: a shipped profile (``sd-turbo``, ``sdxl-turbo``, ...); ``[profiles.<name>]`` in the config
            file may change its model, steps, size, dtype, layout and LoRAs.
        model: replaces the checkpoint (``--model``), last of all.
        config: the parsed config file (default: the user's, read with ``load_config``).
        env: the environment to read ``SCENECRAFT_MODEL_*`` from (default: ``os.environ``).
    """
    if name not in PROFILES:
        raise ScenecraftError(f"unknown model profile '{name}' (choose from: {', '.join(PROFILES)})")
    env = os.environ if env is None else env
    prof = PROFILES[name]
    cfg = load_config(env=env) if config is None else config
    section = (cfg.get("profiles") or {}).get(name) or {}
    if section:
        where = f"config file '{cfg.get('_path', '?')}' [profiles.{name}]"
        changes: dict[str, Any] = {k: section[k] for k in ("steps", "guidance_scale", "strength", "width", "height",
                                                           "dtype", "layout") if k in section}
        if "model" in section:
            changes.update(model=str(section["model"]), model_source="config")
        if "loras" in section:
            changes["loras"] = _loras(section["loras"], where)
        prof = replace(prof, **changes)
    if env.get(prof.env_var):
        prof = replace(prof, model=env[prof.env_var], model_source="env")
    if model:
        prof = replace(prof, model=model, model_source="--model")
    local = expand_model_path(prof.model)
    if local.is_dir():  # graphs record an absolute folder, valid from any cwd
        prof = replace(prof, model=str(local.resolve()))
    return prof


def looks_like_path(model: str) -> bool:
    """A local folder rather than a hub id: it exists, or is written like a path."""
    return model.startswith(("/", ".", "~")) or os.sep in model.strip("/").replace("/", "", 1) or Path(model).exists()


def expand_model_path(model: str) -> Path:
    """``model`` as a path with ``~`` expanded; an unknown ``~user`` or a NUL is the user's error."""
    try:
        path = Path(model).expanduser()
        path.exists()  # a NUL byte raises here, not later in a plugin
    except (RuntimeError, ValueError) as exc:
        raise ScenecraftError(f"model {model[:80]!r} is not a usable path ({exc})") from None
    return path


def local_model_index(model: str) -> dict[str, Any] | None:
    """The folder's model_index.json, or None when ``model`` is not a local diffusers folder."""
    p = expand_model_path(model) / "model_index.json"
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def detect_family(model: str, default: Family | None = None) -> Family | None:
    """Family of a local folder (from model_index.json, no weights read) or, for a hub id, ``default``."""
    index = local_model_index(model)
    if index is not None:
        return PIPELINE_FAMILIES.get(str(index.get("_class_name")), default)
    return default


def check_combination(prof: Profile, task: str) -> Family:
    """Raise, before anything loads, when the profile's model cannot do ``task``; returns its family."""
    family = detect_family(prof.model, prof.family) or prof.family
    tasks = FAMILY_TASKS[family]
    if task == "regional":
        if family not in UNET_FAMILIES:
            raise ScenecraftError(f"regional attention needs an SD-family UNet; model '{prof.model}' is {family}: "
                                  f"use layout 'sketch' with it")
        return family
    if task == "gligen" and task not in tasks:
        why = "has no GLIGEN gated layers" if family == "sd" else f"is {family}, and no GLIGEN exists for {family}"
        usable = "'sketch' or 'regional'" if family in UNET_FAMILIES else "'sketch'"
        raise ScenecraftError(f"GLIGEN needs a GLIGEN checkpoint (SD 1.x with gated box attention, e.g. "
                              f"{PROFILES['gligen'].model}); model '{prof.model}' {why}: use layout {usable} with it")
    if task not in tasks:
        raise ScenecraftError(f"model '{prof.model}' ({family}) cannot do {task}; it supports {', '.join(tasks)}")
    return family


def fetch_hint(prof: Profile) -> str:
    """The two ways to make a profile's weights available (what errors and ``scenecraft models`` print)."""
    return (f"download it with `hf download {prof.model}` (older: `huggingface-cli download {prof.model}`), "
            f"or point {prof.env_var} (or --model, or [profiles.{prof.name}] model in the config) at a local folder")


@dataclass
class Availability:
    """Whether a profile's weights are on this machine, and where."""

    profile: Profile
    local: bool
    where: str = ""
    notes: list[str] = field(default_factory=list)


def availability(prof: Profile) -> Availability:
    """Check a local folder or the Hugging Face cache, without loading or touching the network."""
    if looks_like_path(prof.model) or local_model_index(prof.model) is not None:
        index = local_model_index(prof.model)
        return Availability(prof, index is not None, prof.model if index is not None else "missing folder")
    try:
        import huggingface_hub  # noqa: F401
    except ImportError:  # pragma: no cover - ships with diffusers
        return Availability(prof, False, "huggingface_hub not installed")
    hit = hub_cache_hit(prof.model)
    return Availability(prof, hit is not None, str(Path(hit).parent) if hit is not None else "")


def hub_cache_hit(model: str) -> str | None:
    """The cached ``model_index.json`` of hub id ``model`` (its weights were downloaded here), else None.

    Reads the local Hugging Face cache only, never the network (the server's ``--client-models cached``
    and ``scenecraft models`` both ask this)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - ships with diffusers
        return None
    try:
        hit = try_to_load_from_cache(model, "model_index.json")
    except ValueError:  # not a valid repo id
        return None
    return hit if isinstance(hit, str) else None


def schedule_length(denoise_steps: int, strength: float) -> int:
    """The ``num_inference_steps`` that makes img2img run ``denoise_steps`` real steps at ``strength``."""
    n = max(1, int(denoise_steps / strength))
    while int(n * strength) < denoise_steps:
        n += 1
    return n


def profile_rows(config: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each profile, its model, whether it is here and how to get it (``scenecraft models --json``,
    ``GET /v1/models``). Reads folders and the Hugging Face cache only."""
    config = load_config() if config is None else config
    rows = []
    for name in PROFILES:
        prof = get_profile(name, config=config)
        av = availability(prof)
        rows.append({
            "profile": name, "model": prof.model, "source": prof.model_source, "family": prof.family,
            "local": av.local, "where": av.where, "description": prof.description,
            "fetch": None if looks_like_path(prof.model) else f"hf download {prof.model}",
            "local_setting": f"{prof.env_var}=/path/to/folder",
            "loras": [lo.path for lo in prof.loras],
        })
    return rows
