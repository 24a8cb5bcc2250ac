"""The Python API (``from agent import Agent``) on the real sketch backend: plan, run, edit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from agent import Agent, AgentConfig, Result
from agent.artifacts import read_provenance
from agent.errors import ScenecraftError
from agent.scene import Scene

REPO = Path(__file__).resolve().parents[2]
PROMPT = "two red apples and a blue cup with a sign that says 'OPEN'"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def agent(tmp_path: Path) -> Agent:
    # 256 px, not 128: the legibility floor (16 px cap height) makes the sign's text an eighth of a 128 px picture,
    # and its plate then covers the apples the colour checks below look at
    return Agent(AgentConfig(width=256, height=256, out_dir=tmp_path / "runs"))


def box_mean(result: Result, name: str) -> np.ndarray:
    """Mean RGB of the pixels inside the first ``name`` object's box that differ from the background."""
    img = np.asarray(result.image().convert("RGB")).astype(float)
    obj = next(o for o in result.scene.objects if o.name == name)
    h, w = img.shape[:2]
    x0, y0, x1, y1 = obj.box
    crop = img[int(y0 * h):int(y1 * h), int(x0 * w):int(x1 * w)].reshape(-1, 3)
    corner = img[int(y1 * h) - 1, int(x0 * w)]  # background colour at the box corner
    fg = crop[np.abs(crop - corner).sum(axis=1) > 60]
    assert len(fg) > 20, "no pictogram pixels in the box"
    return fg.mean(axis=0)


