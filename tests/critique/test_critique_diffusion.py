"""The critique loop on a real diffusion backend (tiny random-weight SD loaded from a folder).

A scripted critic says the apple has the wrong colour until an edit happened; the loop must repaint
only the apple's box with the model that drew the picture, leave every pixel outside it alone, redraw
the text over the edit, and never return a worse score.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.compiler import CompileOptions
from agent.findings import Finding
from agent.scene import Scene

SCENE = Scene.parse({"prompt": "a red apple and a sign that says OPEN", "width": 64, "height": 64, "objects": [
    {"id": "apple_1", "name": "apple", "color": "red", "description": "a red apple", "box": [0.125, 0.5, 0.5, 0.875]}],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.5, 0.0, 1.0, 0.25]}]})


class ScriptedColourCritic:
    """Wrong colour for the apple on the first image it sees, right on every later one."""

    name = "color"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, image, scene, store):
        self.seen.append(image.sha256)
        ok = len(self.seen) > 1
        return [Finding(check="color", target="apple_1", problem="ok" if ok else "wrong_color", expected="red",
                        observed="red" if ok else "green", box=scene.objects[0].box)]


@pytest.fixture(scope="module")
def tiny_sd(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("diffusers")
    import torch

    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    return str(tiny_model_dir("sd", tmp_path_factory.mktemp("tiny")))


def test_loop_repaints_only_the_flagged_box_with_the_same_model(tiny_sd, tmp_path, monkeypatch):
    from agent.critique import critique_loop
    from agent.engine.run_folder import make_executor
    from agent.models import pool as pool_module

    monkeypatch.setattr(pool_module, "_default_pool", None)
    critic = ScriptedColourCritic()
    result = critique_loop(SCENE, tmp_path / "run", rounds=2, backend="sd-turbo", critics=[critic],
                           options=CompileOptions(model=tiny_sd, steps=1), seed=1)
    assert result.passed
    assert [r.score for r in result.rounds] == [0.0, 1.0]
    assert result.rounds[1].ran == ["r1.mask", "r1.inpaint", "r1.text"]
    inpaint = result.graph.node("r1.inpaint")
    assert inpaint.params["model"] == tiny_sd and inpaint.params["profile"] == "sd-turbo"
    # One base load served generation and inpainting (from_pipe), not a second checkpoint.
    assert len({key for key in pool_module.default_pool().loaded()}) == 1

    store = make_executor().store  # the loop ran on the default executor, over the same cache root
    first = np.asarray(store.get_image(result.outcome.result.outputs["generate"].image)).astype(int)
    edited = np.asarray(store.get_image(result.outcome.result.outputs["r1.inpaint"].image)).astype(int)
    mask = np.asarray(store.get_image(result.outcome.result.outputs["r1.mask"].mask)) > 127
    assert mask.any() and not mask.all()
    assert (first[~mask] == edited[~mask]).all(), "pixels outside the repainted box changed"
    assert (first[mask] != edited[mask]).any(), "the repaint changed nothing"
    assert Image.open(tmp_path / "run" / "image.png").size == (64, 64)
