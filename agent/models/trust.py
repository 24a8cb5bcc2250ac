"""What an untrusted provenance PNG may make a re-run do (``scenecraft run --from``, ``rerun_from_png``).

A PNG's graph is data, but its nodes can name models (a hub id downloads from the network, a folder
reads the disk) and plugins that call the user's LLM endpoint with the user's key. A re-run only runs
what the user's own setup already uses: models given as a profile name or equal to a profile's
configured model (``[profiles.*]`` in the config file, ``SCENECRAFT_MODEL_*``, the shipped defaults) and
no plugin that reaches a remote endpoint. Anything else is listed and refused unless the user passes
``--allow-remote`` (``allow_remote=True`` in Python): :func:`check_png_trust` is the one check both use.
"""

from __future__ import annotations

import logging
from typing import Any

from agent.errors import ScenecraftError, short
from agent.graph import TaskGraph
from agent.registry import Registry

log = logging.getLogger("scenecraft.trust")


def configured_models() -> set[str]:
    """Profile names and the model each profile resolves to under the user's configuration."""
    from agent.models.profiles import PROFILES, get_profile

    out: set[str] = set(PROFILES)
    for name, prof in PROFILES.items():
        out.add(prof.model)
        try:
            out.add(get_profile(name).model)
        except Exception:  # noqa: BLE001 - a broken config is reported when the profile is used
            continue
    return out


def _model_params(params: dict[str, Any]) -> list[str]:
    """Model ids and folders a node's params name, LoRA adaptors (``loras: [{path, scale}]``) included."""
    found = [v for k, v in params.items() if (k == "model" or k.endswith("_model")) and isinstance(v, str)]
    loras = params.get("loras")
    if isinstance(loras, list):
        found += [lo["path"] for lo in loras if isinstance(lo, dict) and isinstance(lo.get("path"), str)]
    return found


def png_wants(graph: TaskGraph, registry: Registry) -> list[str]:
    """One line per thing the graph would do beyond the user's own setup (empty: nothing)."""
    allowed = configured_models()
    wants: list[str] = []
    for node in graph.nodes:
        cls = registry._classes.get(node.plugin)  # noqa: SLF001 - unknown ids fail validation later
        if cls is not None and getattr(cls, "network", False):
            wants.append(f"node '{node.id}' ({node.plugin}) sends data to your LLM endpoint with your key")
        for model in _model_params(node.params):
            if model not in allowed:
                wants.append(f"node '{node.id}' ({node.plugin}) loads model {short(model)} "
                             "(hub download or local path)")
    return wants


class UntrustedPngError(ScenecraftError):
    """A PNG's graph asks for more than the user's own setup; ``wants`` lists what (one line each)."""

    def __init__(self, message: str, wants: list[str]) -> None:
        super().__init__(message)
        self.wants = wants


def check_png_trust(png: object, graph: TaskGraph, registry: Registry, allow_remote: bool = False) -> list[str]:
    """Refuse a PNG's ``graph`` that reaches beyond the user's setup unless ``allow_remote``.

    Args:
        png: the file the graph came from (named in the messages).
        graph: the provenance graph, parsed.
        registry: where plugin ids are looked up (a plugin's ``network`` flag marks remote calls).
        allow_remote: run it anyway; each thing it wants is still logged as a warning.

    Returns the lines of what it wants (empty: nothing beyond the user's setup); raises
    :class:`UntrustedPngError` (one line: how many, the first, how to allow them) when not allowed.
    """
    wants = png_wants(graph, registry)
    for line in wants:
        log.warning("%s wants: %s", png, line)
    if wants and not allow_remote:
        more = f" and {len(wants) - 1} more" if len(wants) > 1 else ""
        raise UntrustedPngError(f"--from '{png}' asks for {len(wants)} thing(s) beyond your own setup "
                                f"({wants[0]}{more}); rerun with --allow-remote (allow_remote=True) to allow them",
                                wants)
    return wants
