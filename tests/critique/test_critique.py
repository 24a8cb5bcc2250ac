"""The self-critique loop on the sketch backend: scripted critics that look at real pixels (and real OCR)
report a wrong colour or a misspelled text; the loop plans and applies the fix, the final image passes,
and the returned image is never worse than the best seen."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import tempfile

import numpy as np
import pytest
from PIL import Image

from agent.artifacts import ImageRef
from agent.cli import main as cli_main
from agent.critique import EditPlan, LLMEditPlanner, apply_edits, critique_loop, rule_edit_plan
from agent.engine.run_folder import make_executor
from agent.errors import ScenecraftError
from agent.findings import Finding
from agent.layout.plan_check import relation_holds
from agent.llm.client import LLMConfig
from agent.registry import Plugin, PluginIO, Registry
from agent.scene import Scene
from agent.vocab.pictograms import COLORS, color_rgb
from tests.llm_stub import Reply, StubServer, require_llm_extra

BASE = {
    "prompt": "a red apple and a sign that says 'OPEN'",
    "width": 256,
    "height": 256,
    "objects": [
        {
            "id": "apple_1",
            "name": "apple",
            "color": "green",
            "description": "a green apple",
            "box": [0.1, 0.45, 0.45, 0.85],
        }
    ],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.1, 0.05, 0.9, 0.3]}],
}
PALETTE = {k: COLORS[k] for k in ("red", "green", "blue", "yellow", "orange", "purple")}


@pytest.fixture(autouse=True)
def isolated_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))
    for var in ("SCENECRAFT_LLM_BASE_URL", "SCENECRAFT_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)


def scene_with(**changes) -> Scene:
    data = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        data[key] = value
    return Scene.parse(data)


def measured_colour(img: Image.Image, box) -> str:
    """Nearest palette colour of the saturated pixels inside ``box`` (the pictogram, not the background)."""
    w, h = img.size
    arr = np.asarray(img.convert("RGB"))[round(box[1] * h) : round(box[3] * h), round(box[0] * w) : round(box[2] * w)]
    px = arr.reshape(-1, 3).astype(float)
    px = px[(px.max(1) - px.min(1)) > 60]
    mean = px.mean(0)
    return min(PALETTE, key=lambda k: float(np.sum((np.array(PALETTE[k]) - mean) ** 2)))


class ScriptedCritic:
    """Scripted: the request wants these values per target; ``measure`` reads what the image shows."""

    name = ""
    problem = "other"

    def __init__(self, want: dict[str, str]) -> None:
        self.want = want

    def measure(self, img: Image.Image, scene, target: str) -> str:
        raise NotImplementedError

    def __call__(self, image, scene, store):
        img = store.get_image(image)
        out = []
        for target, wanted in self.want.items():
            seen = self.measure(img, scene, target)
            out.append(Finding(check=self.name, target=target, problem="ok" if seen == wanted else self.problem,
                               expected=wanted, observed=seen))
        return out


class PixelColourCritic(ScriptedCritic):
    """The request wants these colours; the critic measures them in the image."""

    name, problem = "color", "wrong_color"

    def measure(self, img, scene, target):
        return measured_colour(img, next(o for o in scene.objects if o.id == target).box)


def ocr(img: Image.Image, box) -> str:
    w, h = img.size
    crop = img.crop((round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)))
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        crop.save(f.name)
        out = subprocess.run(["tesseract", f.name, "stdout", "--psm", "7"], capture_output=True, text=True, timeout=60)
    return re.sub(r"[^A-Za-z0-9]", "", out.stdout).upper()


class TesseractTextCritic(ScriptedCritic):
    """The request wants these words; tesseract reads what the image shows."""

    name, problem = "ocr", "misspelled"

    def measure(self, img, scene, target):
        return ocr(img, next(t for t in scene.texts if t.id == target).box)


def running_best(result) -> list[float]:
    best, out = -1.0, []
    for r in result.rounds:
        best = max(best, r.score)
        out.append(best)
    return out


def test_wrong_colour_is_fixed(tmp_path):
    out = tmp_path / "run"
    result = critique_loop(scene_with(), out, rounds=3, critics=[PixelColourCritic({"apple_1": "red"})])
    assert [r.score for r in result.rounds] == [0.0, 1.0]
    assert result.passed and result.stop_reason == "all checks pass" and result.best.round == 1
    assert result.rounds[1].edits.edits[0].op == "recolor"
    assert measured_colour(Image.open(out / "image.png"), BASE["objects"][0]["box"]) == "red"
    assert json.loads((out / "scene.json").read_text())["objects"][0]["color"] == "red"
    graph = json.loads((out / "graph.json").read_text())
    assert {"sketch", "text", "r1.sketch", "r1.text"} <= {n["id"] for n in graph["nodes"]}
    trace = json.loads((out / "trace.json").read_text())
    assert trace["critique"]["best_round"] == 1 and len(trace["critique"]["rounds"]) == 2
    assert trace["critique"]["rounds"][0]["findings"][0]["problem"] == "wrong_color"
    assert all(n["cache_hit"] for n in trace["nodes"])  # writing the folder re-ran nothing
    assert result.rounds[1].ran == ["r1.sketch", "r1.text"]  # round 0's nodes came from the cache
    assert running_best(result) == sorted(running_best(result))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_misspelled_text_is_rerendered_alone(tmp_path):
    scene = scene_with(texts=[{"id": "text_1", "content": "OPNE", "box": [0.1, 0.05, 0.9, 0.3]}])
    out = tmp_path / "run"
    result = critique_loop(scene, out, rounds=2, critics=[TesseractTextCritic({"text_1": "OPEN"})])
    assert result.rounds[0].findings[0].observed == "OPNE"  # real OCR saw the mistake
    assert result.passed and [r.score for r in result.rounds] == [0.0, 1.0]
    assert result.rounds[1].ran == ["r1.text"]  # only the text was redrawn, over the cached sketch
    node = next(n for n in result.graph.nodes if n.id == "r1.text")
    assert node.params["texts"][0]["content"] == "OPEN"
    assert [e.source for e in result.graph.inputs_of("r1.text")] == ["sketch"]
    assert ocr(Image.open(out / "image.png"), BASE["texts"][0]["box"]) == "OPEN"


class WorseningCritic:
    """Scripted to judge every edit as worse than the first image: the loop must keep the first."""

    name = "spite"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, image, scene, store):
        self.calls += 1
        bad = 1 if self.calls == 1 else 2
        return [
            Finding(check="color", target="apple_1", problem="wrong_color", expected="red", observed="green")
        ] * bad + [Finding(check="color", target="apple_1")] * (2 - bad + 1)


def test_never_returns_a_worse_image(tmp_path):
    out = tmp_path / "run"
    result = critique_loop(scene_with(), out, rounds=2, critics=[WorseningCritic()])
    scores = [r.score for r in result.rounds]
    # round 1's recolour made it worse; round 2 would repeat the same fix on the best (first) plan: never
    assert len(scores) == 2 and scores[1] < scores[0]
    assert result.best.round == 0 and result.stop_reason.startswith("no new edit")
    first = result.rounds[0].image
    written = Image.open(out / "image.png").convert("RGB")
    store_img = make_executor().store.get_image(result.outcome.refs[0])
    assert result.outcome.refs[0].sha256 == first
    assert np.array_equal(np.asarray(written), np.asarray(store_img))
    assert json.loads((out / "scene.json").read_text())["objects"][0]["color"] == "green"  # the first plan


def test_time_budget_stops_the_loop(tmp_path):
    result = critique_loop(
        scene_with(), tmp_path / "run", rounds=5, seconds=1e-6, critics=[PixelColourCritic({"apple_1": "red"})]
    )
    assert len(result.rounds) == 1 and result.stop_reason == "time budget spent"
    with pytest.raises(ScenecraftError, match="budget"):
        critique_loop(scene_with(), tmp_path / "run", rounds=-1)


def test_layout_critic_by_plugin_id_moves_boxes(tmp_path):
    scene = Scene.parse(
        {
            "prompt": "a cat left of a dog",
            "width": 128,
            "height": 128,
            "objects": [
                {"id": "cat_1", "name": "cat", "box": [0.6, 0.3, 0.9, 0.7]},
                {"id": "dog_1", "name": "dog", "box": [0.1, 0.3, 0.4, 0.7]},
            ],
            "relations": [{"subject": "cat", "relation": "left of", "object": "dog"}],
        }
    )
    result = critique_loop(scene, tmp_path / "run", rounds=2, critics=["critic.layout"])
    assert result.rounds[0].findings[0].problem == "wrong_position"
    assert result.rounds[1].edits.edits[0].op == "move"
    assert result.passed and relation_holds(result.scene, result.scene.relations[0])


def test_rule_edit_plan_and_apply():
    scene = scene_with(objects=[*BASE["objects"], {"id": "apple_2", "name": "apple", "box": [0.5, 0.5, 0.7, 0.7]}])
    findings = [
        Finding(check="color", target="apple_1", problem="wrong_color", expected="red"),
        Finding(check="ocr", target="text_1", problem="misspelled", expected="OPEN!"),
        Finding(check="layout", target="apple", problem="wrong_count", expected="1", observed="2"),
        Finding(check="x", target="apple_1"),
    ]
    plan = rule_edit_plan(findings, scene)
    assert [(e.op, e.target) for e in plan.edits] == [
        ("recolor", "apple_1"),
        ("retext", "text_1"),
        ("remove", "apple_2"),
    ]
    fixed = apply_edits(scene, plan)
    assert fixed.objects[0].color == "red" and fixed.objects[0].description == "a red apple"
    assert fixed.texts[0].content == "OPEN!" and [o.id for o in fixed.objects] == ["apple_1"]
    assert rule_edit_plan([Finding(check="mllm", problem="other", message="looks off")], scene).regenerate
    with pytest.raises(ScenecraftError, match="names no object 'ghost'"):
        apply_edits(scene, EditPlan.model_validate({"edits": [{"op": "recolor", "target": "ghost", "value": "red"}]}))


def _image_colour_from_request(body: dict) -> str:
    """What the stub's 'vision model' sees: it decodes the attached PNG and measures the apple."""
    content = body["messages"][-1]["content"]
    url = next(part["image_url"]["url"] for part in content if part["type"] == "image_url")
    assert url.startswith("data:image/png;base64,")
    img = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    return measured_colour(img, BASE["objects"][0]["box"])


