"""Session-level pieces behind the web page: settings, image turns (upload + drawn mask), n candidates,
node and step events. Runs on the sketch backend and the tiny in-process diffusers model (no weights).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from agent.chat import ChatSession
from agent.chat.settings import apply_settings, setting_notes, settings_of
from agent.context import progress_listener
from agent.errors import ScenecraftError


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def test_settings_apply_check_and_persist(tmp_path):
    s = ChatSession(tmp_path / "s", width=64, height=64)
    changes = apply_settings(s, {"seed": 7.0, "n": 3, "guidance": "", "steps": 0, "negative_prompt": " blur ",
                                 "layout": "default", "width": 128})
    assert sorted(c.split(":")[0] for c in changes) == ["n", "negative_prompt", "seed", "width"]
    assert settings_of(s)["seed"] == 7 and s.state.steps is None and s.state.layout is None
    assert s.state.negative_prompt == "blur"
    assert apply_settings(s, {"seed": 7}) == []
    assert ChatSession.load(tmp_path / "s").state.n == 3  # saved
    for bad, word in [({"n": 0}, "n"), ({"guidance": -1}, "guidance"), ({"backend": "nope"}, "nope"),
                      ({"width": 4}, "width"), ({"strength": 1.5}, "strength"), ({"layout": "zig"}, "layout"),
                      ({"colour": 1}, "colour"), ({"guidance": "lots"}, "lots")]:
        with pytest.raises(ScenecraftError, match=word):
            apply_settings(s, {"seed": 99, **bad})
        assert s.state.seed == 7  # nothing applied when one value is wrong
    apply_settings(s, {"guidance": "3"})
    assert s.state.guidance == 3.0
    assert "text turns" in setting_notes(s)[0]


def test_n_candidates_and_node_events(tmp_path):
    s = ChatSession(tmp_path / "s", width=64, height=64)
    apply_settings(s, {"n": 2})
    events = []
    s.executor.listener = events.append
    turn = s.send("a red apple")
    assert turn.kind == "plan" and [p.rsplit("/", 1)[1] for p in turn.images] == ["image_1.png", "image_2.png"]
    assert (s.folder / turn.run_dir / "grid.png").exists() and "2 images (seeds 0..1)" in turn.reply
    a, b = (np.asarray(Image.open(s.path(p))) for p in turn.images)
    assert a.shape == b.shape
    assert events[0]["type"] == "node_started"
    ended = [e for e in events if e["type"] == "node_finished"]
    assert len(ended) == turn.nodes  # one start and one end per node, for both seeds


@pytest.fixture(scope="module")
def tiny_sd(tmp_path_factory) -> str:
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    torch.set_num_threads(1)
    from tests.tiny_models import tiny_model_dir

    return str(tiny_model_dir("sd", tmp_path_factory.mktemp("tiny")))


def _photo() -> Image.Image:
    y, x = np.mgrid[0:48, 0:64]
    return Image.fromarray(np.stack([x * 4, y * 5, 255 - x * 2], axis=-1).astype(np.uint8))


def test_image_turn_inpaints_only_the_drawn_mask(tmp_path, tiny_sd):
    s = ChatSession(tmp_path / "s", model=tiny_sd, steps=2)
    layer = Image.new("RGBA", (64, 48), (0, 0, 0, 0))  # strokes on a clear layer, as the page's editor sends
    layer.paste((255, 255, 255, 255), (16, 12, 40, 36))
    steps = []
    with progress_listener(steps.append):
        turn = s.send_image("a yellow sun", _photo(), layer)
    assert turn.kind == "image", turn.reply
    assert turn.reply.startswith("Inpainted the drawn mask") and steps and steps[-1].step == steps[-1].total
    out = np.asarray(Image.open(s.path(turn.images[0])).convert("RGB")).astype(int)
    src = np.asarray(_photo()).astype(int)
    outside = np.ones((48, 64), bool)
    outside[12:36, 16:40] = False
    assert np.abs(out - src)[outside].max() <= 2 and np.abs(out - src)[~outside].max() > 2
    assert (s.folder / "uploads" / "mask-000.png").exists()
    graph = json.loads((s.folder / turn.run_dir / "graph.json").read_text())
    assert {n["plugin"] for n in graph["nodes"]} >= {"input.image", "edit.inpaint"}
    assert ChatSession.load(s.folder).turns[0].kind == "image"  # a saved image turn resumes


def test_image_turn_without_mask_redraws_and_bad_upload_is_one_line(tmp_path, tiny_sd):
    s = ChatSession(tmp_path / "s", model=tiny_sd, steps=2)
    apply_settings(s, {"strength": 0.9, "n": 2})
    turn = s.send_image("an oil painting", _photo(), Image.new("RGBA", (64, 48)))  # an empty layer: no mask
    assert turn.kind == "image" and "strength 0.9" in turn.reply and len(turn.images) == 2
    out = np.asarray(Image.open(s.path(turn.images[0])).convert("RGB").resize((64, 48))).astype(int)
    assert np.abs(out - np.asarray(_photo()).astype(int)).mean() > 3
    bad = tmp_path / "not.png"
    bad.write_bytes(b"no picture here")
    err = s.send_image("x", str(bad))
    assert err.kind == "error" and "not an image" in err.reply and "\n" not in err.reply
    assert s.send_image("  ", _photo()).kind == "error"


def test_scheduler_and_lora_settings_are_checked_like_the_cli(tmp_path):
    pytest.importorskip("diffusers")
    s = ChatSession(tmp_path / "s", width=64, height=64)
    lora = tmp_path / "style.safetensors"
    lora.write_bytes(b"")  # only its existence is checked before a run
    changes = apply_settings(s, {"scheduler": "EulerDiscreteScheduler", "loras": f"{lora}:0.5, \n"})
    assert sorted(c.split(":")[0] for c in changes) == ["loras", "scheduler"]
    assert s.state.loras == [f"{lora}:0.5"] and s.controls()["loras"] == [{"path": str(lora), "scale": 0.5}]
    assert ChatSession.load(s.folder).state.scheduler == "EulerDiscreteScheduler"  # saved
    assert "scheduler, loras" in setting_notes(s)[0]  # a sketch backend does not use them
    for bad, needle in [({"scheduler": "NoSuchScheduler"}, "unknown scheduler 'NoSuchScheduler'"),
                        ({"loras": "/nowhere/style.safetensors"}, "'/nowhere/style.safetensors'"),
                        ({"loras": [3]}, "loras")]:
        with pytest.raises(ScenecraftError, match=needle) as err:
            apply_settings(s, {"seed": 5, **bad})
        assert "\n" not in str(err.value)
        assert s.state.seed == 0 and s.state.scheduler == "EulerDiscreteScheduler"  # nothing applied
    assert ChatSession.load(s.folder).state.loras == [f"{lora}:0.5"]
    apply_settings(s, {"scheduler": "default", "loras": ""})
    assert s.state.scheduler is None and s.state.loras == [] and s.controls() == {}


def test_the_suggested_schedulers_are_diffusers_classes():
    pytest.importorskip("diffusers")
    import diffusers

    from agent.chat.settings import SCHEDULERS

    assert all(hasattr(diffusers, name) for name in SCHEDULERS)


def test_a_scheduler_setting_reaches_the_run_and_its_provenance(tmp_path, tiny_sd):
    from agent.artifacts import read_provenance

    s = ChatSession(tmp_path / "s", backend="sd-turbo", model=tiny_sd, steps=2, width=64, height=64)
    turn = s.send("a red apple")
    apply_settings(s, {"scheduler": "EulerDiscreteScheduler"})
    again = s.send("make the apple green")
    assert turn.kind == "plan" and again.kind == "edit", again.reply
    nodes = read_provenance(s.path(again.images[0]))["graph"]["nodes"]
    diffusing = [n for n in nodes if "model" in n["params"]]  # the nodes that run the model
    assert diffusing and {n["params"].get("scheduler") for n in diffusing} == {"EulerDiscreteScheduler"}
    before = read_provenance(s.path(turn.images[0]))["graph"]["nodes"]
    assert all("scheduler" not in n["params"] for n in before)  # earlier turns keep their settings
    upload = s.send_image("an oil painting", _photo())
    graph = json.loads((s.folder / upload.run_dir / "graph.json").read_text())
    assert [n["params"].get("scheduler") for n in graph["nodes"] if n["plugin"] == "edit.img2img"] == \
        ["EulerDiscreteScheduler"]


def test_outpaint_turn_keeps_the_photo_and_reruns_from_its_png(tmp_path, tiny_sd, monkeypatch):
    from agent.chat.image_turns import image_turn
    from agent.commands.chat import send
    from agent.jobs import rerun_from_png

    monkeypatch.setenv("SCENECRAFT_MODEL_SD_TURBO", tiny_sd)  # the edit profile is the user's own model
    s = ChatSession(tmp_path / "s", model=tiny_sd, steps=2)
    photo = tmp_path / "photo.png"
    _photo().save(photo)
    turn = send(s, f"/image {photo} --outpaint left=16,top=8 a sunny beach")
    assert turn.kind == "image" and turn.reply.startswith("Kept the photo, then outpainted (left +16 px, top +8 px)")
    out = np.asarray(Image.open(s.path(turn.images[0])).convert("RGB")).astype(int)
    assert out.shape == (56, 80, 3)
    assert np.abs(out[8:, 16:] - np.asarray(_photo()).astype(int)).max() <= 2  # the photo, untouched
    assert out[:8].std() > 0 and out[:, :16].std() > 0  # the margin is painted, not left blank
    again = rerun_from_png(s.path(turn.images[0]), tmp_path / "again")
    assert again.images[0].read_bytes() == s.path(turn.images[0]).read_bytes()  # run --from reproduces it
    with pytest.raises(ScenecraftError, match="nothing to do"):
        image_turn(s, "x", photo, None, redraw=False)
    err = s.send_image("make it winter", _photo(), instruction=True, outpaint="left=16")
    assert err.kind == "error" and "--instruction edits the whole image" in err.reply
