"""The sketch-layers backend and the pictures the UI shows (boxes over the image, the task graph)."""

from __future__ import annotations

import numpy as np
import pytest

from agent.chat.diagrams import STATUS_FILL, draw_boxes, draw_graph
from agent.compiler import compile_scene
from agent.engine.run_folder import execute_to_dir, make_executor
from agent.scene import Scene
from plugins.sketch_layers import node_suffix

SCENE = Scene.parse({
    "prompt": "a red apple and a blue cup on a table", "width": 96, "height": 96, "background": "a kitchen table",
    "objects": [{"id": "apple_1", "name": "apple", "color": "red", "box": [0.05, 0.4, 0.4, 0.8]},
                {"id": "cup/1", "name": "cup", "color": "blue", "box": [0.5, 0.3, 0.95, 0.85]}],
    "texts": [{"id": "text_1", "content": "HI", "box": [0.1, 0.05, 0.9, 0.25]}],
})


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def test_sketch_layers_matches_sketch_render(tmp_path):
    ex = make_executor(progress=False)
    layered = execute_to_dir(compile_scene(SCENE, "sketch-layers"), tmp_path / "a", scene=SCENE, executor=ex)
    whole = execute_to_dir(compile_scene(SCENE, "sketch"), tmp_path / "b", scene=SCENE, executor=ex)
    layers = {r.node for r in layered.result.trace if r.plugin == "sketch.layer"}
    assert layered.ok and layers == {"layer_cup_1", "layer_apple_1"}
    # painted back to front like sketch.render: the apple (bottom edge higher, farther) before the cup
    assert {e.source for e in layered.graph.inputs_of("stack_cup_1")} == {"layer_cup_1", "stack_apple_1"}
    from PIL import Image

    a = np.asarray(Image.open(layered.images[0]).convert("RGB")).astype(int)
    b = np.asarray(Image.open(whole.images[0]).convert("RGB")).astype(int)
    assert a.shape == b.shape and np.abs(a - b).mean() < 2.0  # same picture up to label anti-aliasing


def _changed_by_recolouring_the_apple(scene: Scene) -> set[str]:
    g1 = compile_scene(scene, "sketch-layers")
    edited = scene.model_copy(deep=True)
    edited.objects[0].color = "green"
    edited.prompt = "a green apple and a blue cup on a table"
    g2 = compile_scene(edited, "sketch-layers")
    return {n.id for n in g2.nodes if n.params != g1.node(n.id).params}


def test_layer_nodes_depend_only_on_their_object():
    no_text = SCENE.model_copy(update={"texts": []})
    assert _changed_by_recolouring_the_apple(no_text) == {"layer_apple_1"}  # not the reworded prompt
    # With text, the nodes that judge legibility over the whole picture read every object: the backdrop's
    # lift toward paper (plugins.sketch_paper) and text.render's plates; the other layers stay cached.
    changed = _changed_by_recolouring_the_apple(SCENE)
    assert "layer_apple_1" in changed and changed <= {"layer_apple_1", "background", "text"}


def test_node_suffix_is_graph_safe_and_unique():
    taken: set[str] = set()
    assert node_suffix("a b/../c", taken) == "a_b_.._c"
    assert node_suffix("a b/../c", taken) == "a_b_.._c-2"


def test_draw_boxes_outlines_each_object():
    from PIL import Image

    img = draw_boxes(Image.new("RGB", (96, 96), (128, 128, 128)), SCENE)
    arr = np.asarray(img)
    _, y0, x1, y1 = (np.array(SCENE.objects[1].box) * 96).astype(int)
    right_edge = arr[y0 + 20:y1 - 5, x1 - 1]
    assert (np.abs(right_edge.astype(int) - 128).sum(axis=1) > 60).all()  # outlined along the whole edge


def test_draw_graph_colours_nodes_by_trace_status(tmp_path):
    graph = compile_scene(SCENE, "sketch-layers").model_dump(mode="json")
    trace = {"nodes": [{"node": n["id"],
                        "status": "cached" if n["id"].startswith("layer") else "ok"} for n in graph["nodes"]]}
    img = np.asarray(draw_graph(graph, trace))
    colours = {tuple(c) for c in img.reshape(-1, 3)[::7]}
    assert STATUS_FILL["cached"] in colours and STATUS_FILL["ok"] in colours
    assert img.shape[0] > 5 * 40  # background -> overlays -> text: one row per dependency layer at least


def test_sketch_layers_paints_the_same_setting_bands(tmp_path):
    """A ferry quay: the planned street owns the ground, the harbour water is a band in its own box."""
    scene = Scene.parse({
        "prompt": "a cyclist on a quay street, harbour water in front", "width": 96, "height": 96,
        "background": "a quay street",
        "objects": [{"id": "cyclist_1", "name": "cyclist", "box": [0.1, 0.3, 0.4, 0.7]},
                    {"id": "water_1", "name": "water", "box": [0.0, 0.8, 1.0, 1.0]}],
    })
    ex = make_executor(progress=False)
    layered = execute_to_dir(compile_scene(scene, "sketch-layers"), tmp_path / "a", scene=scene, executor=ex)
    whole = execute_to_dir(compile_scene(scene, "sketch"), tmp_path / "b", scene=scene, executor=ex)
    from PIL import Image

    a = np.asarray(Image.open(layered.images[0]).convert("RGB")).astype(int)
    b = np.asarray(Image.open(whole.images[0]).convert("RGB")).astype(int)
    assert np.abs(a - b).mean() < 2.0
    water, street = a[90, 48], a[70, 80]
    assert water[2] > water[0] + 60 and abs(street[0] - street[2]) < 25  # blue band, grey street
