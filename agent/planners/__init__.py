"""Planners turn a request into a Scene. ``get_planner(name)`` returns one by name."""

from __future__ import annotations

from typing import Protocol

from agent.defaults import SIZE
from agent.errors import ScenecraftError
from agent.scene import Scene


class Planner(Protocol):
    def plan(self, prompt: str, width: int = SIZE, height: int = SIZE, seed: int = 0) -> Scene: ...


def get_planner(name: str = "offline", **kwargs: object) -> Planner:
    """``offline`` (rules, the default) or ``llm`` (an OpenAI-compatible endpoint, when installed)."""
    if name == "offline":
        from agent.planners.spacy_import import torch_hidden

        with torch_hidden():  # its modules import spaCy, whose thinc would import torch only to note it exists
            from agent.planners.offline import OfflinePlanner

        return OfflinePlanner(**kwargs)  # type: ignore[arg-type]
    if name == "llm":
        try:
            from agent.planners.llm import LLMPlanner
        except ImportError as exc:
            raise ScenecraftError(f"the llm planner is not available ({exc}); "
                                  "install with: pip install 'scenecraft[llm]'") from None
        return LLMPlanner(**kwargs)  # type: ignore[arg-type]
    raise ScenecraftError(f"unknown planner '{name}' (choose offline or llm)")
