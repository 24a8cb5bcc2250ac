"""The settings a chat session runs with (the web page's panel): check, apply, save, say what changed.

``apply_settings(session, {"seed": 3, "n": 4, "guidance": 5.0, ...})`` checks every value first (size and
steps ranges, a known backend, guidance and strength ranges, layout names) and changes nothing if one is
wrong: the error is one line naming the setting. Empty strings and 0 steps mean "the profile's default".
The new values are saved in ``session.json`` and used from the next turn on; earlier turns keep theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as PydanticValidationError

from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from agent.chat.session import ChatSession

SETTINGS = ("seed", "width", "height", "backend", "model", "steps", "layout", "negative_prompt", "guidance",
            "strength", "n")
OPTIONAL = ("model", "steps", "layout", "negative_prompt", "guidance", "strength")  # empty -> None


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
    """Check and apply ``values``; save the session when something changed. Returns ``key: old -> new`` lines."""
    from agent.chat.session import SessionState
    from agent.compiler.controls import make_controls

    new = normalise(values)
    if "backend" in new:
        check_backend(str(new["backend"]))
    current = session.state.model_dump()
    try:
        checked = SessionState.model_validate({**current, **new})
    except PydanticValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        raise ScenecraftError(f"setting '{where}': {err.get('msg', 'invalid')} (got {new.get(where)!r})") from None
    make_controls(checked.negative_prompt, checked.guidance, checked.strength)
    changes = [f"{k}: {current[k]} -> {getattr(checked, k)}" for k in SETTINGS
               if k in new and current[k] != getattr(checked, k)]
    if changes:
        for key in SETTINGS:
            setattr(session.state, key, getattr(checked, key))
        session.save()
    return changes


def settings_of(session: ChatSession) -> dict[str, Any]:
    """The session's current settings (what the panel shows)."""
    return {k: getattr(session.state, k) for k in SETTINGS}


def setting_notes(session: ChatSession) -> list[str]:
    """Settings a text turn will not use with this backend (one line each; image uploads still use them)."""
    st = session.state
    if st.backend not in ("sketch", "sketch-layers"):
        return []
    quiet = [k for k in ("model", "steps", "layout", "negative_prompt", "guidance") if getattr(st, k) is not None]
    if not quiet:
        return []
    return [f"{', '.join(quiet)}: used by uploads, but text turns on '{st.backend}' draw a sketch without them"]
