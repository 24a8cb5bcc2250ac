"""Counts, colours and parts the offline planner reads: a thing named before an art word, tones as colours,
what a holder holds with, patterns and parts of parts. Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from tests.planning import plan


# -- a thing named before an art word ---------------------------------------------------------------------
def test_a_thing_before_an_art_word_is_drawn_with_its_count(planner) -> None:
    s = plan(planner, "a boy carrying three small stone illustration")
    assert s.counts() == {"boy": 1, "stone": 3}
    assert "illustration" in s.style


def test_a_lone_thing_photo_is_the_thing_and_a_photo_style(planner) -> None:
    s = plan(planner, "a dog photo")
    assert s.counts() == {"dog": 1} and "photo" in s.style


@pytest.mark.parametrize("prompt, want", [
    ("five bird paintings on a wall", {"painting": 5}),  # plural: the pictures themselves
    ("a pencil sketch of a horse", {"horse": 1}),  # a medium before the art word, the subject after "of"
])
def test_art_words_that_are_things_or_media_stay_so(planner, prompt, want) -> None:
    counts = plan(planner, prompt).counts()
    assert all(counts.get(k) == v for k, v in want.items())


# -- tones and shades as colours ------------------------------------------------------------------------------
def test_a_tone_alone_is_a_colour(planner) -> None:
    s = plan(planner, "a pale mask next to a dark umbrella")
    assert s.objects_named("mask")[0].color == "pale"
    assert s.objects_named("umbrella")[0].color == "dark"


def test_a_shade_is_a_colour_only_when_said_in_colour(planner) -> None:
    s = plan(planner, "A light backpack lies on a bench. The bench is very light in color.")
    assert s.objects_named("backpack")[0].color is None  # light: its weight
    assert s.objects_named("bench")[0].color == "very light"


def test_the_colour_of_the_backdrop_goes_to_the_background(planner) -> None:
    s = plan(planner, "A lamp stands in the corner. The background is quite dark.")
    assert "dark" in s.background and "background" in s.background


def test_a_setting_keeps_its_colour_phrase_whole(planner) -> None:
    s = plan(planner, "a piano in a vast muted green library")
    assert "muted green" in s.background


# -- what a holder holds with ---------------------------------------------------------------------------------
def test_a_held_thing_is_in_the_holders_hand(planner) -> None:
    s = plan(planner, "an old fisherman holding a green lantern")
    man = s.objects_named("fisherman")[0]
    assert "green lantern in hand" in man.description
    lantern = s.objects_named("lantern")[0]
    assert lantern.anchor is not None and (lantern.anchor.kind, lantern.anchor.target) == ("held_by", man.id)


def test_two_held_things_are_one_in_each_hand(planner) -> None:
    s = plan(planner, "a waiter carrying two trays")
    assert "in each hand" in s.objects_named("waiter")[0].description


def test_an_animal_holds_with_no_hand(planner) -> None:
    s = plan(planner, "a puppy holding a bone")
    assert "hand" not in s.objects_named("puppy")[0].description


# -- shapes and designs said of a thing -------------------------------------------------------------------------
def test_shapes_on_a_thing_are_its_look_with_number_and_colour(planner) -> None:
    s = plan(planner, "a wooden box with six circles of orange")
    assert s.counts() == {"box": 1}
    assert "six orange circles" in s.objects_named("box")[0].description


def test_a_design_on_a_part_of_a_thing_is_in_that_parts_description(planner) -> None:
    s = plan(planner, "a kite is in the air. the kite has a long ribbon. the ribbon has a red pattern on it.")
    ribbons = s.objects_named("ribbon")
    assert ribbons and "red pattern" in ribbons[0].description


def test_shapes_alone_are_still_things(planner) -> None:
    assert plan(planner, "a green triangle above a yellow circle").counts() == {"triangle": 1, "circle": 1}


@pytest.mark.parametrize("prompt, owner, part, n", [
    ("a birthday cake with three tiers on a silver stand", "cake", "tier", 3),
    ("a chocolate cake has four tiers", "chocolate cake", "tier", 4),
])
def test_counted_made_things_a_thing_has_stay_things(planner, prompt, owner, part, n) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(part) == n
    assert part not in " ".join(o.description for o in s.objects_named(owner))


def test_an_uncounted_design_word_stays_in_the_description(planner) -> None:
    s = plan(planner, "a silk scarf with a paisley pattern")
    assert "pattern" not in s.counts() and "paisley pattern" in s.objects_named("scarf")[0].description


@pytest.mark.parametrize("prompt, owner, shape", [
    ("a desk with a cube on it", "desk", "cube"),
    ("a garden with a small pyramid beside the fountain", "garden", "pyramid"),
])
def test_a_shape_put_somewhere_is_a_thing_not_a_look(planner, prompt, owner, shape) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(shape) == 1
    assert shape not in " ".join(o.description for o in s.objects_named(owner))


# -- colours said as "colors", hair colours said as nouns ------------------------------------------------------
@pytest.mark.parametrize("prompt, name, colour", [
    ("a ceramic vase with bright colors on a shelf", "vase", "bright colors"),
    ("We can see several different colors and shapes of balloons in the sky.", "balloon", "different colors"),
])
def test_colors_said_of_a_thing_are_its_colour(planner, prompt, name, colour) -> None:
    obj = plan(planner, prompt).objects_named(name)[0]
    assert obj.color == colour and obj.description.endswith(f"in {colour}")


def test_a_hair_colour_tag_is_the_persons_hair(planner) -> None:
    s = plan(planner, "an old fisherman, full brunette, dark eyes")
    assert s.counts() == {"fisherman": 1}
    assert "brunette hair" in s.objects_named("fisherman")[0].description


def test_clothing_stuff_after_in_is_the_persons_clothes(planner) -> None:
    s = plan(planner, "a tall woman in denim walks a dog")
    assert "denim" not in s.counts()
    assert "in denim clothes" in s.objects_named("woman")[0].description
    assert "suit" in plan(planner, "a tall woman in a suit walks a dog").counts()  # a garment stays a thing


# -- body parts the tagger took for verbs -----------------------------------------------------------------
@pytest.mark.parametrize("prompt, part", [
    ("a runner is lying down, legs are crossed, hands right behind the neck, head tilted", "hands"),
])
def test_a_body_part_tagged_as_a_verb_is_still_the_part(planner, prompt, part) -> None:
    s = plan(planner, prompt)
    assert part in s.objects_named("runner")[0].description


# -- colour tags ----------------------------------------------------------------------------------------------
def test_a_colour_tag_colours_the_subject_when_the_thing_before_has_its_colour(planner) -> None:
    s = plan(planner, "an old lighthouse by the sea, black cat, white and red, fog")
    assert s.objects_named("lighthouse")[0].color == "white and red"
    assert s.objects_named("cat")[0].color == "black"


def test_a_colour_tag_with_no_thing_before_colours_the_setting(planner) -> None:
    s = plan(planner, "a desert canyon at noon, orange and pink, heat haze")
    assert "orange and pink" in s.background


# -- counts ---------------------------------------------------------------------------------------------------
def test_a_title_then_a_counted_set_is_one_group(planner) -> None:
    assert plan(planner, "Hartley Oak Stool. Set of four bar stools in walnut.").counts().get("stool") == 4
    assert plan(planner, "A stool. Four stools.").counts().get("stool") == 5  # an article: a stool of its own


def test_a_colour_said_of_a_set_colours_each_kind_in_it(planner) -> None:
    s = plan(planner, "Bright yellow set of four mugs and two teapots")  # "and" hangs on "set" here
    assert {o.color for o in s.objects} == {"bright yellow"} and s.counts() == {"mug": 4, "teapot": 2}


# -- groups of people that act --------------------------------------------------------------------------------
def test_a_couple_holding_hands_is_one_couple_whose_hands_they_are(planner) -> None:
    s = plan(planner, "a couple holding hands on a beach")
    assert s.counts() == {"couple": 1}
    assert "hands" in s.objects_named("couple")[0].description


def test_an_acting_group_is_drawn_but_a_couple_of_things_counts_them(planner) -> None:
    assert plan(planner, "a young couple walking in the park").counts() == {"couple": 1}
    assert plan(planner, "a couple of pears in a bowl").counts() == {"pear": 2, "bowl": 1}
