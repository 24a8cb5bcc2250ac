"""The planned background owns the backdrop; other settings the Scene names are bands (plugins.sketch_bands).

Scenes written for these tests: a harbour promenade, a lawn by a pond, a snowy slope with a road.
"""

from __future__ import annotations

import pytest

from agent.scene import Scene, SceneObject
from plugins.sketch import render_scene
from plugins.sketch_backdrops import scene_setting, scene_setting_words, setting_kind
from plugins.sketch_bands import decode, encode

SIZE = 256


def _scene(background: str, *objects: tuple[str, tuple[float, float, float, float]]) -> Scene:
    objs = [SceneObject(id=f"{n}_{i}", name=n, box=b) for i, (n, b) in enumerate(objects)]
    return Scene(prompt="", background=background, objects=objs, width=SIZE, height=SIZE)


def _rgb(img, x: float, y: float) -> tuple[int, int, int]:
    return img.getpixel((int(x * SIZE), int(y * SIZE)))


def test_the_planned_background_wins_over_a_setting_object_of_another_kind() -> None:
    s = _scene("a harbour town sidewalk", ("person", (0.1, 0.4, 0.3, 0.75)), ("water", (0.05, 0.8, 0.95, 0.97)))
    assert setting_kind(scene_setting_words(s)) == "street"
    main, bands = decode(scene_setting(s))
    assert main == "street" and bands == [("ocean", (0.05, 0.8, 0.95, 0.97))]
    img = render_scene(s, SIZE, SIZE, labels=False)
    r, g, b = _rgb(img, 0.5, 0.9)  # inside the water's own box: water blue
    assert b > r + 60
    r, g, b = _rgb(img, 0.8, 0.65)  # the rest of the ground stays the street's grey
    assert abs(r - b) < 25


def test_a_later_background_phrase_is_the_far_strip_and_the_first_owns_the_ground() -> None:
    s = _scene("the lawn, a pond", ("goose", (0.3, 0.5, 0.6, 0.9)))
    assert setting_kind(scene_setting_words(s)) == "park"
    main, bands = decode(scene_setting(s))
    assert main == "park" and bands == [("ocean", None)]
    img = render_scene(s, SIZE, SIZE, labels=False)
    r, g, b = _rgb(img, 0.05, 0.6)  # just below the horizon: the pond
    assert b > g > r
    r, g, b = _rgb(img, 0.05, 0.95)  # the front ground, where the goose stands: grass
    assert g > r and g > b


def test_a_setting_object_of_the_same_kind_adds_no_band() -> None:
    s = _scene("a snowy slope", ("snow", (0.0, 0.6, 1.0, 1.0)), ("road", (0.0, 0.85, 1.0, 0.95)))
    main, bands = decode(scene_setting(s))
    assert main == "snow" and [k for k, _ in bands] == ["street"]


def test_the_setting_value_round_trips_and_rejects_what_it_cannot_paint() -> None:
    value = encode("park", [("ocean", None), ("beach", (0.0, 0.5, 0.5, 1.0))])
    assert decode(value) == ("park", [("ocean", None), ("beach", (0.0, 0.5, 0.5, 1.0))])
    assert decode("kitchen") == ("kitchen", [])
    with pytest.raises(ValueError, match="'kitchen'"):
        decode("park;kitchen@")
