"""Defaults every entry point shares (CLI, Python API, chat, batch, the Scene itself), kept in one place
so that `scenecraft run`, `Agent()` and a batch line without a size cannot drift apart."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

SIZE = 512  # image width and height in pixels
BACKEND = "sketch"  # the embedded default: no weights, no network
CHAT_BACKEND = "sketch-layers"  # chat re-draws only the object an edit touches

# -- Limits on untrusted input (README "Limits"); checked on the raw data before any work starts ----------
MAX_PROMPT_CHARS = 4000  # a prompt, an edit instruction, a batch line
MAX_STRING_CHARS = 4000  # any other string in a Scene, a graph's params or an LLM reply
MAX_OBJECTS = 200  # objects in one Scene
MAX_TEXTS = 50  # texts in one Scene
MAX_RELATIONS = 400  # relations in one Scene
MAX_LIST_ITEMS = 64  # attributes of an object, negatives of a Scene
MAX_GRAPH_NODES = 500  # nodes in one TaskGraph (edges: 4 per node)
MAX_JSON_DEPTH = 32  # nesting of any JSON value a user or a model hands in
MAX_JSON_BYTES = 4 * 1024 * 1024  # a Scene/graph file, a provenance chunk (parsing 4 MiB of deep JSON: ~2 s)
MAX_IMAGE_SIDE = 8192  # width or height of an image to make
# Pixels all the nodes of one graph may make or process (each node: the size its params name, else its
# inputs' size): 64 nodes at 8192x8192, or a 200-object chat scene in layers at 2048x2048. A provenance PNG
# asking for 500 nodes at 8192x8192 (33.6 G) is refused before any work starts.
MAX_GRAPH_PIXELS = 2**32

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