def test_mllm_critic_sees_the_image_and_drives_the_fix(tmp_path, monkeypatch):
    def vision_model(body: dict) -> Reply:
        text = next(part["text"] for part in body["messages"][-1]["content"] if part["type"] == "text")
        assert '"apple_1"' in text  # the Scene went out with the image
        seen = _image_colour_from_request(body)
        problem = "ok" if seen == "red" else "wrong_color"
        return Reply(
            content=json.dumps(
                {
                    "findings": [
                        {
                            "check": "mllm",
                            "target": "apple_1",
                            "problem": problem,
                            "expected": "red",
                            "observed": seen,
                            "confidence": 0.9,
                        }
                    ]
                }
            )
        )

    with StubServer(vision_model) as server:
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("SCENECRAFT_VLM_MODEL", "stub-vision")
        result = critique_loop(scene_with(), tmp_path / "run", rounds=2, critics=["critic.mllm"])
    assert [r.score for r in result.rounds] == [0.0, 1.0] and result.passed
    assert {b["model"] for b in server.requests} == {"stub-vision"}
    assert result.rounds[0].findings[0].observed == "green"


def test_mllm_critic_unknown_target_is_repaired(tmp_path):
    from agent.critique.critics import MLLMCritic

    replies = [
        Reply(content=json.dumps({"findings": [{"check": "mllm", "target": "pear_9", "problem": "missing"}]})),
        Reply(content=json.dumps({"findings": [{"check": "whatever", "target": "apple_1", "problem": "ok"}]})),
    ]
    executor = make_executor()
    ref = executor.store.put_image(Image.new("RGB", (32, 32), (200, 0, 0)))
    with StubServer(replies) as server:
        critic = MLLMCritic(LLMConfig(base_url=server.base_url, model="v", timeout=5, max_retries=0))
        findings = critic(ref, scene_with(), executor.store)
    assert [(f.check, f.target, f.problem) for f in findings] == [("mllm", "apple_1", "ok")]
    assert "'pear_9' is not an id" in server.requests[1]["messages"][-1]["content"]


