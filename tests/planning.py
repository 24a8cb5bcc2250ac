"""The planner tests' one way to plan: the offline planner's Scene for a prompt, its warnings silenced
(tests that check a warning call ``planner.plan`` themselves)."""

from __future__ import annotations

import warnings

from agent.scene import Scene


def plan(planner, prompt: str, seed: int = 0) -> Scene:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return planner.plan(prompt, seed=seed)
