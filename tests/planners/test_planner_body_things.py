"""Things on a body: a tattoo the small tagger splits in two, and a thing resting on someone's own part.
Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from tests.planning import plan


def test_a_split_tattoo_is_one_thing_on_its_owner(planner) -> None:
    """ "a dragon tattoo": "tattoo" tagged an adverb must not leave a dragon drawn beside a tattoo."""
    s = plan(planner, "a surfer proudly showing off a dragon tattoo on his shoulder")
    assert "dragon" not in s.counts() and s.counts().get("tattoo") == 1
    tattoo, surfer = s.objects_named("tattoo")[0], s.objects_named("surfer")[0]
    assert "dragon tattoo" in tattoo.description
    assert tattoo.anchor is not None and (tattoo.anchor.kind, tattoo.anchor.target) == ("part_of", surfer.id)


def test_a_thing_on_the_subjects_own_lap_lies_on_them(planner) -> None:
    """ "drinking from a mug on her lap": the verb's subject is not on her own lap; the thing named right before
    the phrase is, and it lies against her body."""
    s = plan(planner, "A girl drinking from a mug on her lap.")
    mug, girl = s.objects_named("mug")[0], s.objects_named("girl")[0]
    assert mug.anchor is not None and (mug.anchor.kind, mug.anchor.target) == ("part_of", girl.id)
    assert girl.box[0] < (mug.box[0] + mug.box[2]) / 2 < girl.box[2]
    s = plan(planner, "the boy knelt on his knees")
    assert s.counts() == {"boy": 1}


@pytest.mark.parametrize("prompt, who, held", [
    ("a giant made of smoke holding a lantern", "giant", "lantern"),
    ("a sailor made of swirling sand and wind - holding a compass", "sailor", "compass"),
])
def test_a_figure_made_of_something_still_holds_what_it_holds(planner, prompt, who, held) -> None:
    """The material a figure is made of holds nothing; the figure does (however the parser hangs the verb)."""
    s = plan(planner, prompt)
    thing, holder = s.objects_named(held)[0], s.objects_named(who)[0]
    assert thing.anchor is not None and (thing.anchor.kind, thing.anchor.target) == ("held_by", holder.id)
