"""SANA-Sprint on a tiny random-weight pipeline, loaded by folder through the ``sana-sprint`` profile.

SANA-Sprint differs from the SD family where bugs hide: a transformer instead of a UNet, a DC-AE,
the SCM scheduler whose 2-step schedule needs an intermediate timestep (and 1 step must not pass one),
a Gemma tokenizer, no negative prompt, and img2img through ``from_pipe``. Each test goes through the
same profile -> pool -> plugin path a user's real 1.6B checkpoint takes.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from agent.artifacts import ArtifactStore
from agent.cli import main as cli
from agent.context import RunContext
from agent.errors import ScenecraftError
from agent.models import ModelPool
from agent.registry import default_registry
from tests.tiny_models import tiny_model_dir

SCENE = {"prompt": "a red apple and a blue cup", "width": 64, "height": 64, "objects": [
    {"id": "apple_1", "name": "apple", "description": "a red apple", "color": "red", "box": [0.05, 0.3, 0.45, 0.8]},
    {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue", "box": [0.55, 0.3, 0.95, 0.8]}]}


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def sana(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_dir("sana", tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="module")
def pool() -> ModelPool:
    return ModelPool(offline=True)


@pytest.fixture
def ctx(pool: ModelPool, tmp_path) -> RunContext:
    c = RunContext(store=ArtifactStore(tmp_path / "store"), seed=7, node_id="n")
    c.models = pool
    return c


def run(ctx: RunContext, plugin_id: str, **params):
    reg = default_registry()
    return reg.get(plugin_id).run(reg.get_class(plugin_id).Input(**params), ctx)


def pixels(ctx: RunContext, ref) -> np.ndarray:
    return np.asarray(ctx.load_image(ref)).astype(np.int16)


@pytest.mark.parametrize("steps", [1, 2])  # 2 takes SCM's intermediate timestep, 1 must not
def test_one_step_sana_size_seed_and_batch(ctx, sana, steps):
    common = {"model": sana, "profile": "sana-sprint", "width": 64, "height": 64, "num_inference_steps": steps}
    a = run(ctx, "generate.one_step", prompt=["a red apple", "a blue cup"], seed=3, **common)
    b = run(ctx, "generate.one_step", prompt="a red apple", seed=3, **common)
    c = run(ctx, "generate.one_step", prompt="a red apple", seed=4, **common)
    assert len(a.images) == 2 and all((r.width, r.height) == (64, 64) for r in a.images)
    assert np.abs(pixels(ctx, a.images[0]) - pixels(ctx, b.image)).max() <= 2  # batch item 0 == single call
    assert b.image != c.image and a.images[0] != a.images[1]
    assert run(ctx, "generate.one_step", prompt="a red apple", seed=3, **common) == b  # same seed, same bytes


def test_pool_loads_sana_once_and_shares_it_with_img2img(pool, sana):
    t2i = pool.pipeline(sana)
    i2i = pool.pipeline(sana, "image2image")
    assert type(t2i).__name__ == "SanaSprintPipeline" and type(i2i).__name__ == "SanaSprintImg2ImgPipeline"
    assert t2i.transformer is i2i.transformer and t2i.text_encoder is i2i.text_encoder
    assert len(t2i.tokenizer) > 256  # a byte-level tokenizer that reads any prompt
    with pytest.raises(ScenecraftError, match="cannot do inpaint"):
        pool.pipeline(sana, "inpaint")


def test_sketch_guided_and_img2img_on_sana(ctx, sana):
    params = {"scene": SCENE, "model": sana, "profile": "sana-sprint", "seed": 0}
    a = run(ctx, "layout.sketch_guided", **params)
    assert run(ctx, "layout.sketch_guided", **params) == a
    assert (a.image.width, a.image.height) == (64, 64) and a.image != a.sketch
    out = run(ctx, "edit.img2img", image=a.image, prompt="a green apple", model=sana, profile="sana-sprint",
              strength=0.6, seed=1)
    assert (out.image.width, out.image.height) == (64, 64) and out.image != a.image


def test_regional_and_gligen_refuse_sana_before_loading(sana, tmp_path, capsys):
    for layout in ("regional", "gligen"):
        rc = cli(["run", "a red apple left of a blue cup", "--backend", "sana-sprint", "--model", sana, "--layout", layout,
                  "--width", "64", "--height", "64", "--out", str(tmp_path / layout), "--no-progress"])
        err = capsys.readouterr().err
        assert rc == 2 and "is sana" in err and "use layout 'sketch' with it" in err, err
        assert not (tmp_path / layout / "image.png").exists()


def test_cli_sana_end_to_end(sana, tmp_path, capsys):
    out = tmp_path / "run"
    rc = cli(["run", "a red apple left of a blue cup", "--backend", "sana-sprint", "--model", sana, "--steps", "2",
              "--width", "64", "--height", "64", "--out", str(out), "--no-progress"])
    assert rc == 0, capsys.readouterr().err
    graph = json.loads((out / "graph.json").read_text())
    assert graph["nodes"][0]["plugin"] == "layout.sketch_guided" and graph["nodes"][0]["params"]["model"] == sana
    trace = json.loads((out / "trace.json").read_text())
    assert [n["status"] for n in trace["nodes"]] == ["ok"]
