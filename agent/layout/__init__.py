"""Layout: boxes for a Scene's objects and texts.

Contract used by other stages (the LLM planner re-solves boxes through it):
``solve_layout(scene, seed=0) -> Scene`` returns a copy of ``scene`` whose object and text boxes satisfy
its relations, keeping every object's id, name, colour and description.
"""

from __future__ import annotations

from agent.scene import Scene


def solve_layout(scene: Scene, seed: int = 0) -> Scene:
    """Placeholder row layout until the real solver lands: objects side by side, texts on top."""
    out = scene.model_copy(deep=True)
    k = max(len(out.objects), 1)
    for i, obj in enumerate(out.objects):
        x0 = (i + 0.1) / k
        obj.box = (x0, 0.35, x0 + 0.8 / k, 0.85)
    for j, t in enumerate(out.texts):
        t.box = (0.1, 0.02 + 0.1 * j, 0.9, 0.1 + 0.1 * j) if j < 3 else t.box
    return out
