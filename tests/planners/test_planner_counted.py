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
