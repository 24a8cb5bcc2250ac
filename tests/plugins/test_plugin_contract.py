"""The plugin contract, checked on every registered plugin by one mixin.

What any plugin promises the engine (docs/plugins.md):

- the same input and seed give the same output bytes (the node cache and ``run --from`` rely on it);
- ``run_batch`` over several inputs equals one ``run`` per input (the default loops; a plugin that really
  batches, like ``generate.one_step``, may differ by float rounding, at most ``BATCH_TOLERANCE`` levels);
- a bad input is refused before anything runs, with one line that names the node and the field;
- returning something other than its ``Output`` is the plugin's fault: a :class:`~agent.errors.PluginError`.

Each plugin gets a small subclass that says how to build one good input (``params``) and one bad field
(``bad``). ``test_every_registered_plugin_has_a_contract`` fails when a new plugin lacks one. Diffusion
plugins run on the random-weight pipelines of ``tests/tiny_models.py`` and skip without diffusers; the
mllm critic talks to the scripted server of ``tests/llm_stub.py`` and skips without langchain-openai.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from PIL import Image

from agent.artifacts import ArtifactStore, ImageRef
from agent.context import RunContext
from agent.engine.executor import Executor, NodeCache
from agent.errors import PluginError, ScenecraftError
from agent.graph import TaskGraph
from agent.registry import Plugin, PluginIO, Registry, default_registry

BATCH_TOLERANCE = 2  # 0..255 levels a batched diffusion image may differ from the one made alone
SCENE: dict[str, Any] = {
    "prompt": "a red apple left of a blue cup", "width": 64, "height": 64,
    "objects": [
        {"id": "apple_1", "name": "apple", "description": "a red apple", "color": "red", "box": [0.05, 0.3, 0.45, 0.8]},
        {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue", "box": [0.55, 0.3, 0.95, 0.8]},
    ],
    "relations": [{"subject": "apple_1", "relation": "left of", "object": "cup_1"}],
}
TEXTS = [{"id": "text_1", "content": "OPEN", "box": [0.1, 0.05, 0.9, 0.25]}]


def _image(ctx: RunContext, colour: tuple[int, int, int] = (200, 60, 50), size: int = 64) -> ImageRef:
    img = Image.new("RGB", (size, size), (235, 230, 220))
    img.paste(Image.new("RGB", (size // 2, size // 2), colour), (size // 8, size // 4))
    return ctx.save_image(img)


def _mask(ctx: RunContext, size: int = 64) -> ImageRef:
    m = Image.new("L", (size, size), 0)
    m.paste(255, (size // 8, size // 16, size - size // 8, size // 4))
    return ctx.save_mask(m)


def _run(ctx: RunContext, plugin_id: str, **params: Any) -> Any:
    reg = default_registry()
    return reg.get(plugin_id).run(reg.get_class(plugin_id).Input(**params), ctx)


def _layer(ctx: RunContext) -> dict[str, Any]:
    out = _run(ctx, "sketch.layer", object=SCENE["objects"][0], width=64, height=64)
    return out.layer.model_dump(mode="json")


class PluginContract:
    """Mixin: set ``plugin_id``, ``params(ctx)`` (a good input) and ``bad`` (field, value) it must refuse."""

    plugin_id: ClassVar[str]
    bad: ClassVar[tuple[str, Any]]
    batch_inputs: ClassVar[int] = 2

    def params(self, ctx: RunContext) -> dict[str, Any]:
        raise NotImplementedError

    def other(self, ctx: RunContext) -> dict[str, Any]:
        """A second good input for the batch check (by default the first one again)."""
        return self.params(ctx)

    @pytest.fixture
    def ctx(self, tmp_path: Path) -> RunContext:
        return RunContext(store=ArtifactStore(tmp_path / "store"), seed=7, node_id="n")

    def _plugin(self) -> tuple[type[Plugin], Plugin]:
        reg = default_registry()
        return reg.get_class(self.plugin_id), reg.get(self.plugin_id)

    def test_same_seed_gives_the_same_bytes(self, ctx: RunContext, tmp_path: Path) -> None:
        cls, plugin = self._plugin()
        first = plugin.run(cls.Input(**self.params(ctx)), ctx)
        again_ctx = RunContext(store=ArtifactStore(tmp_path / "again"), seed=7, node_id="n")
        again_ctx.models = ctx.models
        again = plugin.run(cls.Input(**self.params(again_ctx)), again_ctx)
        assert isinstance(first, cls.Output)
        assert first.model_dump(mode="json") == again.model_dump(mode="json")

    def test_a_batch_equals_single_calls(self, ctx: RunContext) -> None:
        cls, plugin = self._plugin()
        inps = [cls.Input(**self.params(ctx)), cls.Input(**self.other(ctx))][: self.batch_inputs]
        ctxs = [RunContext(store=ctx.store, seed=7 + i, node_id=f"n{i}") for i in range(len(inps))]
        for c in ctxs:
            c.models = ctx.models
        batch = plugin.run_batch(inps, ctxs)
        single = [plugin.run(i, c) for i, c in zip(inps, ctxs, strict=True)]
        assert len(batch) == len(single)
        for b, s in zip(batch, single, strict=True):
            _assert_same_output(ctx, b, s, exact=type(plugin).run_batch is Plugin.run_batch)

    def test_bad_input_is_refused_with_the_field_named(self, ctx: RunContext) -> None:
        field, value = self.bad
        params = {**self.params(ctx), field: value}
        graph = TaskGraph.parse({"nodes": [{"id": "under_test", "plugin": self.plugin_id,
                                            "params": json.loads(json.dumps(params, default=_json))}]})
        with pytest.raises(ScenecraftError) as err:
            graph.validate_with(default_registry())
        message = str(err.value)
        assert "under_test" in message and field in message and "\n" not in message


def _json(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else str(value)


def _assert_same_output(ctx: RunContext, a: PluginIO, b: PluginIO, exact: bool) -> None:
    if exact:
        assert a.model_dump(mode="json") == b.model_dump(mode="json")
        return
    for name in type(a).model_fields:
        va, vb = getattr(a, name), getattr(b, name)
        if isinstance(va, ImageRef):
            pa = np.asarray(ctx.load_image(va)).astype(np.int16)
            pb = np.asarray(ctx.load_image(vb)).astype(np.int16)
            assert pa.shape == pb.shape and np.abs(pa - pb).max() <= BATCH_TOLERANCE, name


# -- the plugins that need nothing but this repository -----------------------------------------------------
class TestSketchRender(PluginContract):
    plugin_id = "sketch.render"
    bad = ("width", 3)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"scene": SCENE, "width": 64, "height": 64}


class TestSketchBackground(PluginContract):
    plugin_id = "sketch.background"
    bad = ("horizon", 2.0)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"sky": [180, 210, 240], "ground": [120, 160, 90], "horizon": 0.6, "width": 64, "height": 64}


class TestSketchLayer(PluginContract):
    plugin_id = "sketch.layer"
    bad = ("object", {"id": "x"})

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"object": SCENE["objects"][0], "width": 64, "height": 64}

    def other(self, ctx: RunContext) -> dict[str, Any]:
        return {"object": SCENE["objects"][1], "width": 64, "height": 64}


class TestSketchStack(PluginContract):
    plugin_id = "sketch.stack"
    bad = ("layer", "not a layer")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"layers": [], "layer": _layer(ctx)}


class TestSketchCompose(PluginContract):
    plugin_id = "sketch.compose"
    bad = ("layers", 5)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "layers": [_layer(ctx)]}


class TestSketchStyle(PluginContract):
    plugin_id = "sketch.style"
    bad = ("style", 5)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "style": "watercolor"}


class TestSketchPlaceTexts(PluginContract):
    plugin_id = "sketch.place_texts"
    bad = ("texts", "OPEN")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"scene": SCENE, "texts": [{**TEXTS[0], "on": "cup_1"}]}


class TestMaskBox(PluginContract):
    plugin_id = "mask.box"
    bad = ("boxes", [])

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"width": 64, "height": 64, "boxes": [[0.1, 0.1, 0.5, 0.5]]}


class TestTextRender(PluginContract):
    plugin_id = "text.render"
    bad = ("min_size", 1)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx, size=128), "texts": TEXTS}


class TestVerifyColor(PluginContract):
    plugin_id = "verify.color"
    bad = ("objects", "apple")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "objects": SCENE["objects"]}


class TestVerifyOcr(PluginContract):
    plugin_id = "verify.ocr"
    bad = ("margin", 3.0)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx, size=128), "texts": TEXTS}


class TestCriticLayout(PluginContract):
    plugin_id = "critic.layout"
    bad = ("scene", {"objects": 5})

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "scene": SCENE}


class TestCriticMllm(PluginContract):
    plugin_id = "critic.mllm"
    bad = ("scene", "a scene")

    @pytest.fixture(autouse=True)
    def _vision_server(self, monkeypatch: pytest.MonkeyPatch) -> Any:
        from tests.llm_stub import Reply, StubServer

        finding = {"check": "mllm", "target": "apple_1", "problem": "ok", "expected": "red", "observed": "red"}
        with StubServer(lambda body: Reply(content=json.dumps({"findings": [finding]}))) as server:
            monkeypatch.setenv("SCENECRAFT_CONFIG", "/nonexistent/none.toml")
            monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
            monkeypatch.setenv("SCENECRAFT_VLM_MODEL", "stub-vision")
            yield server

    @pytest.fixture
    def ctx(self, tmp_path: Path) -> RunContext:
        return RunContext(store=ArtifactStore(tmp_path / "store"), seed=7, node_id="n")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "scene": SCENE}


# -- diffusion plugins, on tiny random-weight pipelines ------------------------------------------------------
@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("tiny-contract")
    made: dict[str, str] = {}

    def get(kind: str) -> str:
        if kind not in made:
            made[kind] = str(tiny_model_dir(kind, root))
        return made[kind]

    return get


@pytest.fixture(scope="module")
def pool() -> Any:
    pytest.importorskip("diffusers")
    from agent.models import ModelPool

    return ModelPool(offline=True)


class DiffusionContract(PluginContract):
    kind: ClassVar[str] = "sd"

    @pytest.fixture
    def ctx(self, tmp_path: Path, tiny: Callable[[str], str], pool: Any) -> RunContext:
        c = RunContext(store=ArtifactStore(tmp_path / "store"), seed=7, node_id="n")
        c.models = pool
        self.model = tiny(self.kind)
        return c


class TestGenerateOneStep(DiffusionContract):
    plugin_id = "generate.one_step"
    bad = ("width", 4)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "profile": "sd-turbo", "width": 64, "height": 64, "prompt": "a red apple"}

    def other(self, ctx: RunContext) -> dict[str, Any]:
        return {**self.params(ctx), "prompt": "a blue cup"}


class TestEditImg2img(DiffusionContract):
    plugin_id = "edit.img2img"
    bad = ("strength", 1.5)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "profile": "sd-turbo", "image": _image(ctx), "prompt": "a blue cup",
                "strength": 0.5}


class TestEditInpaint(DiffusionContract):
    plugin_id = "edit.inpaint"
    kind = "inpaint"
    bad = ("object_id", 5)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "profile": "sd-inpaint", "image": _image(ctx), "prompt": "a cat",
                "scene": SCENE, "object_id": "apple_1", "num_inference_steps": 2}


class TestEditInstruct(DiffusionContract):
    plugin_id = "edit.instruct"
    kind = "pix2pix"
    bad = ("image", "not an image")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "image": _image(ctx), "prompt": "make it blue", "num_inference_steps": 2}


class TestLayoutGligen(DiffusionContract):
    plugin_id = "layout.gligen"
    kind = "gligen"
    bad = ("scene", [])

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "scene": SCENE, "num_inference_steps": 4}


class TestLayoutRegional(DiffusionContract):
    plugin_id = "layout.regional"
    bad = ("boost", "lots")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "scene": SCENE}


class TestLayoutSketchGuided(DiffusionContract):
    plugin_id = "layout.sketch_guided"
    bad = ("strength", -1)

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"model": self.model, "profile": "sd-turbo", "scene": SCENE, "seed": 0}


class TestTextHarmonize(DiffusionContract):
    plugin_id = "text.harmonize"
    kind = "inpaint"
    bad = ("mode", "paint")

    def params(self, ctx: RunContext) -> dict[str, Any]:
        return {"image": _image(ctx), "mask": _mask(ctx), "texts": TEXTS, "model": self.model,
                "num_inference_steps": 2, "strength": 0.5, "verify": False}


# -- the registry and the engine's side of the contract --------------------------------------------------------
# Landed with the images merge minutes before this list was written; may only shrink.
NO_CONTRACT_YET = {"image.pad", "input.image"}


def test_every_registered_plugin_has_a_contract() -> None:
    covered = {cls.plugin_id for cls in PluginContract.__subclasses__() + DiffusionContract.__subclasses__()
               if hasattr(cls, "plugin_id")}
    missing = sorted(set(default_registry().ids()) - covered - NO_CONTRACT_YET)
    assert not (NO_CONTRACT_YET & covered), "has a contract now: remove it from NO_CONTRACT_YET"
    assert not missing, f"plugins without a contract test in tests/test_plugin_contract.py: {missing}"


def test_a_plugin_returning_the_wrong_type_is_a_plugin_error(tmp_path: Path) -> None:
    class Broken(Plugin):
        id = "test.broken"

        class Input(PluginIO):
            n: int = 1

        class Output(PluginIO):
            n: int

        def run(self, inp: Any, ctx: RunContext) -> Any:
            return {"n": inp.n}

    reg = Registry()
    reg.add(Broken)
    ex = Executor(store=ArtifactStore(tmp_path), registry=reg, cache=NodeCache(None))
    rec = ex.run(TaskGraph.parse({"nodes": [{"id": "b", "plugin": "test.broken"}]})).trace[0]
    assert rec.status == "failed" and "plugin 'test.broken' returned dict, not its Output" in rec.error
    with pytest.raises(PluginError):
        ex._run(reg.get("test.broken"), Broken, Broken.Input(), "b", 0)
