"""The compiler wires text nodes so the registry's validation accepts them."""

from __future__ import annotations

from agent.compiler import add_text_nodes, compile_scene
from agent.graph import TaskGraph
from agent.registry import default_registry
from agent.scene import Scene, SceneText


def scene_with_text() -> Scene:
    return Scene(prompt='a sign that says "OPEN"', texts=[SceneText(id="t", content="OPEN", box=(0.1, 0.1, 0.9, 0.3))])


def test_sketch_backend_renders_texts_last():
    graph = compile_scene(scene_with_text(), "sketch").validate_with(default_registry())
    assert graph.outputs[0].node == "text" and graph.node("text").plugin == "text.render"


def test_harmonize_node_is_linked_to_the_render_outputs():
    graph = TaskGraph()
    graph.add("base", "sketch.render", scene=scene_with_text().model_dump(mode="json"))
    last = add_text_nodes(graph, scene_with_text(), "base", harmonize_model="some/inpaint-model")
    assert last == "text_blend"
    graph.validate_with(default_registry())  # image, mask and texts types line up
    links = {(e.source, e.output, e.input) for e in graph.inputs_of("text_blend")}
    assert links == {("text", "image", "image"), ("text", "mask", "mask"), ("text", "texts", "texts")}


def test_no_texts_no_text_nodes():
    graph = TaskGraph()
    graph.add("base", "sketch.render", scene=Scene().model_dump(mode="json"))
    assert add_text_nodes(graph, Scene(), "base", harmonize_model="m") == "base"
