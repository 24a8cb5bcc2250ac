"""Written marks with no text to write ("the letters are white") and palette tags ("muted pastel colors"):
how the things that bear or wear them look, not things of their own."""

from __future__ import annotations

import pytest

from agent.scene import Scene, SceneObject
from tests.planning import plan


def one(s: Scene, name: str) -> SceneObject:
    found = s.objects_named(name)
    assert found, f"no {name!r} in {[o.name for o in s.objects]}"
    return found[0]


@pytest.mark.parametrize("prompt, bearer, phrase", [
    ("a road sign with yellow letters", "road sign", "with yellow letters"),
    ("The mailbox has white numbers.", "mailbox", "with white numbers"),
    ("A scoreboard stands by the field. The digits on the scoreboard are red.", "scoreboard", "red digits"),
    ("a typewriter on a desk. the letters are printed in black.", "typewriter", "black letters"),
    ("A wall clock hangs in a kitchen. The numbers are gold.", "wall clock", "gold numbers"),
    ("a blackboard covered with equations", "blackboard", "equations"),
])
def test_marks_go_to_the_thing_that_bears_them(planner, prompt, bearer, phrase) -> None:
    s = plan(planner, prompt)
    assert phrase in one(s, bearer).description
    assert not any(o.name in ("letter", "number", "digit", "equation") for o in s.objects)


def test_marks_of_a_quoted_text_stay_the_texts(planner) -> None:
    s = plan(planner, "a door with red letters that say 'PRIVATE'")
    assert [t.content for t in s.texts] == ["PRIVATE"]
    assert "letters" not in one(s, "door").description


@pytest.mark.parametrize("prompt, thing, palette", [
    ("a teapot on a shelf, 3d render, soft pastel colours", "teapot", "soft pastel colours"),
    ("an owl, digital art, candy pastel", "owl", "candy pastel"),
])
def test_a_palette_tag_colours_the_things_and_stays_style(planner, prompt, thing, palette) -> None:
    s = plan(planner, prompt)
    assert one(s, thing).color == palette
    assert palette in s.style


def test_a_palette_tag_leaves_said_colours_and_held_things(planner) -> None:
    s = plan(planner, "a green parrot and a boy holding a kite, muted pastel colors")
    assert one(s, "parrot").color == "green"
    assert one(s, "boy").color == "muted pastel colors"
    assert one(s, "kite").color is None


@pytest.mark.parametrize("prompt, picture, bearer", [
    ("A boy stares at a photo on the fridge.", "photo", "fridge"),
    ("A woman looks at an image on a tablet.", "image", "tablet"),
])
def test_a_picture_shown_on_a_thing_is_a_thing(planner, prompt, picture, bearer) -> None:
    s = plan(planner, prompt)
    assert one(s, picture).anchor is not None and one(s, bearer).id == one(s, picture).anchor.target


def test_a_place_in_the_picture_is_no_picture_thing(planner) -> None:
    s = plan(planner, "In an image on the left side, a fox sleeps.")
    assert [o.name for o in s.objects] == ["fox"]


@pytest.mark.parametrize("prompt, shadows", [
    ("the shadow of a lamp post on a brick wall", 1),
    ("Children play on the lawn. We can see long shadows.", 3),
])
def test_shadows_are_drawn_where_they_fall(planner, prompt, shadows) -> None:
    s = plan(planner, prompt)
    assert s.counts().get("shadow", 0) == shadows
    assert "shadow" not in s.style


def test_standing_in_the_shade_of_a_thing_draws_no_shadow(planner) -> None:
    s = plan(planner, "A horse rests in the shadow of an oak.")
    assert not s.objects_named("shadow") and s.objects_named("horse")


@pytest.mark.parametrize("prompt, owner, phrase", [
    ("A dog naps on a porch. The dog's ears are brown.", "dog", "brown ears"),
    ("A girl waves. Her hair is black.", "girl", "black hair"),
])
def test_a_colour_said_of_a_part_in_its_own_sentence_stays_with_it(planner, prompt, owner, phrase) -> None:
    assert phrase in one(plan(planner, prompt), owner).description


@pytest.mark.parametrize("prompt, name, colour", [
    ("A sports car waits at the line. The car is orange.", "sports car", "orange"),
    ("A fire hydrant stands by the door. The hydrant is yellow.", "fire hydrant", "yellow"),
])
def test_the_head_word_names_the_thing_said_before(planner, prompt, name, colour) -> None:
    s = plan(planner, prompt)
    assert len(s.objects_named(name)) == 1 and one(s, name).color == colour
    assert not [o for o in s.objects if o.name != name and o.name.endswith(name.rpartition(" ")[2])]


@pytest.mark.parametrize("prompt, owner, phrase", [
    ("A cow grazes on a hill. The cow has black spots.", "cow", "black spots"),
    ("a tiger cub with dark stripes", "tiger cub", "dark stripes"),
])
def test_markings_a_thing_has_are_its_coat(planner, prompt, owner, phrase) -> None:
    s = plan(planner, prompt)
    assert phrase in one(s, owner).description
    assert not s.objects_named("spot") and not s.objects_named("stripe") and "spot" not in s.background


def test_a_marking_with_a_place_of_its_own_is_a_thing(planner) -> None:
    s = plan(planner, "A van is parked. It has a long red stripe on its side. There is a yellow stripe on the road.")
    assert s.objects_named("stripe")


def test_a_multiword_thing_after_by_is_no_credit(planner) -> None:
    s = plan(planner, "a puppy waits by a fire hydrant")
    assert s.objects_named("fire hydrant") and "hydrant" not in s.style


@pytest.mark.parametrize("prompt, owner, phrase", [
    ("A lighthouse stands on the rocks. It has red stripes.", "lighthouse", "red stripes"),
    ("Two leopards rest under some bushes. They have dark spots.", "leopard", "dark spots"),
    ("There is a meter by the curb. It has white numbers.", "meter", "white numbers"),
])
def test_it_and_they_that_have_things_name_the_paragraph_topic(planner, prompt, owner, phrase) -> None:
    s = plan(planner, prompt)
    assert all(phrase in o.description for o in s.objects_named(owner))
    assert not any(phrase in o.description for o in s.objects if o.name != owner)


@pytest.mark.parametrize("prompt, owner, phrase", [
    ("A bowl sits on the counter. The bowl is white with a red rim.", "bowl", "red rim"),
    ("The kite is yellow with black dots.", "kite", "black dots"),
])
def test_with_after_a_colour_said_of_a_thing_is_the_things(planner, prompt, owner, phrase) -> None:
    s = plan(planner, prompt)
    assert phrase in one(s, owner).description
    assert not any(o.name in ("rim", "dot") for o in s.objects)


@pytest.mark.parametrize("prompt, bearer", [
    ("In this picture we can see a banner with some text on it.", "banner"),
    ("a wooden crate with writing on it", "crate"),
])
def test_text_with_no_words_is_drawn_on_its_bearer(planner, prompt, bearer) -> None:
    s = plan(planner, prompt)
    marks = [o for o in s.objects if o.name in ("text", "writing")]
    assert len(marks) == 1 and marks[0].anchor is not None and marks[0].anchor.target == one(s, bearer).id
    assert s.texts == []