def test_llm_edit_planner(tmp_path):
    plan = {"edits": [{"op": "recolor", "target": "apple_1", "value": "red"}], "regenerate": False}
    with StubServer([Reply(content=json.dumps(plan))]) as server:
        planner = LLMEditPlanner(LLMConfig(base_url=server.base_url, model="m", timeout=5, max_retries=0))
        result = critique_loop(
            scene_with(),
            tmp_path / "run",
            rounds=2,
            critics=[PixelColourCritic({"apple_1": "red"})],
            edit_planner=planner,
        )
    assert result.passed
    sent = server.requests[0]["messages"][-1]["content"]
    assert '"wrong_color"' in sent and "Request: a red apple" in sent


def test_cli_run_with_critique(tmp_path, capsys):
    scene_file = tmp_path / "scene.json"
    scene_file.write_text(
        json.dumps(
            {
                **BASE,
                "objects": [
                    {"id": "cat_1", "name": "cat", "box": [0.6, 0.3, 0.9, 0.7]},
                    {"id": "dog_1", "name": "dog", "box": [0.1, 0.3, 0.4, 0.7]},
                ],
                "relations": [{"subject": "cat", "relation": "left of", "object": "dog"}],
            }
        )
    )
    out = tmp_path / "run"
    code = cli_main(
        [
            "run",
            "--scene",
            str(scene_file),
            "--out",
            str(out),
            "--critique",
            "2",
            "--critic",
            "critic.layout",
            "--no-progress",
        ]
    )
    assert code == 0
    crit = json.loads((out / "trace.json").read_text())["critique"]
    assert crit["stop"] == "all checks pass" and crit["best_score"] == 1.0
    assert cli_main(["run", "a cat", "--out", str(out), "--critique", "1", "--critic", "verify.nothing"]) == 2
    assert "unknown critic 'verify.nothing'" in capsys.readouterr().err


