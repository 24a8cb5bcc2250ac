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
