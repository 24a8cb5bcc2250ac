"""Plugin-level checks of the generation controls and image ops on the tiny in-process models.

Per-step progress events reach a listener from every diffusion path; a scheduler is swapped in for one
call only (and an unknown or incompatible one is a one-line error); a LoRA changes the picture; the pad +
inpaint pair (outpainting) keeps every original pixel and fills the margin; inpainting works on a photo
whose size is not a multiple of 8.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from agent.artifacts import ArtifactStore
from agent.context import ProgressEvent, progress_listener
from agent.errors import ScenecraftError
from agent.registry import default_registry
from tests.diffusing import pixels, run


def test_every_path_reports_each_step(ctx, tiny_models):
    seen: list[ProgressEvent] = []
    events: list[ProgressEvent] = []

    def listen(ev: ProgressEvent) -> None:
        (events if ev.total else seen).append(ev)  # total 0: a phase without steps (a model load)

    with progress_listener(listen):
        src = run(ctx, "generate.one_step", prompt="a cup", model=tiny_models["sd"], width=64, height=64,
                  num_inference_steps=3).image
        assert [(e.step, e.total) for e in events] == [(1, 3), (2, 3), (3, 3)] and events[0].node == "n"
        assert [e.message for e in seen] == [f"loading {tiny_models['sd']}"]
        events.clear()
        run(ctx, "edit.img2img", image=src, prompt="a blue cup", model=tiny_models["sd"], strength=0.5,
            num_inference_steps=4)
        assert [(e.step, e.total) for e in events] == [(1, 2), (2, 2)]  # int(4 x 0.5) real steps
        events.clear()
        run(ctx, "edit.inpaint", image=src, prompt="a cat", model=tiny_models["sd"], profile="sd-turbo",
            box=[0.2, 0.2, 0.6, 0.6], num_inference_steps=2)
        run(ctx, "edit.instruct", image=src, prompt="make it blue", model=tiny_models["pix2pix"], num_inference_steps=2)
        scene = {"prompt": "a cup", "width": 64, "height": 64,
                 "objects": [{"id": "c", "name": "cup", "box": [0.1, 0.1, 0.6, 0.6]}]}
        run(ctx, "layout.gligen", scene=scene, model=tiny_models["gligen"], num_inference_steps=2,
            gligen_scheduled_sampling_beta=0.5)  # the deprecated pipeline's legacy callback
        assert [(e.step, e.total) for e in events] == [(1, 2), (2, 2)] * 3
    events.clear()
    run(ctx, "generate.one_step", prompt="a cup", model=tiny_models["sd"], width=64, height=64, seed=1)
    assert events == []  # no listener outside the block, no callback


def test_a_failing_listener_never_breaks_the_run(ctx, tiny_models):
    def boom(ev: ProgressEvent) -> None:
        raise RuntimeError("display gone")

    with progress_listener(boom):
        out = run(ctx, "generate.one_step", prompt="a cup", model=tiny_models["sd"], width=64, height=64,
                  num_inference_steps=2)
    assert out.image.width == 64


def test_scheduler_is_swapped_for_one_call_only(ctx, tiny_models, pool):
    common = {"prompt": "a cup", "model": tiny_models["sd"], "width": 64, "height": 64, "num_inference_steps": 2,
              "seed": 1}
    plain = run(ctx, "generate.one_step", **common).image
    euler = run(ctx, "generate.one_step", scheduler="EulerDiscreteScheduler", **common).image
    dpm = run(ctx, "generate.one_step", scheduler="DPMSolverMultistepScheduler", **common).image
    assert len({plain.sha256, euler.sha256, dpm.sha256}) == 3
    pipe = pool.pipeline(tiny_models["sd"])
    assert type(pipe.scheduler).__name__ == "EulerAncestralDiscreteScheduler"
    assert pipe.scheduler.config.timestep_spacing == "trailing"
    assert run(ctx, "generate.one_step", **common).image == plain


def test_unknown_and_incompatible_schedulers_are_one_line_errors(ctx, tiny_models):
    cls = default_registry().get_class("generate.one_step")
    with pytest.raises(ValueError, match=r"unknown scheduler 'EulerDiscrete'.*did you mean EulerDiscreteScheduler"):
        cls.Input(prompt="x", scheduler="EulerDiscrete")
    with pytest.raises(ValueError, match="unknown scheduler 'NoSuchScheduler'"):
        cls.Input(prompt="x", scheduler="NoSuchScheduler")
    with pytest.raises(ScenecraftError, match="scheduler 'SCMScheduler' does not fit StableDiffusionPipeline"):
        run(ctx, "generate.one_step", prompt="x", model=tiny_models["sd"], width=64, height=64,
            scheduler="SCMScheduler")


def test_lora_changes_the_image_and_a_missing_one_is_refused(ctx, tiny_models, tmp_path):
    common = {"prompt": "a cup", "model": tiny_models["sd"], "width": 64, "height": 64, "seed": 1}
    plain = run(ctx, "generate.one_step", **common)
    lora = run(ctx, "generate.one_step", loras=[{"path": tiny_models["lora"], "scale": 1.0}], **common)
    assert plain.image != lora.image
    plugin = default_registry().get("generate.one_step")
    inp = plugin.Input(loras=[{"path": tiny_models["lora"], "scale": 0.5}], **common)
    assert plugin.model_ids(inp)[1].endswith("tiny-lora")
    with pytest.raises(ValueError, match="LoRA path '.*missing' does not exist"):
        plugin.Input(loras=[{"path": str(tmp_path / "missing")}], **common)
    assert run(ctx, "generate.one_step", **common).image == plain.image  # the plain model stays unpatched


def test_outpaint_keeps_original_pixels_and_fills_the_margin(ctx, tiny_models):
    from PIL import Image

    rng = np.random.default_rng(0)
    photo = Image.fromarray(rng.integers(0, 255, (40, 56, 3), dtype=np.uint8))
    src = ctx.save_image(photo)
    padded = run(ctx, "image.pad", image=src, left=16, top=8)
    assert (padded.image.width, padded.image.height) == (72, 48)
    mask = pixels(ctx, padded.mask)
    assert (mask[8:, 16:] == 0).all() and (mask[:8] == 255).all() and (mask[:, :16] == 255).all()
    out = run(ctx, "edit.inpaint", image=padded.image, mask=padded.mask, prompt="a wall", model=tiny_models["sd"],
              profile="sd-turbo", num_inference_steps=1)
    after = pixels(ctx, out.image)
    assert (after[8:, 16:] == np.asarray(photo)).all()  # every original pixel, exactly
    edge_fill = pixels(ctx, padded.image)[:8, :16]
    assert np.abs(after[:8, :16] - edge_fill).mean() > 5  # the margin was redrawn, not left as edge fill
    with pytest.raises(ValueError, match="at least one of left"):
        default_registry().get_class("image.pad").Input(image=src)


def test_inpaint_any_size_photo(ctx, tiny_models):
    from PIL import Image

    photo = Image.fromarray(np.random.default_rng(1).integers(0, 255, (45, 61, 3), dtype=np.uint8))
    src = ctx.save_image(photo)
    out = run(ctx, "edit.inpaint", image=src, box=[0.25, 0.25, 0.75, 0.75], prompt="a cat", model=tiny_models["sd"],
              profile="sd-turbo", num_inference_steps=1)
    after, mask = pixels(ctx, out.image), pixels(ctx, out.mask)
    assert after.shape == (45, 61, 3)
    assert (after[mask == 0] == np.asarray(photo)[mask == 0]).all()


def test_input_image_node_needs_its_pixels_in_the_store(ctx, tmp_path):
    from PIL import Image

    ref = ArtifactStore(tmp_path / "other").put_image(Image.new("RGB", (8, 8), "red"))
    with pytest.raises(ScenecraftError, match="input image 'photo.png' .* is not in the artifact store"):
        run(ctx, "input.image", image=ref, name="photo.png")
    ref = ctx.save_image(Image.new("RGB", (8, 8), "red"))
    assert run(ctx, "input.image", image=ref).image == ref
