"""Defaults every entry point shares (CLI, Python API, chat, batch, the Scene itself), kept in one place
so that `scenecraft run`, `Agent()` and a batch line without a size cannot drift apart."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

SIZE = 512  # image width and height in pixels
BACKEND = "sketch"  # the embedded default: no weights, no network
CHAT_BACKEND = "sketch-layers"  # chat re-draws only the object an edit touches


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The one ``config.toml`` every reader uses (model profiles, the LLM client).

    ``$SCENECRAFT_CONFIG`` if set, else ``$XDG_CONFIG_HOME/scenecraft/config.toml``, else
    ``~/.config/scenecraft/config.toml``. ``env`` defaults to ``os.environ``.
    """
    env = os.environ if env is None else env
    if env.get("SCENECRAFT_CONFIG"):
        return Path(env["SCENECRAFT_CONFIG"]).expanduser()
    base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "scenecraft" / "config.toml"
