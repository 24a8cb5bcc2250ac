from agent.artifacts import ArtifactStore
from agent.compiler import compile_scene
from agent.engine.executor import Executor, NodeCache
from agent.registry import default_registry
from agent.scene import Scene


def make_scene(text: str, colour: str, on: str | None = None) -> Scene:
    return Scene.parse({
        "prompt": f"a {colour} cup with a sign that says {text}",
        "objects": [{"id": "cup_1", "name": "cup", "color": colour, "box": [0.1, 0.4, 0.5, 0.9]}],
        "texts": [{"id": "text_1", "content": text, "box": [0.55, 0.1, 0.95, 0.3], **({"on": on} if on else {})}],
    })


def test_sketch_graph_validates_and_names_its_output():
    graph = compile_scene(make_scene("OPEN", "red"))
    graph.validate_with(default_registry())
    assert [n.plugin for n in graph.nodes] == ["sketch.render", "text.render"]
    assert graph.outputs[0].node == "text"


def test_editing_a_text_on_a_carrier_reruns_only_the_text_node(tmp_path):
    ex = Executor(ArtifactStore(tmp_path), cache=NodeCache(), progress=False)
    ex.run(compile_scene(make_scene("OPEN", "red", on="cup_1")))
    second = ex.run(compile_scene(make_scene("CLOSED", "red", on="cup_1")))
    assert {r.node: r.cache_hit for r in second.trace} == {"sketch": True, "text": False}
    third = ex.run(compile_scene(make_scene("CLOSED", "green", on="cup_1")))
    assert {r.node: r.cache_hit for r in third.trace} == {"sketch": False, "text": False}


def test_a_text_in_its_own_box_is_part_of_the_sketch_key(tmp_path):
    # the sketch keeps pictures clear of the glyphs of a text that stays in its box, so a longer word
    # must redraw it; a text on a carrier is not sent to the sketch node at all
    assert compile_scene(make_scene("OPEN", "red")).node("sketch").params["texts"][0]["content"] == "OPEN"
    assert "texts" not in compile_scene(make_scene("OPEN", "red", on="cup_1")).node("sketch").params
    ex = Executor(ArtifactStore(tmp_path), cache=NodeCache(), progress=False)
    ex.run(compile_scene(make_scene("OPEN", "red")))
    second = ex.run(compile_scene(make_scene("CLOSED FOR LUNCH", "red")))
    assert {r.node: r.cache_hit for r in second.trace} == {"sketch": False, "text": False}


def test_the_prompts_setting_word_picks_the_backdrop_when_no_background_is_planned():
    scene = make_scene("OPEN", "red")
    scene.prompt = "a red cup on the beach with a sign that says OPEN"
    params = compile_scene(scene).node("sketch").params["scene"]
    assert params["background"] == "beach" and params["prompt"] == ""
    scene.background = "a snowy field"  # only the setting word draws, so only it is in the key
    assert compile_scene(scene).node("sketch").params["scene"]["background"] == "snowy"
