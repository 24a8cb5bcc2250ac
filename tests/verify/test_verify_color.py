"""verify.color on real pixels: sketch renders and hand-made scenes with known colours."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from agent.artifacts import ArtifactStore
from agent.context import RunContext
from agent.registry import default_registry
from agent.scene import Scene, SceneObject, SceneText
from agent.verify.colors import GENEVAL_COLORS, PROTOTYPES, color_name, color_votes, srgb_to_lab
from plugins.sketch import render_scene
from plugins.verify_color import expected_color, verify_colors


def test_lab_conversion_matches_reference_values():
    lab = srgb_to_lab(np.array([[255, 255, 255], [0, 0, 0], [255, 0, 0]]))
    assert np.allclose(lab[0], [100, 0, 0], atol=0.05)
    assert np.allclose(lab[1], [0, 0, 0], atol=0.05)
    assert np.allclose(lab[2], [53.24, 80.09, 67.20], atol=0.1)


@pytest.mark.parametrize("name", GENEVAL_COLORS)
def test_every_prototype_names_its_own_colour(name):
    assert all(color_name(rgb) == name for rgb in PROTOTYPES[name])


@pytest.mark.parametrize("rgb,name", [((255, 255, 0), "yellow"), ((128, 0, 128), "purple"), ((0, 100, 0), "green"),
                                      ((135, 206, 235), "blue"), ((255, 192, 203), "pink"), ((139, 69, 19), "brown"),
                                      ((255, 140, 0), "orange"), ((10, 10, 10), "black"), ((245, 245, 245), "white")])
def test_common_named_colours(rgb, name):
    assert color_name(rgb) == name


def test_expected_colour_words():
    assert expected_color("dark blue") == ("blue", True)
    assert expected_color("gold") == ("yellow", False)
    assert expected_color("shiny") is None


def sketch(objects: list[SceneObject]) -> Image.Image:
    return render_scene(Scene(prompt="test", objects=objects))


@pytest.mark.parametrize("color", ["red", "green", "blue", "purple", "pink", "yellow"])
def test_sketch_object_agrees_with_its_colour_and_a_wrong_one_is_flagged(color):
    obj = SceneObject(id="apple_1", name="apple", color=color, box=(0.2, 0.2, 0.8, 0.8))
    img = sketch([obj])
    (ok,) = verify_colors(img, [obj])
    assert ok.problem == "ok" and ok.observed == color and ok.target == "apple_1" and ok.confidence > 0.5
    wrong = "brown" if color != "brown" else "blue"
    (bad,) = verify_colors(img, [obj.model_copy(update={"color": wrong})])
    assert bad.problem == "wrong_color" and bad.expected == wrong and bad.observed == color


def test_background_pixels_do_not_vote():
    """A small red disc in a big box on a blue wall: the box is mostly blue, the object is red."""
    img = Image.new("RGB", (200, 200), (30, 80, 220))
    ImageDraw.Draw(img).ellipse((85, 85, 115, 115), fill=(220, 30, 30))
    obj = SceneObject(id="ball_1", name="sports ball", color="red", box=(0.2, 0.2, 0.8, 0.8))
    (f,) = verify_colors(img, [obj])
    assert f.problem == "ok" and f.observed == "red"
    arr = np.asarray(img)[40:160, 40:160].reshape(-1, 3)
    assert next(iter(color_votes(arr))) == "blue"  # what a whole-box vote would have said


def test_text_pixels_do_not_vote():
    img = Image.new("RGB", (200, 200), (240, 240, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((50, 50, 149, 149), fill=(40, 170, 60))
    d.rectangle((50, 50, 149, 119), fill=(20, 20, 20))  # a big black caption over most of the object
    obj = SceneObject(id="book_1", name="book", color="green", box=(0.25, 0.25, 0.75, 0.75))
    caption = SceneText(id="t", content="BOOK", box=(0.25, 0.25, 0.75, 0.6))
    assert verify_colors(img, [obj])[0].observed == "black"
    assert verify_colors(img, [obj], [caption])[0].observed == "green"


def test_objects_without_colour_are_not_judged():
    obj = SceneObject(id="cup_1", name="cup", box=(0.2, 0.2, 0.8, 0.8))
    assert verify_colors(sketch([obj]), [obj]) == []


def test_two_objects_each_get_their_own_verdict():
    a = SceneObject(id="car_1", name="car", color="red", box=(0.05, 0.3, 0.45, 0.7))
    b = SceneObject(id="bus_1", name="bus", color="yellow", box=(0.55, 0.3, 0.95, 0.7))
    img = sketch([a, b])
    swapped = [a.model_copy(update={"color": "yellow"}), b.model_copy(update={"color": "red"})]
    assert [(f.target, f.problem) for f in verify_colors(img, [a, b])] == [("car_1", "ok"), ("bus_1", "ok")]
    assert [(f.target, f.observed) for f in verify_colors(img, swapped)] == [("car_1", "red"), ("bus_1", "yellow")]


def test_plugin_through_the_registry(tmp_path):
    plugin = default_registry().get("verify.color")
    ctx = RunContext(store=ArtifactStore(tmp_path))
    obj = SceneObject(id="apple_1", name="apple", color="green", box=(0.2, 0.2, 0.8, 0.8))
    ref = ctx.save_image(sketch([obj]))
    out = plugin.run(plugin.Input(image=ref, objects=[obj, obj.model_copy(update={"id": "apple_2", "color": "red"})]),
                     ctx)
    assert [f.problem for f in out.findings] == ["ok", "wrong_color"] and out.score == 0.5


def test_a_few_object_coloured_pixels_beside_the_box_do_not_erase_the_object():
    """A neighbour's black label spills next to a black spoon's box: black must still be seen."""
    img = Image.new("RGB", (200, 200), (180, 205, 225))
    d = ImageDraw.Draw(img)
    d.ellipse((118, 120, 139, 149), fill=(25, 25, 25))  # the object, in a corner of its box
    d.rectangle((52, 90, 58, 110), fill=(25, 25, 25))  # stray dark pixels in the ring, left of the box
    obj = SceneObject(id="spoon_1", name="spoon", color="black", box=(0.3, 0.25, 0.7, 0.75))
    (f,) = verify_colors(img, [obj])
    assert f.problem == "ok" and f.observed == "black"