def test_default_critics_skip_a_verifier_whose_inputs_do_not_fit(caplog):
    from agent.critique.critics import PluginCritic, resolve_critics
    from agent.registry import Plugin, PluginIO, Registry

    class OddVerifier(Plugin):
        id = "verify.color"

        class Input(PluginIO):
            image: ImageRef
            palette_file: str

        class Output(PluginIO):
            findings: list[Finding]

    reg = Registry()
    reg.add(OddVerifier)
    with pytest.raises(ScenecraftError, match="needs input\\(s\\) palette_file"):
        PluginCritic("verify.color", reg)
    critics = resolve_critics(None, reg)
    assert [c.name for c in critics] == ["layout"] and "palette_file" in caplog.text


def test_cli_llm_plan_then_mllm_critique_end_to_end(tmp_path, monkeypatch, capsys):
    """`scenecraft run PROMPT --planner llm --critique 2`: the stub plans green apples for a request for red
    ones; the stub vision model measures the pixels it is sent; the loop recolours; the written image is red."""
    plan = {
        "background": "a table",
        "objects": [
            {
                "id": "apple_1",
                "name": "apple",
                "color": "green",
                "description": "a green apple",
                "box": [0.05, 0.4, 0.45, 0.8],
            },
            {
                "id": "apple_2",
                "name": "apple",
                "color": "green",
                "description": "a green apple",
                "box": [0.55, 0.4, 0.95, 0.8],
            },
        ],
    }

    def server_script(body: dict) -> Reply:
        last = body["messages"][-1]["content"]
        if isinstance(last, str):  # the planner's request
            return Reply(content=json.dumps(plan))
        text = next(p["text"] for p in last if p["type"] == "text")
        scene = json.loads(text.split("Scene: ", 1)[1].split("\n", 1)[0])
        url = next(p["image_url"]["url"] for p in last if p["type"] == "image_url")
        img = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
        findings = []
        for o in scene["objects"]:
            seen = measured_colour(img, o["box"])
            findings.append(
                {
                    "check": "mllm",
                    "target": o["id"],
                    "problem": "ok" if seen == "red" else "wrong_color",
                    "expected": "red",
                    "observed": seen,
                }
            )
        return Reply(content=json.dumps({"findings": findings}))

    out = tmp_path / "run"
    with StubServer(server_script) as server:
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        code = cli_main(
            [
                "run",
                "two red apples",
                "--planner",
                "llm",
                "--no-fallback",
                "--out",
                str(out),
                "--width",
                "128",
                "--height",
                "128",
                "--critique",
                "2",
                "--critic",
                "critic.layout",
                "--critic",
                "critic.mllm",
                "--no-progress",
            ]
        )
    assert code == 0
    crit = json.loads((out / "trace.json").read_text())["critique"]
    # layout: "2 apples" ok; mllm: both apples wrong_color -> 1 of 3 pass, then all pass
    assert [r["score"] for r in crit["rounds"]] == [pytest.approx(1 / 3, abs=1e-5), 1.0]
    assert [e["op"] for e in crit["rounds"][1]["edits"]["edits"]] == ["recolor", "recolor"]
    img = Image.open(out / "image.png")
    assert all(measured_colour(img, o["box"]) == "red" for o in plan["objects"])
    assert capsys.readouterr().out.strip().endswith("image.png")


