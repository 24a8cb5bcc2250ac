"""Defaults every entry point shares (CLI, Python API, chat, batch, the Scene itself), kept in one place
so that `scenecraft run`, `Agent()` and a batch line without a size cannot drift apart."""

from __future__ import annotations

import math
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
# asking for 500 nodes at 8192x8192 (33.6 G) is refused before any work starts. The default guards the
# untrusted paths; the user's own bigger work (the same scene at 4096x4096: 6.7 G) raises it with
# $SCENECRAFT_MAX_GRAPH_PIXELS (see max_graph_pixels): a PNG or a posted request cannot set it, but it
# holds for everything the process runs, `run --from` and a server's posted graphs included.
MAX_GRAPH_PIXELS = 2**32
MAX_GRAPH_PIXELS_ENV = "SCENECRAFT_MAX_GRAPH_PIXELS"

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


def _whole_number(raw: str) -> int:
    """``raw`` as a whole number (``123``, ``1_000``, ``1.6e10``); 0 for anything else."""
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        number = float(raw)
    except ValueError:
        return 0
    return int(number) if math.isfinite(number) and number.is_integer() else 0


def max_graph_pixels(env: Mapping[str, str] | None = None) -> int:
    """The graph pixel limit in force: ``$SCENECRAFT_MAX_GRAPH_PIXELS`` if set, else ``MAX_GRAPH_PIXELS``.

    An environment variable rather than a parameter because the check sits in ``TaskGraph.validate``,
    which every entry point (CLI, ``Agent``, batch, server) reaches with no options of its own: the
    machine's owner sets it once. A value that is not a positive whole number (``17179869184``,
    ``17_179_869_184`` or ``1.6e10``) is an error naming it, never a silent fall-back to the default.
    """
    from agent.errors import ScenecraftError

    raw = (os.environ if env is None else env).get(MAX_GRAPH_PIXELS_ENV, "").strip()
    if not raw:
        return MAX_GRAPH_PIXELS
    value = _whole_number(raw)
    if value <= 0:
        raise ScenecraftError(f"{MAX_GRAPH_PIXELS_ENV}={raw[:40]!r} is not a positive whole number of pixels "
                              f"(the default is {MAX_GRAPH_PIXELS})")
    return value
