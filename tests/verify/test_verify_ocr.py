"""verify.ocr with a real offline OCR engine on real rendered glyphs.

Needs ``rapidocr-onnxruntime`` (pip, the ``ocr`` extra) or Debian's ``tesseract-ocr``; each engine's
tests skip only when that engine is not installed.
"""

from __future__ import annotations

import pytest
from PIL import Image

from agent.artifacts import ArtifactStore
from agent.context import RunContext
from agent.registry import default_registry
from agent.scene import SceneText
from agent.text.fonts import font_path
from agent.verify.ocr import available_engines, edit_distance, get_engine, substring_distance
from plugins.text_render import render_texts
from plugins.verify_ocr import verify_texts

ENGINES = available_engines()
needs_engine = pytest.mark.skipif(not ENGINES, reason="no OCR engine installed (pip install rapidocr-onnxruntime)")
needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="fonts not installed")
engine_param = pytest.mark.parametrize("engine", ["rapidocr", "tesseract"])


def engine_or_skip(name: str):
    if name not in ENGINES:
        pytest.skip(f"{name} not installed")
    return get_engine(name)


def page(texts: list[SceneText], size=(384, 256)) -> Image.Image:
    img, _, _, _ = render_texts(Image.new("RGB", size, (255, 255, 255)), texts, effect="none")
    return img


OPEN = SceneText(id="sign", content="OPEN", box=(0.1, 0.05, 0.9, 0.35))
BAKERY = SceneText(id="name", content="Bakery", box=(0.1, 0.55, 0.9, 0.9))


def test_edit_distance_and_substring_distance():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert substring_distance("OPEN", "WEAREOPENNOW") == (0, "OPEN")
    d, sub = substring_distance("OPEN", "xxOPFNyy")
    assert d == 1 and sub == "OPFN"
    assert substring_distance("abc", "") == (3, "")


@needs_fonts
@engine_param
def test_rendered_texts_are_found(engine):
    eng = engine_or_skip(engine)
    findings = verify_texts(page([OPEN, BAKERY]), [OPEN, BAKERY], eng)
    assert [(f.target, f.problem) for f in findings] == [("sign", "ok"), ("name", "ok")]
    assert all(f.check == "ocr" and f.box is not None and 0 < f.confidence <= 1 for f in findings)


@needs_fonts
@engine_param
def test_a_wrong_letter_is_misspelled_with_what_was_read(engine):
    eng = engine_or_skip(engine)
    planned = OPEN.model_copy(update={"content": "OPFN"})
    (f,) = verify_texts(page([OPEN]), [planned], eng)
    assert f.problem == "misspelled" and f.expected == "OPFN" and f.observed == "OPEN"
    assert f.message == "edit distance 1"


@needs_fonts
@engine_param
def test_text_that_is_not_there_is_missing(engine):
    eng = engine_or_skip(engine)
    ghost = SceneText(id="ghost", content="Pharmacy", box=(0.1, 0.05, 0.9, 0.35))
    (f,) = verify_texts(page([BAKERY]), [ghost], eng)
    assert f.problem == "missing" and f.target == "ghost"


@needs_fonts
@needs_engine
def test_text_drawn_elsewhere_is_wrong_position():
    eng = get_engine("auto")
    drawn = SceneText(id="sign", content="OPEN", box=(0.1, 0.6, 0.9, 0.95))
    (f,) = verify_texts(page([drawn]), [OPEN], eng)
    assert f.problem == "wrong_position" and f.observed == "OPEN"


@needs_fonts
@needs_engine
def test_case_sensitivity_is_a_choice():
    eng = get_engine("auto")
    lower = OPEN.model_copy(update={"content": "open"})
    img = page([OPEN])
    assert verify_texts(img, [lower], eng, case_sensitive=True)[0].problem != "ok"
    assert verify_texts(img, [lower], eng, case_sensitive=False)[0].problem == "ok"


@needs_fonts
@needs_engine
def test_wrapped_multiline_text_is_found():
    eng = get_engine("auto")
    t = SceneText(id="t", content="FRESH BREAD DAILY", box=(0.3, 0.05, 0.7, 0.95))
    findings = verify_texts(page([t]), [t], eng)
    assert findings[0].problem == "ok", findings[0]


@needs_fonts
@needs_engine
def test_plugin_through_the_registry(tmp_path):
    plugin = default_registry().get("verify.ocr")
    ctx = RunContext(store=ArtifactStore(tmp_path))
    ref = ctx.save_image(page([OPEN, BAKERY]))
    out = plugin.run(plugin.Input(image=ref, texts=[OPEN, BAKERY.model_copy(update={"content": "Butcher"})]), ctx)
    assert [f.problem for f in out.findings] == ["ok", "missing"]
    assert out.score == 0.5


@needs_fonts
@needs_engine
def test_embedded_default_renders_planned_text_legibly(tmp_path):
    """Offline planner -> sketch backend (sketch.render + text.render) -> OCR finds the quoted text."""
    from agent.compiler import compile_scene
    from agent.engine.executor import Executor, NodeCache
    from agent.planners import get_planner

    scene = get_planner("offline").plan('a red apple next to a blue cup with a sign that says "FRESH FRUIT"')
    assert scene.texts
    graph = compile_scene(scene, "sketch")
    ex = Executor(store=ArtifactStore(tmp_path), registry=default_registry(), cache=NodeCache(None), progress=False)
    result = ex.run(graph, seed=0)
    assert result.ok
    out = result.outputs[graph.outputs[0].node]
    findings = verify_texts(ex.store.get_image(out.image), out.texts, get_engine("auto"))
    assert [f.problem for f in findings] == ["ok"]