class ToyInpaint(Plugin):
    """A tiny real inpainter for engine tests: fills the masked pixels with the colour its prompt names."""

    id = "edit.inpaint"

    class Input(PluginIO):
        image: ImageRef
        mask: ImageRef
        prompt: str
        strength: float = 1.0

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp, ctx):
        img = ctx.load_image(inp.image)
        solid = Image.new("RGB", img.size, color_rgb(inp.prompt) or (128, 128, 128))
        return self.Output(image=ctx.save_image(Image.composite(solid, img, ctx.store.get_image(inp.mask))))


class ToyInpaintNeedsControl(ToyInpaint):
    """The same editor with an input the critique loop cannot give."""

    class Input(ToyInpaint.Input):
        control_image: ImageRef


class ToyInpaintBroken(ToyInpaint):
    """The same editor, failing at run time (out of memory, a bad checkpoint...)."""

    def run(self, inp, ctx):
        raise RuntimeError("editor crashed")


def _toy_registry(inpaint_extra_field: bool = False, inpaint: type = ToyInpaint) -> Registry:
    from plugins.critics import LayoutRuleCritic
    from plugins.masks import BoxMask
    from plugins.sketch import SketchRender
    from plugins.text_render import TextRender

    reg = Registry()
    for cls in (
        SketchRender,
        TextRender,
        BoxMask,
        LayoutRuleCritic,
        ToyInpaintNeedsControl if inpaint_extra_field else inpaint,
    ):
        reg.add(cls)
    return reg


def _toy_backend(monkeypatch):
    from agent.compiler import backends as compiler
    from agent.graph import OutputRef, TaskGraph
    from agent.scene import dumps_scene_dict

    def build(scene, options):  # stands in for a diffusion backend: an image node, then the texts
        g = TaskGraph()
        g.add("base", "sketch.render", scene=dumps_scene_dict(scene), labels=False)
        last = compiler.add_text_nodes(g, scene, "base")
        g.outputs = [OutputRef(node=last)]
        return g

    monkeypatch.setitem(compiler._BUILDERS, "toydiff", build)


def _toy_executor(tmp_path, registry):
    from agent.artifacts import ArtifactStore
    from agent.engine.executor import Executor, NodeCache

    return Executor(store=ArtifactStore(tmp_path / "store"), registry=registry, cache=NodeCache(None), progress=False)


