"""The offline planner reads prompts as people write them (issue 13): the eleven prompts of the issue, then
one behaviour per test (style tags, SD syntax, units, counts, coreference, anchors, places, depth, language)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent.layout.check import center
from agent.scene import Scene
from tests.planning import plan

PARAGRAPH = ("I want a cozy picture for my kid's bedroom wall. In the middle there should be a big brown teddy bear "
             "holding a red balloon. At the top, the words \"Sweet Dreams\" in yellow letters, and a small moon in "
             "the bottom right corner.")


def names(s: Scene) -> dict[str, int]:
    return s.counts()


def obj(s: Scene, name: str):
    return s.objects_named(name)[0]


# -- the eleven prompts of the issue ------------------------------------------------------------------------
def test_style_tags_are_style_and_the_rider_rides(planner) -> None:
    s = plan(planner, "portrait of an astronaut riding a horse, highly detailed, 4k, cinematic lighting, "
                      "trending on artstation")
    assert names(s) == {"astronaut": 1, "horse": 1}
    for words in ("portrait", "highly detailed", "4k", "cinematic lighting", "artstation"):
        assert words in s.style
    assert [(r.subject, r.relation, r.object) for r in s.relations] == [("astronaut", "on top of", "horse")]


def test_watercolor_painting_is_the_style_and_the_cliff_the_setting(planner) -> None:
    s = plan(planner, "a lighthouse on a cliff at sunset, watercolor painting")
    assert names(s) == {"lighthouse": 1}
    assert s.style == "watercolor painting"
    assert "cliff" in s.background and "sunset" in s.background


def test_a_worn_hat_sits_on_the_wearers_head(planner) -> None:
    s = plan(planner, "a cat wearing a tiny wizard hat, pixel art")
    assert names(s) == {"cat": 1, "hat": 1} and s.style == "pixel art"
    cat, hat = obj(s, "cat"), obj(s, "hat")
    assert hat.anchor is not None and (hat.anchor.kind, hat.anchor.target) == ("worn_by", cat.id)
    assert cat.box[0] <= center(hat.box)[0] <= cat.box[2]
    assert center(hat.box)[1] < center(cat.box)[1]  # on the head, not beside the cat
    assert (hat.z or 0) > (cat.z or 0)


def test_a_t_shirt_design_is_a_t_shirt_with_its_slogan(planner) -> None:
    s = plan(planner, 'a t-shirt design with the slogan "Code. Sleep. Repeat." in bold letters')
    assert names(s) == {"t-shirt": 1}
    assert [(t.content, t.on) for t in s.texts] == [("Code. Sleep. Repeat.", "t_shirt_1")]


def test_two_dogs_one_brown_and_one_white(planner) -> None:
    s = plan(planner, "two dogs playing with a ball in a park, one brown and one white")
    assert sorted(o.color for o in s.objects_named("dog")) == ["brown", "white"]
    assert names(s) == {"dog": 2, "ball": 1} and s.background == "park"


def test_candles_stand_on_the_cake_and_icing_is_no_object(planner) -> None:
    s = plan(planner, 'a birthday cake with the words "Happy 30th Maya" written in icing, candles on top')
    cake = obj(s, "birthday cake")
    assert set(names(s)) == {"birthday cake", "candle"}
    for c in s.objects_named("candle"):
        assert c.anchor is not None and (c.anchor.kind, c.anchor.target) == ("on", cake.id)
        assert center(c.box)[1] < center(cake.box)[1] and cake.box[0] <= center(c.box)[0] <= cake.box[2]
    assert [(t.content, t.on) for t in s.texts] == [("Happy 30th Maya", cake.id)]
    assert "top" not in s.background


def test_the_laptop_is_between_the_mug_and_the_notebook(planner) -> None:
    s = plan(planner, "a laptop on a desk between a mug of coffee and a notebook")
    rels = {(r.subject, r.relation, r.object, r.object2) for r in s.relations}
    assert ("laptop", "between", "mug", "notebook") in rels
    assert not any(r.subject == "desk" for r in s.relations)
    laptop, desk, coffee = obj(s, "laptop"), obj(s, "desk"), obj(s, "coffee")
    assert laptop.anchor is not None and (laptop.anchor.kind, laptop.anchor.target) == ("on", desk.id)
    assert coffee.anchor is not None and (coffee.anchor.kind, coffee.anchor.target) == ("in", obj(s, "mug").id)


def test_a_quoted_title_never_changes_the_scene(planner) -> None:
    s = plan(planner, 'a book titled "The Silent Sea" on a wooden table')
    assert names(s) == {"book": 1, "table": 1}
    assert "sea" not in s.background.lower()
    assert [(t.content, t.on) for t in s.texts] == [("The Silent Sea", "book_1")]


def test_a_paragraph_with_places(planner) -> None:
    s = plan(planner, PARAGRAPH)
    assert names(s) == {"teddy bear": 1, "balloon": 1, "moon": 1}
    bear, balloon, moon = obj(s, "teddy bear"), obj(s, "balloon"), obj(s, "moon")
    assert (bear.color, bear.region, balloon.color) == ("brown", "center", "red")
    assert balloon.anchor is not None and (balloon.anchor.kind, balloon.anchor.target) == ("held_by", bear.id)
    assert moon.region == "bottom right" and center(moon.box)[0] > 0.5 and center(moon.box)[1] > 0.5
    assert [(t.content, t.color, t.region) for t in s.texts] == [("Sweet Dreams", "yellow", "top")]


@pytest.mark.parametrize("prompt", ["deux pommes rouges à gauche d'une tasse bleue", "一只猫坐在桌子上"])
def test_other_languages_get_one_warning_line(planner, prompt) -> None:
    with pytest.warns(UserWarning) as caught:
        s = planner.plan(prompt)
    lines = [str(w.message) for w in caught]
    assert len(lines) == 1 and "--planner llm" in lines[0]
    Scene.parse(s.to_json())


# -- behaviours --------------------------------------------------------------------------------------------
def test_sd_and_midjourney_syntax(planner) -> None:
    s = plan(planner, "a (red:1.3) cat::2 [sitting|lying] on a sofa --ar 16:9 --no dog, people --v 5")
    assert names(s) == {"cat": 1, "sofa": 1} and obj(s, "cat").color == "red"
    assert (s.width, s.height) == (512, 288)
    assert s.negative == ["dog", "people"]


@pytest.mark.parametrize("prompt", ["a clock showing 90 degrees", "a cat, 512x512, 8k", "a portrait of a woman, 35mm",
                                    "a 4k photo of two cats"])
def test_numbers_with_units_are_neither_objects_nor_counts(planner, prompt) -> None:
    s = plan(planner, prompt)
    assert not {"degree", "k", "mm", "512x512", "8k"} & set(names(s))
    if "two cats" in prompt:
        assert names(s) == {"cat": 2}


@pytest.mark.parametrize(("prompt", "name", "n"), [
    ("the five avengers of Flight 19", "flight", 1), ("a poster of blade runner 2049", "runner", 1),
    ("three robots 42 on a table", "robot", 3), ("two 1950 cars on a road", "car", 2),
])
def test_numbers_that_name_are_not_counts(planner, prompt, name, n) -> None:
    """Digits after a noun label it ("Flight 19"), a year before it dates it; neither counts it."""
    assert names(plan(planner, prompt)).get(name, 0) <= n


@pytest.mark.parametrize(("prompt", "name", "n"), [
    ("three purebred chihuahuas running on the beach", "chihuahua", 3), ("eight different cities", "city", 8),
    ("six black silhouettes of trees", "silhouette", 6),
])
def test_a_counted_noun_with_a_physical_sense_is_things(planner, prompt, name, n) -> None:
    """A number makes things of a noun whose usual sense is a place or a picture but has a physical one."""
    assert names(plan(planner, prompt)).get(name) == n


@pytest.mark.parametrize(("prompt", "name", "n"), [
    ("a group of ten dollhouse needlepoint firescreens", "firescreen", 10), ("nine leftmost moai", "moai", 9),
])
def test_a_counted_unknown_plural_is_the_thing(planner, prompt, name, n) -> None:
    """A counted noun WordNet lacks is the thing, not its compound ("needlepoint"); only an -s is stripped."""
    s = plan(planner, prompt)
    assert names(s).get(name) == n and "needlepoint" not in names(s) and "moa" not in names(s)
    assert "swam" not in names(plan(planner, "six fish swam in the aquarium"))  # a mis-tagged verb is not it


def test_counted_abstractions_stay_nothing(planner) -> None:
    s = plan(planner, "a nurse, six types of poses, windows on both sides of the fireplace")
    assert "type" not in names(s) and "side" not in names(s)


def test_odd_counts_are_read_sensibly_with_a_warning(planner) -> None:
    with pytest.warns(UserWarning) as caught:
        s = planner.plan("zero cats, 0.5 apples and -3 pears")
    assert names(s) == {"apple": 1, "pear": 3} and "cat" in s.negative
    assert len(caught) >= 3
    with pytest.warns(UserWarning, match="too many"):
        s = planner.plan("ten thousand apples")
    assert 1 < names(s)["apple"] <= 20


def test_coreference_across_sentences(planner) -> None:
    s = plan(planner, "A plane sits by the water. The plane is white, red and black.")
    assert names(s) == {"plane": 1}
    assert obj(s, "plane").color == "white, red and black"


def test_distributive_colours_over_two_noun_phrases(planner) -> None:
    s = plan(planner, "six red tulips and two white tulips in a vase")
    colours = [o.color for o in s.objects_named("tulip")]
    assert colours.count("red") == 6 and colours.count("white") == 2
    vase = obj(s, "vase")
    assert all(o.anchor is not None and o.anchor.target == vase.id for o in s.objects_named("tulip"))


@pytest.mark.parametrize("prompt, container, content", [
    ("a bowl of ramen", "bowl", "ramen"), ("a cup of coffee", "cup", "coffee"), ("a vase with tulips", "vase", "tulip"),
])
def test_contents_sit_in_their_container(planner, prompt, container, content) -> None:
    s = plan(planner, prompt)
    box, inside = obj(s, container), obj(s, content)
    assert inside.anchor is not None and (inside.anchor.kind, inside.anchor.target) == ("in", box.id)
    x, y = center(inside.box)
    assert box.box[0] <= x <= box.box[2] and box.box[1] <= y <= box.box[3]


def test_held_things_and_body_parts(planner) -> None:
    s = plan(planner, "a girl holding a red umbrella with her left hand raised")
    girl, umbrella = obj(s, "girl"), obj(s, "umbrella")
    assert umbrella.anchor is not None and (umbrella.anchor.kind, umbrella.anchor.target) == ("held_by", girl.id)
    assert "hand" not in names(s) and "hand" in girl.description
    s = plan(planner, "a man with a red hat")
    assert obj(s, "hat").anchor.kind == "worn_by"  # type: ignore[union-attr]


def test_room_and_landscape_nouns_are_the_background(planner) -> None:
    s = plan(planner, "a dog sleeping on a rug in a living room")
    assert "living room" in s.background and "living room" not in names(s)
    s = plan(planner, "a horse in a forest near a river")
    assert names(s) == {"horse": 1} and "forest" in s.background


def test_depth_is_draw_order_not_above(planner) -> None:
    s = plan(planner, "a dog in front of a car")
    dog, car = obj(s, "dog"), obj(s, "car")
    assert (dog.z or 0) > (car.z or 0)
    ov_x = min(dog.box[2], car.box[2]) - max(dog.box[0], car.box[0])
    assert ov_x > 0  # overlapping, one in front of the other


def test_absolute_region_for_objects(planner) -> None:
    s = plan(planner, "a cat in the bottom left corner and a bird at the top of the picture")
    cat, bird = obj(s, "cat"), obj(s, "bird")
    assert (cat.region, bird.region) == ("bottom left", "top")
    assert center(cat.box)[0] < 0.5 < center(cat.box)[1] and center(bird.box)[1] < 0.5


@pytest.mark.parametrize("prompt, style_words", [
    ("a fox by Greg Rutkowski", ["greg rutkowski"]), ("an oil painting of a lighthouse", ["oil painting"]),
    ("children's book illustration of a bear", ["illustration"]), ("a photo of a dog, close-up", ["close-up"]),
    ("a castle, top view", ["top view"]),
])
def test_style_words_are_never_objects(planner, prompt, style_words) -> None:
    s = plan(planner, prompt)
    for w in style_words:
        assert w in s.style.lower()
    assert not {"painting", "illustration", "view", "rutkowski", "greg", "close-up"} & set(names(s))


def test_help_imports_no_nlp() -> None:
    code = ("import sys; from agent.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
            "assert 'spacy' not in sys.modules and 'agent.planners.parse' not in sys.modules, 'NLP imported'")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
