"""Tag-style prompts (issue 13, tag lane, second pass): what the prompt's head and its tags draw.
Prompts here are our own, not from any benchmark list."""

from __future__ import annotations

import pytest

from tests.planning import plan


@pytest.mark.parametrize("prompt, head", [
    ("a wooden stage with soft haze", "stage"),
    ("stage with brushed brass and smoked glass, dim light", "stage"),
    ("an old wooden dock with calm water, misty morning", "dock"),
])
def test_a_head_with_only_backdrop_beside_it_is_drawn(planner, prompt, head) -> None:
    s = plan(planner, prompt)
    assert head in s.counts()
    assert head not in s.background.split(", ")


@pytest.mark.parametrize("prompt, setting, thing", [
    ("a stage with a grand piano", "stage", "grand piano"),  # the piano stands on it: the stage is where
    ("a room with a view", "room", None),  # a room has no made-thing sense: still the setting
])
def test_a_head_setting_stays_the_setting(planner, prompt, setting, thing) -> None:
    s = plan(planner, prompt)
    assert setting not in s.counts()
    assert setting in s.background
    if thing is not None:
        assert thing in s.counts()


@pytest.mark.parametrize("prompt, creature, part", [
    ("a ghost with long arms", "ghost", "arm"),
    ("a strange being with six wings, foggy night", "being", "wing"),
    ("pale shimmering entity with huge black wings", "entity", "wing"),
])
def test_an_idea_with_body_parts_is_a_creature(planner, prompt, creature, part) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(creature) == 1
    assert part not in s.counts()  # the parts are its own, in its description
    assert part in next(o for o in s.objects if o.name == creature).description


def test_parts_someone_else_owns_make_no_creature(planner) -> None:
    s = plan(planner, "she kneels with her left hand level with her right knee")
    assert "level" not in s.counts()


def test_a_design_with_eyes_is_no_creature(planner) -> None:
    assert "design" not in plan(planner, "a design with eyes").counts()


@pytest.mark.parametrize("prompt, sides", [
    ("shootout in a parking lot, the police vs the gang", ("police", "gang")),
    ("medieval battlefield, the army versus the rebels", ("army", "rebel")),
    ("griffin vs phoenix above the clouds", ("griffin", "phoenix")),  # a phoenix is a city first in WordNet
])
def test_the_two_sides_of_vs_are_drawn(planner, prompt, sides) -> None:
    s = plan(planner, prompt)
    assert all(side in s.counts() for side in sides)
    assert "vs" not in s.style and "versus" not in s.style


@pytest.mark.parametrize("prompt, first, second", [
    ("samurai girl long black hair cherry blossoms", "girl", "blossom"),
    ("pirate captain weathered coat stormy sea", "captain", "coat"),
])
def test_a_noun_before_an_adjective_ends_its_phrase(planner, prompt, first, second) -> None:
    s = plan(planner, prompt)
    assert {first, second} <= set(s.counts())
    later = next(o for o in s.objects if o.name == second)
    assert first not in later.description  # not "a samurai girl ... blossom"
    assert first not in s.background


def test_a_noun_compound_with_its_adjectives_first_stays_one_thing(planner) -> None:
    s = plan(planner, "an old stone bridge over a quiet river")
    assert "stone" not in s.counts() and "bridge" in s.counts()


def test_a_setting_heading_its_tag_is_the_setting(planner) -> None:
    s = plan(planner, "cyberpunk street market, rain, neon signs")  # "market" parsed as the subject of "signs"
    assert "market" in s.background and "market" not in s.counts()


def test_a_lower_case_adjective_the_tagger_called_a_name_is_no_thing(planner) -> None:
    s = plan(planner, "a cat sitting on a red sofa, cozy living room")
    assert "cozy" not in s.counts() and "cozy living room" in s.background


def test_a_lone_plural_landscape_tag_is_the_setting(planner) -> None:
    s = plan(planner, "a lake at dawn, mountains, mist")
    assert "mountains" in s.background and "mountains" not in s.style
