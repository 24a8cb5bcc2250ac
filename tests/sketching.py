"""What the sketch tests share: the image size, the emoji-font skip, a quiet offline plan, the placed
objects by id, and the support-surface check (a load's drawn bottom within 2% of the image height of one
of the support's top surfaces)."""

from __future__ import annotations

import pytest

from agent.planners.offline import OfflinePlanner
from agent.scene import Scene
from plugins.sketch import font_path, placed_objects
from plugins.sketch_placement import support_lines
from tests.planning import plan as plan_with

SIZE = 512
needs_emoji = pytest.mark.skipif(font_path("emoji") is None, reason="no colour-emoji font installed")


def plan(prompt: str) -> Scene:
    return plan_with(OfflinePlanner(), prompt)


def by_id(scene: Scene) -> dict:
    return {p.obj.id: p for p in placed_objects(scene, SIZE, SIZE)}


def on_surface(load, support) -> bool:
    """The load's drawn bottom is within 2% of the image height of one of the support's top surfaces."""
    return min(abs(load.rect[3] - y) for y, _, _ in support_lines(support)) <= 0.02 * SIZE