def test_import_agent_stays_cheap_and_exports_lazily() -> None:
    code = ("import sys, agent; "
            "heavy = [m for m in ('pydantic', 'PIL', 'torch', 'networkx', 'rich') if m in sys.modules];"
            "assert not heavy, heavy; from agent import Agent; assert 'pydantic' in sys.modules;"
            "import agent.cli; agent.cli.build_parser(); print('ok')")
    done = subprocess.run(check=False, args=[sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        import agent as pkg

        pkg.Nope  # noqa: B018


def test_cli_help_imports_nothing_heavy() -> None:
    code = ("import sys; from agent.cli import build_parser; build_parser().format_help();"
            "heavy = [m for m in ('pydantic', 'PIL', 'torch', 'diffusers', 'numpy', 'networkx') if m in sys.modules];"
            "print(heavy)")
    done = subprocess.run(check=False, args=[sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_plan_returns_the_scene_without_rendering(agent: Agent, tmp_path: Path) -> None:
    scene = agent.plan(PROMPT)
    assert isinstance(scene, Scene)
    assert scene.counts()["apple"] == 2 and scene.counts()["cup"] == 1
    assert [t.content for t in scene.texts] == ["OPEN"]
    assert (scene.width, scene.height) == (256, 256)
    assert not (tmp_path / "runs").exists()
    with pytest.raises(ScenecraftError, match="non-empty prompt"):
        agent.plan("   ")


def test_run_renders_a_real_image_with_plan_trace_and_provenance(agent: Agent) -> None:
    result = agent.run(PROMPT, seed=3)
    assert result.ok and result.errors == [] and result.seed == 3 and result.backend == "sketch"
    assert result.images == [result.out_dir / "image.png"] and result.images[0].is_file()
    assert result.image().size == (256, 256)
    assert [r.node for r in result.trace] == ["sketch", "text_place", "text"]
    assert {n.plugin for n in result.graph.nodes} == {"sketch.render", "sketch.place_texts", "text.render"}
    prov = read_provenance(result.images[0])
    assert prov["seed"] == 3 and prov["scene"]["prompt"] == PROMPT
    for name in ("scene.json", "graph.json", "trace.json"):
        assert (result.out_dir / name).is_file()
    r, g, b = box_mean(result, "cup")
    assert b > r and b > g  # the cup is drawn blue
    r, g, b = box_mean(result, "apple")
    assert r > g and r > b
    assert all(f.ok for f in result.findings) and result.score == 1.0  # text.render reports how each text fit


def test_same_request_again_is_served_from_the_cache_with_identical_pixels(agent: Agent) -> None:
    first = agent.run(PROMPT, seed=1)
    again = agent.run(PROMPT, seed=1)
    assert first.out_dir != again.out_dir
    assert first.cache_hits == [] and again.cache_hits == ["sketch", "text_place", "text"]
    assert first.images[0].read_bytes() == again.images[0].read_bytes()
    other = agent.run(PROMPT, seed=2, out=first.out_dir.parent / "chosen")
    assert other.out_dir.name == "chosen" and other.cache_hits == []


def test_run_accepts_a_scene_and_per_call_overrides(agent: Agent) -> None:
    scene = agent.plan("a green car")
    result = agent.run(scene, width=64, height=96)
    assert result.image().size == (64, 96) and result.scene.objects[0].name == "car"
    with pytest.raises(ScenecraftError, match="unknown backend 'nope'"):
        agent.run("a car", backend="nope")


def test_edit_recolours_and_reruns_with_the_same_seed(agent: Agent) -> None:
    base = agent.run(PROMPT, seed=5)
    green = agent.edit(base, "make the cup green")
    assert green.parent is base and green.instruction == "make the cup green" and green.seed == 5
    def colors(r: Result) -> dict[str, list[str | None]]:
        return {n: [o.color for o in r.scene.objects if o.name == n] for n in ("apple", "cup")}

    assert colors(green) == {"apple": ["red", "red"], "cup": ["green"]}
    assert colors(base) == {"apple": ["red", "red"], "cup": ["blue"]}  # the original result is untouched
    r, g, b = box_mean(green, "cup")
    assert g > r and g > b
    assert green.images[0].read_bytes() != base.images[0].read_bytes()
    assert green.history() == [base, green]


def test_edit_text_add_move_remove(agent: Agent) -> None:
    base = agent.run(PROMPT, seed=0)
    closed = agent.edit(base, "change the sign to CLOSED")
    assert [t.content for t in closed.scene.texts] == ["CLOSED"]
    more = agent.edit(closed, "add a third apple")
    assert more.scene.counts()["apple"] == 3 and more.scene.counts()["cup"] == 1
    moved = agent.edit(more, "move the cup to the left")
    cup_before = next(o for o in more.scene.objects if o.name == "cup").box
    cup_after = next(o for o in moved.scene.objects if o.name == "cup").box
    assert cup_after[0] < cup_before[0]
    gone = agent.edit(moved, "remove the cup")
    assert gone.scene.counts()["apple"] == 3 and "cup" not in gone.scene.counts() and gone.ok
    assert [r.instruction for r in gone.history()] == [None, "change the sign to CLOSED", "add a third apple",
                                                       "move the cup to the left", "remove the cup"]
    with pytest.raises(ScenecraftError, match="there is no giraffe in the scene"):
        agent.edit(base, "make the giraffe purple")
    with pytest.raises(ScenecraftError, match="cannot understand the edit .make it pop."):
        agent.edit(base, "make it pop")


def test_config_is_validated_and_overridable(tmp_path: Path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        AgentConfig(width=3)
    with pytest.raises(ValidationError):
        Agent(AgentConfig(), steps=0)
    a = Agent({"width": 64, "height": 64, "out_dir": str(tmp_path / "r"), "cache_dir": str(tmp_path / "own-cache")})
    assert isinstance(a.config, AgentConfig) and a.config.out_dir == tmp_path / "r"
    res = a.run("a red apple")
    a.executor.store.flush()  # the store writes PNGs on background threads: wait for them before looking
    assert res.ok and any((tmp_path / "own-cache" / "objects").rglob("*.png"))
    assert json.loads((res.out_dir / "trace.json").read_text())["seed"] == 0


def test_critique_budget_runs_the_loop(agent: Agent) -> None:
    res = agent.run("two red apples", critique=1)
    assert res.images and res.findings
    assert any(f.check == "layout" and f.target == "apple" and f.ok and f.observed == "2" for f in res.findings)
    trace = json.loads((res.out_dir / "trace.json").read_text())
    assert trace["critique"]["budget"] and trace["critique"]["rounds"]
    with pytest.raises(ScenecraftError, match="0 or more"):
        agent.run("a red apple", critique=-1)


def test_run_settings_are_stated_once() -> None:
    """AgentConfig, BatchSettings and WorkItem share RunSettings' fields, defaults and bounds."""
    from pydantic import ValidationError

    from agent.api import RunSettings
    from agent.batch import BatchSettings
    from agent.batch.worker import WorkItem

    shared = set(RunSettings.model_fields)
    for cls in (AgentConfig, BatchSettings, WorkItem):
        assert issubclass(cls, RunSettings)
        assert shared <= set(cls.model_fields)
        with pytest.raises(ValidationError):
            cls(**({"id": "a", "name": "a", "prompt": "p"} if cls is WorkItem else {}), width=4)
    assert BatchSettings().width == AgentConfig().width == RunSettings().width
