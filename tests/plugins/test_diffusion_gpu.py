"""Real checkpoints on a CUDA GPU (skipped here: no GPU, no model hub).

Run on a GPU machine with the weights fetched (``scenecraft models`` prints the commands):
``pytest tests/test_diffusion_gpu.py --run-gpu``. Each test goes through the same profile -> pool ->
plugin path as the tiny-model tests, at the models' real sizes and step counts.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]

from agent.artifacts import ArtifactStore
from agent.context import RunContext
from agent.models import ModelPool
from agent.registry import default_registry

SCENE = {"prompt": "a red apple left of a blue cup on a wooden table", "width": 512, "height": 512,
         "background": "a wooden table", "objects": [
             {"id": "apple_1", "name": "apple", "description": "a red apple", "box": [0.08, 0.4, 0.45, 0.85]},
             {"id": "cup_1", "name": "cup", "description": "a blue cup", "box": [0.55, 0.35, 0.92, 0.85]}]}


@pytest.fixture(scope="module")
def pool() -> ModelPool:
    return ModelPool(offline=True)


@pytest.fixture
def ctx(pool, tmp_path) -> RunContext:
    c = RunContext(store=ArtifactStore(tmp_path), seed=0)
    c.models = pool
    return c


def run(ctx, plugin_id, **params):
    reg = default_registry()
    return reg.get(plugin_id).run(reg.get_class(plugin_id).Input(**params), ctx)


def looks_like_an_image(ctx, ref, size) -> None:
    arr = np.asarray(ctx.load_image(ref)).astype(np.float32)
    assert (ref.width, ref.height) == size
    assert arr.std() > 20  # not blank, not a NaN-black image


@pytest.mark.parametrize("profile,size", [("sd-turbo", 512), ("sdxl-turbo", 512), ("sana-sprint", 1024)])
def test_one_step_real(ctx, profile, size):
    out = run(ctx, "generate.one_step", model=profile, prompt=["a red apple", "a blue cup"], seed=1)
    again = run(ctx, "generate.one_step", model=profile, prompt=["a red apple", "a blue cup"], seed=1)
    assert len(out.images) == 2 and out == again
    for ref in out.images:
        looks_like_an_image(ctx, ref, (size, size))


def test_sketch_guided_real(ctx):
    out = run(ctx, "layout.sketch_guided", model="sd-turbo", scene=SCENE, seed=0)
    looks_like_an_image(ctx, out.image, (512, 512))


@pytest.mark.parametrize("profile,steps,guidance", [("sd-turbo", 1, 0.0), ("sd-turbo", 4, 0.0), ("gligen", 25, 7.5)])
def test_regional_real_stays_in_boxes(ctx, profile, steps, guidance):
    out = run(ctx, "layout.regional", model=profile, scene=SCENE, num_inference_steps=steps, guidance_scale=guidance,
              record_maps=True)
    assert out.outside_mass == 0.0
    looks_like_an_image(ctx, out.image, (512, 512))


def test_gligen_real(ctx):
    out = run(ctx, "layout.gligen", scene=SCENE, seed=0)
    looks_like_an_image(ctx, out.image, (512, 512))


def test_instruct_and_inpaint_real(ctx):
    src = run(ctx, "generate.one_step", model="sd-turbo", prompt="a red apple on a table").image
    edited = run(ctx, "edit.instruct", image=src, prompt="make the apple green")
    looks_like_an_image(ctx, edited.image, (512, 512))
    painted = run(ctx, "edit.inpaint", image=src, prompt="a blue cup", box=[0.3, 0.3, 0.7, 0.7])
    before, after = np.asarray(ctx.load_image(src)), np.asarray(ctx.load_image(painted.image))
    mask = np.asarray(ctx.load_image(painted.mask)) == 0
    assert (before[mask] == after[mask]).all()
