"""The Python API takes your image too: ``Agent.run(prompt, image=..., box=... | mask=..., outpaint=..., n=...)``.

Photo -> inpaint a box -> outpaint -> four seeds, all from Python on the tiny model, each result
reproducible with ``run --from``; progress events reach a listener through the executor's own bar.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from PIL import Image

from agent import Agent
from agent.cli import main as cli
from agent.context import progress_listener
from agent.errors import ScenecraftError
from tests.tiny_models import tiny_model_dir


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def tiny_sd(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_dir("sd", tmp_path_factory.mktemp("tiny")))


def test_photo_box_outpaint_four_seeds(tiny_sd, tmp_path):
    rng = np.random.default_rng(3)
    photo = rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)
    agent = Agent(backend="sd-turbo", model=tiny_sd, out_dir=tmp_path / "runs")
    events = []
    with progress_listener(events.append):
        cat = agent.run("a cat", image=photo, box=(0.25, 0.25, 0.75, 0.75))
    assert cat.ok, cat.errors
    assert [(e.node, e.step, e.total) for e in events if e.total] == [("edit", 1, 1)]
    out = np.asarray(cat.image())
    outside = np.ones((48, 64), bool)
    outside[12:36, 16:48] = False
    assert (out[outside] == photo[outside]).all()
    wide = agent.run("a beach", image=cat.images[0], outpaint={"left": 16}, n=4)
    assert wide.ok and len(wide.images) == 4 and wide.grid is not None and wide.grid.exists()
    shots = [np.asarray(im) for im in wide.load_images()]
    assert all(s.shape == (48, 80, 3) and (s[:, 16:] == out).all() for s in shots)
    assert len({s.tobytes() for s in shots}) == 4
    assert cli(["run", "--from", str(wide.images[1]), "--out", str(tmp_path / "again"), "--no-progress",
                "--allow-remote"]) == 0
    with Image.open(tmp_path / "again" / "image.png") as im:
        assert (np.asarray(im.convert("RGB")) == shots[1]).all()


def test_api_controls_and_bad_options(tiny_sd, tmp_path):
    agent = Agent(backend="sd-turbo", model=tiny_sd, out_dir=tmp_path / "runs", width=64, height=64)
    with pytest.warns(UserWarning, match="negative prompt 'blurry' has no effect"):
        res = agent.run("a red apple", negative_prompt="blurry", scheduler="EulerDiscreteScheduler")
    assert res.ok and res.graph.nodes[0].params["scheduler"] == "EulerDiscreteScheduler"
    edited = agent.edit(res, "make the apple green")
    assert edited.graph.nodes[0].params["scheduler"] == "EulerDiscreteScheduler"  # the controls carry over
    with pytest.raises(ScenecraftError, match="unknown scheduler 'Nope'"):
        agent.run("a red apple", scheduler="Nope")
    with pytest.raises(ScenecraftError, match="run option 'colour'"):
        agent.run("a red apple", colour="red")
    with pytest.raises(ScenecraftError, match="need image="):
        agent.run("a red apple", box=(0, 0, 1, 1))


def test_executor_step_bar_passes_events_on(tiny_sd, tmp_path):
    from agent.engine.run_folder import execute_to_dir, make_executor
    from agent.graph import OutputRef, TaskGraph

    g = TaskGraph()
    g.add("gen", "generate.one_step", model=tiny_sd, prompt="a cup", width=64, height=64, num_inference_steps=2)
    g.outputs = [OutputRef(node="gen", field="image")]
    seen = []
    with progress_listener(seen.append):
        out = execute_to_dir(g, tmp_path / "o", executor=make_executor(progress=True))
    assert out.ok and [(e.step, e.total) for e in seen if e.total] == [(1, 2), (2, 2)]
