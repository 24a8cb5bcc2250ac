"""The settings a chat session runs with (the web page's panel): check, apply, save, say what changed.

``apply_settings(session, {"seed": 3, "n": 4, "guidance": 5.0, ...})`` checks every value first (size and
steps ranges, a known backend, guidance and strength ranges, layout names, and, as ``run --scheduler`` and
``--lora`` do, a diffusers scheduler class name and LoRA paths that exist) and changes nothing if one is
wrong: the error is one line naming the value. Empty strings and 0 steps mean "the profile's default".
LoRAs come as a list or as text, one ``PATH_OR_ID[:SCALE]`` per line or comma-separated (the panel's box).
The new values are saved in ``session.json`` and used from the next turn on; earlier turns keep theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.chat.session import SETTINGS
from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from agent.chat.session import ChatSession

LAYOUTS = ("sketch", "regional", "gligen", "none")
OPTIONAL = ("model", "steps", "layout", "negative_prompt", "guidance", "strength", "scheduler")  # empty -> None
# Suggestions for the panel's scheduler box (any other diffusers scheduler class name can be typed in).
SCHEDULERS = ("DPMSolverMultistepScheduler", "EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler",
              "DDIMScheduler", "UniPCMultistepScheduler", "LCMScheduler", "PNDMScheduler")


def lora_list(value: Any) -> list[str]:
    """The LoRA setting as a list: text is split at newlines and commas; blanks are dropped."""
    if value is None:
        return []
    items = value.replace("\n", ",").split(",") if isinstance(value, str) else list(value)
    if not all(isinstance(x, str) for x in items):
        raise ScenecraftError(f"setting 'loras': {value!r} is not a list of PATH_OR_ID[:SCALE] texts")
    return [x.strip() for x in items if x.strip()]


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Form values -> session values: blanks and 0 steps become None, numbers from text become numbers."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in SETTINGS:
            raise ScenecraftError(f"unknown setting '{key}' (known: {', '.join(SETTINGS)})")
        if isinstance(value, str):
            value = value.strip()
        if key in OPTIONAL and value in ("", None, "default") or (key == "steps" and value == 0):
            value = None
        elif key in ("seed", "width", "height", "steps", "n") and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif key == "loras":
            value = lora_list(value)
        elif key in ("guidance", "strength") and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ScenecraftError(f"setting '{key}': '{value}' is not a number") from None
        out[key] = value
    return out


def check_backend(name: str) -> None:
    from agent.compiler.backends import backend_names

    names = backend_names()
    if name not in names:
        raise ScenecraftError(f"backend '{name}' is unknown (choose from: {', '.join(names)})")


def apply_settings(session: ChatSession, values: dict[str, Any]) -> list[str]:
    """Check and apply ``values`` (:meth:`ChatSession.update_settings`: checked, saved); ``key: old -> new``
    lines. One wrong value changes nothing."""
    new = normalise(values)
    if "backend" in new:
        check_backend(str(new["backend"]))
    if new.get("layout") not in (None, *LAYOUTS):
        raise ScenecraftError(f"setting 'layout': '{new['layout']}' is not one of {', '.join(LAYOUTS)}")
    current = settings_of(session)
    changed = {k: v for k, v in new.items() if current[k] != v}
    if changed:
        session.update_settings(**changed)
    return [f"{k}: {current[k]} -> {getattr(session.state, k)}" for k in changed]


def settings_of(session: ChatSession) -> dict[str, Any]:
    """The session's current settings (what the panel shows)."""
    return {k: getattr(session.state, k) for k in SETTINGS}


def setting_notes(session: ChatSession) -> list[str]:
    """Settings a text turn will not use with this backend (one line each; image uploads still use them)."""
    st = session.state
    if st.backend not in ("sketch", "sketch-layers"):
        return []
    quiet = [k for k in ("model", "steps", "layout", "negative_prompt", "guidance", "scheduler", "loras")
             if getattr(st, k) not in (None, [])]
    if not quiet:
        return []
    return [f"{', '.join(quiet)}: used by uploads, but text turns on '{st.backend}' draw a sketch without them"]
