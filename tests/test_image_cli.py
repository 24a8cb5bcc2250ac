"""Your own image in, many images out, from the CLI, end to end on the tiny in-process models.

img2img differs from the photo and more so at a higher strength; inpainting a box or a mask leaves every
pixel outside it exactly as it was; outpainting keeps the photo's pixels and fills the margin; an
instruction changes the image; ``--n 4`` gives four different images and a grid; every result is
reproduced by ``run --from`` with an empty cache. Bad input for each flag is one line naming the value,
and nothing is written to ``--out``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from PIL import Image

from agent.artifacts import read_provenance
from agent.cli import main as cli
from tests.tiny_models import TinyModels


@pytest.fixture
def photo(tmp_path) -> tuple[str, np.ndarray]:
    """A 64x48 RGBA photo with smooth colour (a palette or 16-bit file goes through the same reader)."""
    y, x = np.mgrid[0:48, 0:64]
    rgb = np.stack([x * 4, y * 5, 255 - x * 2], axis=-1).astype(np.uint8)
    path = tmp_path / "photo.png"
    Image.fromarray(np.dstack([rgb, np.full((48, 64), 255, np.uint8)]), "RGBA").save(path)
    return str(path), rgb.astype(np.int16)


def run(capsys, *argv: str) -> tuple[int, str]:
    rc = cli(["run", *argv, "--no-progress"])
    return rc, capsys.readouterr().err


def pixels(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(np.int16)


def sd(tiny_models: TinyModels) -> list[str]:
    return ["--backend", "sd-turbo", "--model", tiny_models["sd"]]


def test_img2img_differs_and_more_at_higher_strength(tiny_models, photo, tmp_path, capsys):
    path, rgb = photo
    diffs = []
    for s in ("0.3", "0.9"):
        rc, err = run(capsys, "a red apple", "--image", path, "--strength", s, *sd(tiny_models),
                      "--out", str(tmp_path / s))
        assert rc == 0, err
        out = pixels(tmp_path / s / "image.png")
        assert out.shape == rgb.shape
        diffs.append(np.abs(out - rgb).mean())
    assert 0 < diffs[0] < diffs[1]
    graph = json.loads((tmp_path / "0.3" / "graph.json").read_text())
    assert [n["plugin"] for n in graph["nodes"]] == ["input.image", "edit.img2img"]


def test_inpaint_box_and_mask_leave_the_rest_exactly(tiny_models, photo, tmp_path, capsys):
    path, rgb = photo
    rc, err = run(capsys, "a cat", "--image", path, "--box", "0.25,0.25,0.75,0.75", *sd(tiny_models),
                  "--out", str(tmp_path / "box"))
    assert rc == 0, err
    out = pixels(tmp_path / "box" / "image.png")
    inside = np.zeros(rgb.shape[:2], bool)
    inside[12:36, 16:48] = True
    assert (out[~inside] == rgb[~inside]).all() and (out[inside] != rgb[inside]).any(axis=-1).mean() > 0.5
    mask = np.zeros((48, 64), np.uint8)
    mask[5:20, 40:60] = 255
    Image.fromarray(mask).save(tmp_path / "mask.png")
    rc, err = run(capsys, "a cat", "--image", path, "--mask", str(tmp_path / "mask.png"), *sd(tiny_models),
                  "--out", str(tmp_path / "mask"))
    assert rc == 0, err
    out = pixels(tmp_path / "mask" / "image.png")
    assert (out[mask == 0] == rgb[mask == 0]).all() and (out[mask > 0] != rgb[mask > 0]).any()
    # the photo and the mask are input.image nodes in the store: --from without the node cache recomputes them
    shutil.rmtree(Path(os.environ["SCENECRAFT_CACHE"]) / "nodes")
    rc = cli(["run", "--from", str(tmp_path / "mask" / "image.png"), "--out", str(tmp_path / "again"),
              "--no-progress", "--allow-remote"])
    assert rc == 0
    assert pixels(tmp_path / "again" / "image.png").tolist() == out.tolist()


def test_outpaint_keeps_the_photo_and_fills_the_margin(tiny_models, photo, tmp_path, capsys):
    path, rgb = photo
    rc, err = run(capsys, "a wide landscape", "--image", path, "--outpaint", "left=16,top=8", *sd(tiny_models),
                  "--out", str(tmp_path / "o"))
    assert rc == 0, err
    out = pixels(tmp_path / "o" / "image.png")
    assert out.shape == (56, 80, 3)
    assert (out[8:, 16:] == rgb).all()
    edge = np.repeat(rgb[:1, :1], 8, axis=0)  # what the edge fill put in the top-left corner
    assert np.abs(out[:8, :16] - edge).mean() > 5
    prov = read_provenance(tmp_path / "o" / "image.png")
    assert [n["plugin"] for n in prov["graph"]["nodes"]] == ["input.image", "image.pad", "edit.inpaint"]


def test_instruct_changes_the_image(tiny_models, photo, tmp_path, capsys):
    path, rgb = photo
    rc, err = run(capsys, "--image", path, "--instruction", "make it winter", "--model", tiny_models["pix2pix"],
                  "--steps", "2", "--out", str(tmp_path / "i"))
    assert rc == 0, err
    assert np.abs(pixels(tmp_path / "i" / "image.png") - rgb).mean() > 1


def test_n4_gives_four_images_a_grid_and_each_reproduces(tiny_models, tmp_path, capsys, monkeypatch):
    rc, err = run(capsys, "a red apple", *sd(tiny_models), "--layout", "none", "--width", "64", "--height", "64",
                  "--n", "4", "--out", str(tmp_path / "n"))
    assert rc == 0, err
    names = [tmp_path / "n" / f"image_{i}.png" for i in range(1, 5)]
    shots = [pixels(p) for p in names]
    assert len({s.tobytes() for s in shots}) == 4
    with Image.open(tmp_path / "n" / "grid.png") as grid:
        assert grid.size == (2 * 64 + 4, 2 * 64 + 4)
    assert [read_provenance(p)["seed"] for p in names] == [0, 1, 2, 3]
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "fresh"))
    assert cli(["run", "--from", str(names[2]), "--out", str(tmp_path / "r"), "--no-progress", "--allow-remote"]) == 0
    assert pixels(tmp_path / "r" / "image.png").tolist() == shots[2].tolist()


def test_run_scene_takes_the_list_plan_variations_writes(tmp_path, capsys):
    assert cli(["plan", "a red apple left of a blue cup", "--variations", "3", "--width", "64", "--height", "64"]) == 0
    (tmp_path / "v.json").write_text(capsys.readouterr().out)
    rc, err = run(capsys, "--scene", str(tmp_path / "v.json"), "--out", str(tmp_path / "v"))
    assert rc == 0, err
    assert all((tmp_path / "v" / f"image_{i}.png").exists() for i in (1, 2, 3))
    assert len(json.loads((tmp_path / "v" / "scene.json").read_text())) == 3


def test_controls_reach_the_graph_and_a_useless_negative_is_said(tiny_models, tmp_path, capsys):
    rc, err = run(capsys, "a red apple", *sd(tiny_models), "--layout", "none", "--width", "64", "--height", "64",
                  "--negative-prompt", "blurry", "--scheduler", "EulerDiscreteScheduler",
                  "--lora", f"{tiny_models['lora']}:0.5", "--out", str(tmp_path / "c"))
    assert rc == 0, err
    assert "negative prompt 'blurry' has no effect at guidance 0" in err
    params = json.loads((tmp_path / "c" / "graph.json").read_text())["nodes"][0]["params"]
    assert params["negative_prompt"] == "blurry" and params["scheduler"] == "EulerDiscreteScheduler"
    assert params["loras"] == [{"path": tiny_models["lora"], "scale": 0.5}]
    rc, err = run(capsys, "a red apple", *sd(tiny_models), "--layout", "none", "--width", "64", "--height", "64",
                  "--negative-prompt", "blurry", "--guidance", "3", "--out", str(tmp_path / "g"))
    assert rc == 0 and "no effect" not in err


@pytest.mark.parametrize("flags,message", [
    (["--mask", "{small}"], "--mask '{small}' is 16x16 but the image is 64x48"),
    (["--box", "0.1,0.1,1.5,0.9"], "--box '0.1,0.1,1.5,0.9' is outside [0, 1]"),
    (["--strength", "0.5", "--lora", "{tmp}/no-such-lora"], "--lora '{tmp}/no-such-lora': no such file or folder"),
    (["--strength", "0.5", "--scheduler", "NoSuchScheduler"], "unknown scheduler 'NoSuchScheduler'"),
])
def test_bad_input_is_one_line_and_writes_nothing(tiny_models, photo, tmp_path, capsys, flags, message):
    path, _ = photo
    Image.new("L", (16, 16), 255).save(tmp_path / "small.png")
    fill = {"small": str(tmp_path / "small.png"), "tmp": str(tmp_path)}
    out = tmp_path / "out"
    rc, err = run(capsys, "a cat", "--image", path, *[f.format(**fill) for f in flags], *sd(tiny_models),
                  "--out", str(out))
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message.format(**fill) in lines[0]
    assert not out.exists()


def test_a_corrupt_image_is_one_line(tmp_path, capsys):
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    rc, err = run(capsys, "a cat", "--image", str(tmp_path / "bad.jpg"), "--strength", "0.5", "--out",
                  str(tmp_path / "o"))
    assert rc == 2 and err.strip().count("\n") == 0 and "bad.jpg" in err
    assert not (tmp_path / "o").exists()


def test_batch_items_carry_the_controls(tiny_models, tmp_path, capsys):
    from agent.batch.items_file import read_batch_file

    items = tmp_path / "items.jsonl"
    lora = tiny_models["lora"]
    items.write_text(json.dumps({"prompt": "a red apple", "id": "a", "backend": "sd-turbo", "model": tiny_models["sd"],
                                 "negative_prompt": "blurry", "guidance_scale": 2.0,
                                 "scheduler": "EulerDiscreteScheduler", "loras": [f"{lora}:0.5"]}) + "\n"
                     + json.dumps({"prompt": "a red apple", "id": "b", "backend": "sd-turbo",
                                   "model": tiny_models["sd"], "scheduler": "Nope"}) + "\n")
    rc = cli(["batch", str(items), "--out", str(tmp_path / "b"), "--width", "64", "--height", "64", "--no-progress"])
    capsys.readouterr()
    assert rc == 1  # item b fails, item a is done
    params = json.loads((tmp_path / "b" / "items" / "a" / "graph.json").read_text())["nodes"][0]["params"]
    assert params["negative_prompt"] == "blurry" and params["guidance_scale"] == 2.0
    assert params["scheduler"] == "EulerDiscreteScheduler" and params["loras"] == [{"path": lora, "scale": 0.5}]
    manifest = [json.loads(line) for line in (tmp_path / "b" / "manifest.jsonl").read_text().splitlines()]
    failed = next(m for m in manifest if m["id"] == "b")
    assert failed["status"] == "failed" and "unknown scheduler 'Nope'" in failed["error"]
    csv_file = tmp_path / "items.csv"
    csv_file.write_text("prompt,guidance_scale,loras\na cup,1.5,x.safetensors:0.3;org/style\na pen,lots,\n")
    batch = read_batch_file(csv_file)
    assert batch.items[0].controls() == {"guidance": 1.5, "loras": ["x.safetensors:0.3", "org/style"]}
    assert "guidance_scale: 'lots' is not a number" in batch.errors[0].reason


def test_terminal_chat_takes_a_photo_and_a_mask(tiny_models, photo, tmp_path, capsys, monkeypatch):
    path, rgb = photo
    mask = np.zeros((48, 64), np.uint8)
    mask[10:30, 10:30] = 255
    Image.fromarray(mask).save(tmp_path / "m.png")
    monkeypatch.setenv("SCENECRAFT_MODEL_SD_TURBO", tiny_models["sd"])
    rc = cli(["chat", "--session", str(tmp_path / "s"), "-m", f"/image {path} --mask {tmp_path / 'm.png'} a cat",
              "-m", "/image"])
    out = capsys.readouterr().out
    assert rc == 1 and "Inpainted the drawn mask" in out and "no image to edit" in out  # the second is an error
    state = json.loads((tmp_path / "s" / "session.json").read_text())
    painted = pixels(tmp_path / "s" / state["turns"][0]["images"][0])
    assert (painted[mask == 0] == rgb[mask == 0]).all() and (painted[mask > 0] != rgb[mask > 0]).any()
