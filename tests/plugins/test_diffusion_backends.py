"""Profiles (defaults, TOML config, env vars, --model), compiler backends and the CLI, end to end on tiny models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import main as cli
from agent.compiler import CompileOptions, compile_scene
from agent.errors import ScenecraftError
from agent.models.profiles import PROFILES, availability, check_combination, detect_family, get_profile, load_config
from agent.scene import Scene
from tests.procenv import pythonpath

REPO = Path(__file__).resolve().parents[2]
SCENE = Scene.parse({"prompt": "a red apple left of a blue cup", "width": 64, "height": 64, "objects": [
    {"id": "apple_1", "name": "apple", "description": "a red apple", "box": [0.05, 0.3, 0.45, 0.8]},
    {"id": "cup_1", "name": "cup", "description": "a blue cup", "box": [0.55, 0.3, 0.95, 0.8]}],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.1, 0.05, 0.9, 0.25]}]})


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Own cache and config dir per test; an offline pool (no test may reach for the hub)."""
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("SCENECRAFT_CONFIG", raising=False)
    from agent.models import pool as pool_module

    monkeypatch.setattr(pool_module, "_default_pool", None)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    pytest.importorskip("diffusers")
    import torch

    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("tiny")
    return {k: str(tiny_model_dir(k, root)) for k in ("sd", "sdxl")}


