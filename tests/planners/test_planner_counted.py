"""Counts said anywhere: what the counted noun is called and how many instances it gets. Prompts written for
these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from tests.planning import plan


@pytest.mark.parametrize("prompt, name, count", [
    ("Group of four businessmen shaking hands", "businessman", 4),
    ("two chairwomen at a long table", "chairwoman", 2),
    ("three salespeople waving", "salesperson", 3),
    ("five grandchildren around a birthday cake", "grandchild", 5),
])
def test_compounds_of_irregular_plurals_are_named_in_the_singular(planner, prompt, name, count) -> None:
    """ "businessmen" is many businessmen (WordNet also files the plural as a group, which is not the thing)."""
    assert plan(planner, prompt).counts().get(name) == count


def test_a_word_that_only_ends_like_men_keeps_its_name(planner) -> None:
    assert "abdomen" in plan(planner, "an abdomen drawn on a lab bench").counts()
    assert plan(planner, "a strict regimen of seven pills").counts().get("pill") == 7


# -- a body-part word drawn as a shape -------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, count, colour", [
    ("four pink hearts on a white card", 4, "pink"),
    ("a boy holding a big red heart", 1, "red"),
    ("Set of seven hearts", 7, None),
])
def test_a_coloured_or_counted_heart_with_no_owner_is_drawn(planner, prompt, count, colour) -> None:
    s = plan(planner, prompt)
    hearts = [o for o in s.objects if o.name == "heart"]
    assert len(hearts) == count and all(o.color == colour for o in hearts)


def test_an_owned_heart_is_no_shape(planner) -> None:
    assert "heart" not in plan(planner, "the golden heart of a dragon").counts()


# -- a counted variant after the things ----------------------------------------------------------------------
def test_a_counted_variant_counts_the_things_and_is_no_thing(planner) -> None:
    """ "stars - six sizes": six stars, one per size; WordNet's glue sense of "size" is no thing to draw."""
    counts = plan(planner, "Golden glossy stars - six sizes").counts()
    assert counts.get("star") == 6 and "size" not in counts


# -- a group that has people with it ---------------------------------------------------------------------------
def test_a_group_with_people_is_drawn_with_them(planner) -> None:
    """ "a cheerful family with three kids": the family is people in the picture, the kids with them."""
    counts = plan(planner, "a cheerful family with three kids on a sofa").counts()
    assert counts.get("family") == 1 and counts.get("kid") == 3


def test_a_group_with_things_only_stays_unplanned(planner) -> None:
    assert "team" not in plan(planner, "a team with four trophies").counts()


# -- one to each -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, owner, thing, count", [
    ("Two small parcels with blue bows", "parcel", "bow", 2),
    ("four toddlers wearing paper crowns", "toddler", "crown", 4),
    ("three boys sitting on a wall eating apples", "boy", "apple", 3),
    ("two cats with five toys", "cat", "toy", 5),
    ("a clown with balloons", "clown", "balloon", 3),
])
def test_a_bare_plural_goes_one_to_each_counted_owner(planner, prompt, owner, thing, count) -> None:
    """A plural with no number said of counted things is one each; a number of its own, or one owner, keeps
    the plural's own count."""
    assert plan(planner, prompt).counts().get(thing) == count


def test_worn_things_sit_one_on_each_wearer(planner) -> None:
    s = plan(planner, "three kids wearing wool hats")
    hats = [o for o in s.objects if o.name == "hat"]
    assert sorted(o.anchor.target for o in hats if o.anchor) == ["kid_1", "kid_2", "kid_3"]


def test_counted_pieces_of_a_thing_are_drawn(planner) -> None:
    """ "three pieces of pie": the pie in pieces, three of them (not "pie" as the sort of the pieces, which
    planned nothing)."""
    assert plan(planner, "three pieces of pie on a saucer").counts().get("piece of pie") == 3
    names = [o.name for o in plan(planner, "two pieces of carrot cake").objects]
    assert len(names) == 2 and all(n.startswith("piece of") and n.endswith("cake") for n in names)


def test_a_number_before_a_sheet_word_counts_the_things_after_it(planner) -> None:
    """ "4 pack striped mugs": four mugs; the pack is no thing beside them."""
    assert plan(planner, "4 pack striped mugs").counts() == {"mug": 4}
    assert plan(planner, "6 pack grey socks on a rack").counts().get("sock") == 6
    assert "pack" not in plan(planner, "6 pack grey socks on a rack").counts()
