"""Every diffusion plugin on tiny random-weight pipelines, loaded by folder through the profile mechanism.

Checks what a user relies on: output size, same seed -> same bytes, a different seed -> a different image,
batches equal single calls, inpainting leaves every pixel outside the mask alone, and the regional
processor keeps each phrase's attention inside its box.

SANA-Sprint (at the end) differs from the SD family where bugs hide: a transformer instead of a UNet, a
DC-AE, the SCM scheduler whose 2-step schedule needs an intermediate timestep (and 1 step must not pass
one), a Gemma tokenizer, no negative prompt, and img2img through ``from_pipe``.
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
from agent.errors import ScenecraftError, ValidationError
from agent.registry import default_registry
from agent.scene import Scene
from plugins.diffusion.regional import outside_mass
from tests.diffusing import pixels, run

SCENE = {"prompt": "a red apple and a blue cup", "width": 64, "height": 64, "objects": [
    {"id": "apple_1", "name": "apple", "description": "a red apple", "color": "red", "box": [0.05, 0.3, 0.45, 0.8]},
    {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue", "box": [0.55, 0.3, 0.95, 0.8]}]}


@pytest.fixture(scope="module")
def sana(tiny_models) -> str:
    return tiny_models["sana"]


def test_one_step_shape_seed_and_batch(ctx, tiny_models):
    common = {"model": tiny_models["sd"], "profile": "sd-turbo", "width": 64, "height": 48}
    a = run(ctx, "generate.one_step", prompt="a red apple", seed=3, **common)
    b = run(ctx, "generate.one_step", prompt="a red apple", seed=3, **common)
    c = run(ctx, "generate.one_step", prompt="a red apple", seed=4, **common)
    assert (a.image.width, a.image.height) == (64, 48)
    assert a.image.sha256 == b.image.sha256
    assert a.image.sha256 != c.image.sha256
    batch = run(ctx, "generate.one_step", prompt=["a red apple", "a blue cup", "a green pear"], seed=3, **common)
    assert len(batch.images) == 3 and batch.image == batch.images[0]
    # image i of a batch uses seed + i: the same picture as a single call, up to batched float rounding
    assert np.abs(pixels(ctx, batch.images[0]) - pixels(ctx, a.image)).max() <= 2
    assert np.abs(pixels(ctx, batch.images[1]) - pixels(ctx, batch.images[0])).mean() > 1


def test_one_step_uses_node_seed_when_none(pool, tiny_models, tmp_path):
    outs = []
    for seed in (1, 1, 2):
        c = RunContext(store=ArtifactStore(tmp_path), seed=seed)
        c.models = pool
        outs.append(run(c, "generate.one_step", prompt="x", model=tiny_models["sd"], width=64, height=64).image.sha256)
    assert outs[0] == outs[1] != outs[2]


def test_img2img_keeps_size_and_refuses_zero_steps(ctx, tiny_models):
    src = run(ctx, "generate.one_step", prompt="a cup", model=tiny_models["sd"], width=64, height=64).image
    out = run(ctx, "edit.img2img", image=src, prompt="a blue cup", model=tiny_models["sd"], profile="sd-turbo",
              strength=0.5)
    assert (out.image.width, out.image.height) == (64, 64) and out.image != src
    with pytest.raises(ValidationError, match="runs no denoising step"):
        run(ctx, "edit.img2img", image=src, prompt="x", model=tiny_models["sd"], strength=0.5, num_inference_steps=1)


@pytest.mark.parametrize("kind,profile", [("sd", "sd-turbo"), ("sdxl", "sdxl-turbo")])
def test_sketch_guided_returns_sketch_and_is_deterministic(ctx, tiny_models, kind, profile):
    params = {"scene": SCENE, "model": tiny_models[kind], "profile": profile, "seed": 0}
    a = run(ctx, "layout.sketch_guided", **params)
    b = run(ctx, "layout.sketch_guided", **params)
    assert a == b
    assert (a.image.width, a.image.height) == (64, 64) and a.sketch != a.image
    sketch = pixels(ctx, a.sketch)
    # the sketch carries the layout: red apple on the left, blue cup on the right
    assert sketch[25:45, 5:25, 0].mean() > sketch[25:45, 5:25, 2].mean()
    assert sketch[25:45, 40:60, 2].mean() > sketch[25:45, 40:60, 0].mean()


@pytest.mark.parametrize("kind,profile,steps,guidance", [("sd", "sd-turbo", 1, 0.0), ("sd", "sd-turbo", 2, 5.0),
                                                         ("sdxl", "sdxl-turbo", 1, 0.0), ("gligen", "gligen", 2, 0.0)])
def test_regional_attention_stays_inside_boxes(ctx, tiny_models, kind, profile, steps, guidance):
    inp_args = {"scene": SCENE, "model": tiny_models[kind], "profile": profile, "num_inference_steps": steps,
                    "guidance_scale": guidance, "record_maps": True, "seed": 5}
    out = run(ctx, "layout.regional", **inp_args)
    assert out.outside_mass == 0.0
    assert (out.image.width, out.image.height) == (64, 64)
    plugin = default_registry().get("layout.regional")
    inp = plugin.Input(**inp_args)
    free_image, free = plugin.generate(inp, ctx, restrict=False)
    assert len(free.maps) >= 2 and all(len(v) == steps for v in free.maps.values())
    assert [len(r.tokens) for r in free.regions] == [9, 8]  # "a red apple" and "a blue cup", byte tokens
    assert outside_mass(free) > 0.2  # unrestricted attention spreads: the check above can fail
    assert np.asarray(free_image).tobytes() != np.asarray(ctx.load_image(out.image)).tobytes()


def test_regional_restores_processors(ctx, tiny_models, pool):
    pipe = pool.pipeline(tiny_models["sd"])
    before = {k: type(v).__name__ for k, v in pipe.unet.attn_processors.items()}
    run(ctx, "layout.regional", scene=SCENE, model=tiny_models["sd"])
    assert {k: type(v).__name__ for k, v in pipe.unet.attn_processors.items()} == before


def test_gligen_boxes_change_the_image(ctx, tiny_models):
    params = {"model": tiny_models["gligen"], "num_inference_steps": 2, "gligen_scheduled_sampling_beta": 0.5,
              "seed": 1}
    a = run(ctx, "layout.gligen", scene=SCENE, **params)
    b = run(ctx, "layout.gligen", scene=SCENE, **params)
    moved = Scene.parse(SCENE)
    moved.objects[0].box = (0.5, 0.0, 1.0, 0.3)
    c = run(ctx, "layout.gligen", scene=moved.model_dump(), **params)
    assert a == b and (a.image.width, a.image.height) == (64, 64)
    assert a.image != c.image
    with pytest.raises(ValidationError, match="grounds no step"):
        run(ctx, "layout.gligen", scene=SCENE, model=tiny_models["gligen"], num_inference_steps=2)  # 0.3 x 2 -> 0


def test_gligen_refuses_sdxl_before_loading(ctx, tiny_models, pool):
    loads = pool.loads
    with pytest.raises(ScenecraftError, match="GLIGEN needs a GLIGEN checkpoint"):
        run(ctx, "layout.gligen", scene=SCENE, model=tiny_models["sdxl"], num_inference_steps=2)
    assert pool.loads == loads


def test_instruct_pix2pix(ctx, tiny_models):
    src = run(ctx, "generate.one_step", prompt="a cup", model=tiny_models["sd"], width=64, height=64).image
    a = run(ctx, "edit.instruct", image=src, prompt="make it blue", model=tiny_models["pix2pix"], num_inference_steps=2)
    b = run(ctx, "edit.instruct", image=src, prompt="make it blue", model=tiny_models["pix2pix"], num_inference_steps=2)
    assert a == b and (a.image.width, a.image.height) == (64, 64) and a.image != src


@pytest.mark.parametrize("kind,profile", [("inpaint", "sd-inpaint"), ("sd", "sd-turbo"), ("sdxl", "sdxl-turbo")])
def test_inpaint_changes_only_the_mask(ctx, tiny_models, kind, profile):
    src = run(ctx, "generate.one_step", prompt="a table", model=tiny_models["sd"], width=64, height=64, seed=2).image
    out = run(ctx, "edit.inpaint", image=src, prompt="a cat", model=tiny_models[kind], profile=profile,
              scene=SCENE, object_id="apple_1", num_inference_steps=2)
    before, after, mask = pixels(ctx, src), pixels(ctx, out.image), pixels(ctx, out.mask)
    assert mask.shape == (64, 64) and (mask > 0).sum() == 26 * 32  # apple box 0.05..0.45 x 0.3..0.8 of 64
    assert (before[mask == 0] == after[mask == 0]).all()
    assert (before[mask > 0] != after[mask > 0]).any(axis=-1).mean() > 0.5


def test_inpaint_region_is_exactly_one_of(ctx, tiny_models):
    reg = default_registry()
    src = run(ctx, "generate.one_step", prompt="a", model=tiny_models["sd"], width=64, height=64).image
    with pytest.raises(ValueError, match="exactly one of mask, box or object_id"):
        reg.get_class("edit.inpaint").Input(image=src, prompt="x", box=[0, 0, 1, 1], object_id="apple_1", scene=SCENE)
    with pytest.raises(ValueError, match="not an object of the scene"):
        reg.get_class("edit.inpaint").Input(image=src, prompt="x", object_id="pear", scene=SCENE)


# -- SANA-Sprint -------------------------------------------------------------------------------------
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
        rc = cli(["run", "a red apple left of a blue cup", "--backend", "sana-sprint", "--model", sana, "--layout",
                  layout,
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
