import json

import pytest

from agent.errors import ValidationError
from agent.scene import Scene

GOOD = {
    "prompt": "three red apples left of a blue cup",
    "width": 512,
    "height": 512,
    "background": "a wooden kitchen table",
    "style": "photo",
    "objects": [
        {"id": "apple_1", "name": "apple", "description": "a red apple", "color": "red",
         "box": [0.04, 0.42, 0.22, 0.62]},
        {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue", "box": [0.6, 0.4, 0.9, 0.8]},
    ],
    "relations": [{"subject": "apple", "relation": "left of", "object": "cup"}],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.30, 0.05, 0.70, 0.20], "color": "white"}],
    "negative": ["backpack"],
}


def test_design_example_round_trips():
    scene = Scene.parse(json.dumps(GOOD))
    again = Scene.parse(scene.to_json())
    assert again == scene
    assert again.counts() == {"apple": 1, "cup": 1}
    assert [o.id for o in scene.objects_named("apple")] == ["apple_1"]


@pytest.mark.parametrize(
    "mutate, needle",
    [
        (lambda d: d["objects"].append(dict(d["objects"][0])), "duplicate id 'apple_1'"),
        (lambda d: d["objects"][0].__setitem__("box", [0.5, 0.1, 0.2, 0.3]), "x0 < x1"),
        (lambda d: d["objects"][0].__setitem__("box", [0.1, 0.1, 1.2, 0.3]), "outside 0..1"),
        (lambda d: d["objects"][0].__setitem__("shape", "round"), "objects.0.shape"),
        (lambda d: d["objects"][0].pop("name"), "objects.0.name"),
        (lambda d: d.__setitem__("width", "wide"), "width"),
        (lambda d: d["relations"][0].__setitem__("object", "dog"), "names no object"),
        (lambda d: d["relations"][0].__setitem__("relation", "inside"), "relations.0.relation"),
        (lambda d: d["texts"][0].__setitem__("on", "sign_9"), "names no object"),
    ],
)
def test_bad_scenes_name_the_field(mutate, needle):
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    with pytest.raises(ValidationError) as err:
        Scene.parse(data)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_invalid_json_text_is_a_validation_error():
    with pytest.raises(ValidationError, match="(?i)invalid JSON"):
        Scene.parse("{not json")