def _toy_loop(tmp_path, monkeypatch, registry):
    """Two rounds on the toy diffusion backend; the critic wants the (green) apple red."""
    _toy_backend(monkeypatch)
    return critique_loop(scene_with(), tmp_path / "run", rounds=2, backend="toydiff",
                         executor=_toy_executor(tmp_path, registry), critics=[PixelColourCritic({"apple_1": "red"})])


def test_diffusion_backend_recolour_is_an_inpaint_edit(tmp_path, monkeypatch):
    result = _toy_loop(tmp_path, monkeypatch, _toy_registry())
    assert result.passed and result.rounds[1].ran == ["r1.mask", "r1.inpaint", "r1.text"]
    inpaint = result.graph.node("r1.inpaint")
    assert inpaint.params["prompt"] == "a red apple"
    assert {(e.source, e.input) for e in result.graph.inputs_of("r1.inpaint")} == {
        ("base", "image"),
        ("r1.mask", "mask"),
    }
    assert [e.source for e in result.graph.inputs_of("r1.text")] == ["r1.inpaint"]  # text redrawn over the edit
    assert measured_colour(Image.open(tmp_path / "run" / "image.png"), BASE["objects"][0]["box"]) == "red"


def test_editor_with_another_interface_falls_back_to_regenerating(tmp_path, monkeypatch):
    result = _toy_loop(tmp_path, monkeypatch, _toy_registry(inpaint_extra_field=True))
    assert result.passed and result.rounds[1].ran == ["r1.base", "r1.text"]
    assert "r1.inpaint" not in {n.id for n in result.graph.nodes}


def test_box_mask_plugin(tmp_path):
    from agent.artifacts import ArtifactStore
    from agent.context import RunContext
    from plugins.masks import BoxMask

    ctx = RunContext(store=ArtifactStore(tmp_path))
    out = BoxMask().run(BoxMask.Input(width=100, height=50, boxes=[(0.1, 0.2, 0.3, 0.6)], grow=0.0), ctx)
    arr = np.asarray(ctx.store.get_image(out.mask))
    assert out.mask.mode == "L" and arr.shape == (50, 100)
    assert arr[10:30, 10:30].min() == 255 and arr[:10].max() == 0 and arr[:, 30:].max() == 0
    with pytest.raises(ValueError, match="x0 < x1"):
        BoxMask.Input(width=100, height=50, boxes=[(0.5, 0.2, 0.3, 0.6)])


def test_a_failing_edit_round_is_recorded_and_dropped(tmp_path, monkeypatch):
    result = _toy_loop(tmp_path, monkeypatch, _toy_registry(inpaint=ToyInpaintBroken))
    assert [r.error is not None for r in result.rounds] == [False, True]  # the crashed fix is not tried again
    assert "editor crashed" in result.rounds[1].error
    assert result.best.round == 0 and result.outcome.ok  # the folder holds the first image, and it runs
    assert not [n.id for n in result.graph.nodes if n.id.startswith("r")]


def test_a_failing_critic_is_recorded_not_scored(tmp_path, monkeypatch):
    import socket

    require_llm_extra()  # the mllm critic must get as far as the dead server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", dead)
    monkeypatch.setenv("SCENECRAFT_LLM_MAX_RETRIES", "0")
    critics = [PixelColourCritic({"apple_1": "red"}), "critic.mllm"]
    result = critique_loop(scene_with(), tmp_path / "run", rounds=2, critics=critics)
    assert result.passed and [r.score for r in result.rounds] == [0.0, 1.0]  # the colour critic still drove the fix
    assert all("unreachable" in r.critic_errors[0] for r in result.rounds)
    trace = json.loads((tmp_path / "run" / "trace.json").read_text())["critique"]
    assert "mllm" in trace["rounds"][0]["critic_errors"][0]
    alone = critique_loop(scene_with(), tmp_path / "run2", rounds=2, critics=["critic.mllm"])
    assert len(alone.rounds) == 1 and alone.stop_reason.startswith("every critic failed")
    assert (tmp_path / "run2" / "image.png").exists()