def fake_index(folder: Path, class_name: str) -> str:
    """A folder that says what it is (model_index.json) without weights: enough for checks that must not load."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model_index.json").write_text(json.dumps({"_class_name": class_name}))
    return str(folder)


# -- profiles ---------------------------------------------------------------------------------------
def test_default_profiles_name_real_checkpoints():
    assert get_profile("sd-turbo", config={}, env={}).model == "stabilityai/sd-turbo"
    assert get_profile("sdxl-turbo", config={}, env={}).model == "stabilityai/sdxl-turbo"
    assert get_profile("gligen", config={}, env={}).model == "masterful/gligen-1-4-generation-text-box"
    assert get_profile("instruct-pix2pix", config={}, env={}).model == "timbrooks/instruct-pix2pix"
    assert PROFILES["sana-sprint"].model == "Efficient-Large-Model/Sana_Sprint_1.6B_1024px_diffusers"
    turbo = PROFILES["sd-turbo"]
    assert (turbo.steps, turbo.guidance_scale) == (1, 0.0)
    with pytest.raises(ScenecraftError, match="unknown model profile 'sd-tubro'"):
        get_profile("sd-tubro")


def test_override_order_config_then_env_then_flag(tmp_path):
    cfg_file = tmp_path / "config.toml"
    cfg_file.write_text('[profiles.sd-turbo]\nmodel = "org/from-config"\nsteps = 2\n'
                        'loras = ["org/lcm-lora", { path = "/loras/style", weight = 0.5 }]\n')
    env = {"SCENECRAFT_CONFIG": str(cfg_file)}
    p = get_profile("sd-turbo", env=env)
    assert (p.model, p.model_source, p.steps) == ("org/from-config", "config", 2)
    assert [(lo.path, lo.weight) for lo in p.loras] == [("org/lcm-lora", 1.0), ("/loras/style", 0.5)]
    p = get_profile("sd-turbo", env=env | {"SCENECRAFT_MODEL_SD_TURBO": "org/from-env"})
    assert (p.model, p.model_source, p.steps) == ("org/from-env", "env", 2)
    p = get_profile("sd-turbo", model="org/from-flag", env=env | {"SCENECRAFT_MODEL_SD_TURBO": "org/from-env"})
    assert (p.model, p.model_source) == ("org/from-flag", "--model")


def test_config_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[profiles.sd-turbo]\nmodle = "x"\n')
    with pytest.raises(ScenecraftError, match=r"bad.toml.*\[profiles.sd-turbo\] has unknown key\(s\) modle"):
        load_config(bad)
    with pytest.raises(ScenecraftError, match="does not exist"):
        load_config(env={"SCENECRAFT_CONFIG": str(tmp_path / "missing.toml")})
    assert load_config(env={"XDG_CONFIG_HOME": str(tmp_path / "none")}) == {}


def test_family_detection_and_combination_checks(tmp_path):
    sdxl = fake_index(tmp_path / "xl", "StableDiffusionXLPipeline")
    assert detect_family(sdxl) == "sdxl" and detect_family("org/unknown", "sd") == "sd"
    with pytest.raises(ScenecraftError, match="GLIGEN needs a GLIGEN checkpoint.*is sdxl"):
        check_combination(get_profile("gligen", model=sdxl, config={}, env={}), "gligen")
    with pytest.raises(ScenecraftError, match="regional attention needs an SD-family UNet"):
        check_combination(get_profile("sana-sprint", config={}, env={}), "regional")
    with pytest.raises(ScenecraftError, match="cannot do text2image"):
        check_combination(get_profile("instruct-pix2pix", config={}, env={}), "text2image")
    assert check_combination(get_profile("sd-turbo", model=sdxl, config={}, env={}), "regional") == "sdxl"


def test_availability_of_folders(tmp_path):
    here = fake_index(tmp_path / "m", "StableDiffusionPipeline")
    assert availability(get_profile("sd-turbo", model=here, config={}, env={})).local
    assert not availability(get_profile("sd-turbo", model=str(tmp_path / "gone"), config={}, env={})).local


# -- compiler ---------------------------------------------------------------------------------------
def test_compiler_graphs_per_layout(tmp_path):
    folder = fake_index(tmp_path / "sd", "StableDiffusionPipeline")
    g = compile_scene(SCENE, "sd-turbo", CompileOptions(model=folder, steps=1))
    assert [n.plugin for n in g.nodes] == ["layout.sketch_guided", "text.render"]
    gen = g.node("generate").params
    assert (gen["model"], gen["profile"], gen["strength"], gen["num_inference_steps"]) == (folder, "sd-turbo", 0.5, 2)
    g = compile_scene(SCENE, "sd-turbo", CompileOptions(model=folder, steps=4, extra={"layout": "regional"}))
    assert g.node("generate").plugin == "layout.regional" and g.node("generate").params["num_inference_steps"] == 4
    assert compile_scene(SCENE, "gligen").node("generate").plugin == "layout.gligen"
    empty = Scene(prompt="a sunset", width=64, height=64)
    g = compile_scene(empty, "sdxl-turbo")
    assert [n.plugin for n in g.nodes] == ["generate.one_step"] and g.node("generate").params["prompt"] == "a sunset"
    with pytest.raises(ScenecraftError, match="unknown layout 'boxes'"):
        compile_scene(SCENE, "sd-turbo", CompileOptions(extra={"layout": "boxes"}))


def test_text_edit_leaves_the_image_node_alone(tmp_path):
    folder = fake_index(tmp_path / "sd", "StableDiffusionPipeline")
    edited = SCENE.model_copy(deep=True)
    edited.prompt = "a red apple left of a blue cup with a sign that says 'CLOSED'"
    edited.texts[0].content = "CLOSED"
    original = SCENE.model_copy(deep=True)
    original.prompt = "a red apple left of a blue cup with a sign that says 'OPEN'"
    for layout in ("sketch", "regional", "none"):
        a, b = (compile_scene(s, "sd-turbo", CompileOptions(model=folder, extra={"layout": layout}))
                for s in (original, edited))
        assert a.node("generate").params == b.node("generate").params
        assert a.node("text").params != b.node("text").params
    prompt = a.node("generate").params["prompt"]
    assert prompt == "a red apple left of a blue cup with a sign that says"


def test_unsupported_combination_fails_before_loading_anything(tmp_path):
    sdxl = fake_index(tmp_path / "xl", "StableDiffusionXLPipeline")
    code = ("import sys; from agent.compiler import CompileOptions, compile_scene; from agent.scene import Scene\n"
            "s = Scene.parse({'objects': [{'id': 'a', 'name': 'apple', 'box': [0.1, 0.1, 0.5, 0.5]}]})\n"
            f"try: compile_scene(s, 'gligen', CompileOptions(model={sdxl!r}))\n"
            "except Exception as e: print(type(e).__name__, e)\n"
            "print('heavy:', [m for m in ('torch', 'diffusers') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60,
                         env=os.environ | {"PYTHONPATH": pythonpath(REPO)})
    assert "ScenecraftError GLIGEN needs a GLIGEN checkpoint" in out.stdout, out.stderr
    assert "heavy: []" in out.stdout


def test_help_imports_no_heavy_library():
    """What keeps ``scenecraft --help`` fast (its time is measured in bench/bench_executor.py)."""
    code = ("import sys; from agent.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
            "print([m for m in ('torch', 'diffusers', 'transformers', 'langchain_openai') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         timeout=60, env=os.environ | {"PYTHONPATH": pythonpath(REPO)})
    assert out.returncode == 0 and "models" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


# -- CLI, end to end on a tiny model ----------------------------------------------------------------
def test_cli_run_end_to_end_and_reproduce(models, tmp_path, capsys, monkeypatch):
    from PIL import Image

    from agent.artifacts import read_provenance

    out = tmp_path / "run"
    rc = cli(["run", "a red apple left of a blue cup", "--backend", "sd-turbo", "--model", models["sd"], "--steps", "1",
              "--width", "64", "--height", "64", "--out", str(out), "--no-progress"])
    assert rc == 0, capsys.readouterr().err
    with Image.open(out / "image.png") as im:
        assert im.size == (64, 64)
    prov = read_provenance(out / "image.png")
    assert prov["models"] == [models["sd"]] and prov["graph"]["nodes"][0]["plugin"] == "layout.sketch_guided"
    trace = json.loads((out / "trace.json").read_text())
    assert [n["status"] for n in trace["nodes"]] == ["ok"]
    again = tmp_path / "again"
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "fresh-cache"))  # no cache hit: really recompute
    assert cli(["run", "--from", str(out / "image.png"), "--out", str(again), "--no-progress", "--allow-remote"]) == 0
    assert (again / "image.png").read_bytes() == (out / "image.png").read_bytes()


def test_cli_scene_with_text_and_regional_config(models, tmp_path, capsys, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[profiles.sdxl-turbo]\nmodel = "{models["sdxl"]}"\nlayout = "regional"\n')
    scene = tmp_path / "scene.json"
    scene.write_text(SCENE.to_json())
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(cfg))
    rc = cli(["run", "--scene", str(scene), "--backend", "sdxl-turbo", "--out", str(tmp_path / "o"), "--no-progress"])
    assert rc == 0, capsys.readouterr().err
    graph = json.loads((tmp_path / "o" / "graph.json").read_text())
    assert [n["plugin"] for n in graph["nodes"]] == ["layout.regional", "text.render"]


def test_cli_missing_weights_names_the_fix(tmp_path, capsys):
    pytest.importorskip("diffusers")
    rc = cli(["run", "a cup", "--backend", "sdxl-turbo", "--width", "64", "--height", "64",
              "--out", str(tmp_path / "o"), "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2  # missing weights are for the user to fix, like any bad input
    assert "model 'stabilityai/sdxl-turbo'" in err and "hf download stabilityai/sdxl-turbo" in err
    assert "SCENECRAFT_MODEL_SDXL_TURBO" in err


def test_models_command_lists_profiles(tmp_path, capsys, monkeypatch):
    here = fake_index(tmp_path / "m", "StableDiffusionPipeline")
    monkeypatch.setenv("SCENECRAFT_MODEL_SD_TURBO", here)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    assert cli(["models", "--json"]) == 0
    rows = {r["profile"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == set(PROFILES)
    assert rows["sd-turbo"]["local"] and rows["sd-turbo"]["source"] == "env"
    assert rows["gligen"]["fetch"] == "hf download masterful/gligen-1-4-generation-text-box"
    assert rows["gligen"]["local_setting"] == "SCENECRAFT_MODEL_GLIGEN=/path/to/folder"
    assert cli(["models"]) == 0
    text = capsys.readouterr().out
    assert "hf download stabilityai/sdxl-turbo" in text and "available" in text


def test_edit_chain_graph_validates_and_runs(models, tmp_path):
    from agent.engine.run_folder import execute_to_dir
    from agent.graph import OutputRef, TaskGraph

    g = TaskGraph()
    g.add("gen", "generate.one_step", model=models["sd"], prompt=["a red apple", "a cup"], width=64, height=64)
    g.add("refine", "edit.img2img", links={"image": ("gen", "image")}, model=models["sd"], prompt="a shiny apple")
    g.add("fix", "edit.inpaint", links={"image": ("refine", "image")}, model=models["sd"], profile="sd-turbo",
          prompt="a leaf", box=[0.4, 0.0, 0.6, 0.3], num_inference_steps=1)
    g.outputs = [OutputRef(node="fix", field="image"), OutputRef(node="fix", field="mask")]
    out = execute_to_dir(g, tmp_path / "run", seed=3)
    assert out.ok, [r.error for r in out.result.failures]
    assert [r.models for r in out.result.trace] == [[models["sd"]]] * 3
    assert [p.name for p in out.images] == ["image.png", "fix-mask.png"]


def test_cli_layout_flag_picks_the_layout_method(models, tmp_path, capsys):
    rc = cli(["run", "a red apple left of a blue cup", "--backend", "sd-turbo", "--model", models["sd"],
              "--layout", "regional", "--steps", "1", "--width", "64", "--height", "64",
              "--out", str(tmp_path / "o"), "--no-progress"])
    assert rc == 0, capsys.readouterr().err
    graph = json.loads((tmp_path / "o" / "graph.json").read_text())
    assert graph["nodes"][0]["plugin"] == "layout.regional"
    assert cli(["run", "a cup", "--layout", "gligen", "--out", str(tmp_path / "p")]) == 2
    assert "--layout applies to diffusion backends" in capsys.readouterr().err
