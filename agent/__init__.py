"""Scenecraft: plan a scene, compile it to a task graph, run plugins, verify, repair.

Import cost matters (``scenecraft --help`` must stay fast), so nothing heavy is imported here: the
public API names (``Agent``, ``AgentConfig``, ``Result``) are loaded from :mod:`agent.api` on first
access through a module-level ``__getattr__``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# onnxruntime (pulled in by diffusers and by RapidOCR) sends usage telemetry unless told not to. Scenecraft
# promises that a run reaches no network it was not configured for, so switch it off for every entry point
# (CLI, Python API, server, chat); a user who wants it can still set the variable to 0 first.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"

_LAZY = {"Agent": "agent.api", "AgentConfig": "agent.api", "Result": "agent.api"}
__all__ = ["Agent", "AgentConfig", "Result", "__version__"]

if TYPE_CHECKING:
    from agent.api import Agent, AgentConfig, Result


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'agent' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
