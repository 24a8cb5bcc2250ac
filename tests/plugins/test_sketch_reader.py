"""Pictures do not set the page reader's letter size (plugins.sketch_reader)."""

from __future__ import annotations

import numpy as np
import pytest

from agent.scene import Scene
from plugins.sketch_reader import blobs, pushing_blobs, reader_guess

pytest.importorskip("cv2")


def _page(triangles: int, disk: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A 600 px page: eight hollow 30 px 'letters' in a row at the top, ``triangles`` 100 px triangles
    below them, and optionally a solid 200 px disk; returns (ink, glyph mask)."""
    ink = np.zeros((600, 600), bool)
    for i in range(8):
        x = 40 + 60 * i
        ink[20:50, x:x + 24] = True
        ink[24:46, x + 4:x + 20] = False  # a counter, as in O or D: not a solid blob
    glyphs = ink.copy()
    for i in range(triangles):
        x0, y0 = 20 + 70 * i, 120
        for r in range(100):
            ink[y0 + r, x0 + 30 - r * 30 // 100:x0 + 30 + r * 30 // 100 + 1] = True
    if disk:
        yy, xx = np.mgrid[:600, :600]
        ink |= (yy - 440) ** 2 + (xx - 300) ** 2 < 100 ** 2
    return ink, glyphs


def test_many_tall_picture_parts_make_the_letters_small_for_the_reader():
    ink, glyphs = _page(8)
    found = blobs(ink, glyphs)
    assert reader_guess(found, 7) >= 100  # the 75th percentile is a triangle's height, not a letter's
    pushing = pushing_blobs(found, 7)
    assert len(pushing) == 8 and all(b[1] >= 120 for b in pushing)  # the triangles, not the letters


def test_a_few_parts_or_a_solid_disk_leave_the_letters_alone():
    assert pushing_blobs(blobs(*_page(2)), 7) == []  # the percentile stays on the letters
    assert pushing_blobs(blobs(*_page(0, disk=True)), 7) == []  # solid blobs are not counted


SUN = {"prompt": "a big sun under the words SALE TODAY", "width": 512, "height": 512, "background": "a beach",
       "objects": [{"id": "sun_1", "name": "sun", "box": [0.2, 0.3, 0.8, 0.9]}],
       "texts": [{"id": "text_1", "content": "SALE", "box": [0.3, 0.02, 0.7, 0.09]},
                 {"id": "text_2", "content": "TODAY", "box": [0.3, 0.11, 0.7, 0.18]}]}


def test_a_rayed_sun_under_small_words_is_faded_only_when_there_are_words(monkeypatch):
    from plugins.sketch import object_fades, render_scene, scene_lift

    scene = Scene.parse(SUN)
    lift = scene_lift(scene, 512, 512, True, frozenset())
    fades = object_fades(scene, 512, 512, True, frozenset(), lift)
    assert set(fades) == {"sun_1"} and 0 < fades["sun_1"] < 1
    assert object_fades(scene.model_copy(update={"texts": []}), 512, 512, True, frozenset(), 0.0) == {}
    faded = np.asarray(render_scene(scene)).astype(int)
    monkeypatch.setattr("plugins.sketch.reader_fades", lambda *a: {})  # same lift, no fade
    plain = np.asarray(render_scene(scene)).astype(int)
    sun = (slice(int(0.4 * 512), int(0.85 * 512)), slice(int(0.25 * 512), int(0.75 * 512)))
    assert np.abs(faded[sun] - plain[sun]).mean() > 10  # the sun itself is paler


def test_the_layered_sketch_fades_the_same_objects(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    from PIL import Image

    from agent.compiler import compile_scene
    from agent.engine.run_folder import execute_to_dir, make_executor

    scene, ex = Scene.parse(SUN), make_executor(progress=False)
    graph = compile_scene(scene, "sketch-layers")
    assert graph.node("layer_sun_1").params.get("fade", 0) > 0
    a = execute_to_dir(graph, tmp_path / "a", scene=scene, executor=ex)
    b = execute_to_dir(compile_scene(scene, "sketch"), tmp_path / "b", scene=scene, executor=ex)
    pa, pb = (np.asarray(Image.open(r.images[0]).convert("RGB")).astype(int) for r in (a, b))
    assert np.abs(pa - pb).mean() < 2.0
