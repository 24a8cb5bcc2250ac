"""Tag-style SD / Midjourney prompts (issue 13, tag lane): titles of works, weights, typos, settings.
Prompts here are our own, not from any benchmark list."""

from __future__ import annotations

import pytest

from agent.planners.titles import split_titles
from tests.planning import plan


@pytest.mark.parametrize("prompt, title, gone", [
    ("steampunk airship, Journey to the Center of the Earth, oil painting", "Journey to the Center of the Earth",
     "earth"),
    ("a knight resting, Into The Burning Forest cover art, moody light", "Into The Burning Forest", "forest"),
    ("lonely robot in a field, ghost rider 1999, matte painting", "ghost rider 1999", "rider"),
])
def test_a_title_of_a_work_is_style_not_things(planner, prompt, title, gone) -> None:
    s = plan(planner, prompt)
    assert title in s.style
    assert gone not in s.counts()


@pytest.mark.parametrize("text", [
    "a photo of the Statue of Liberty at night",  # a place: no article between the capitalised words
    "A Small Dog Sleeping On The Sofa",  # capitalised throughout: not a title inside a lower-case prompt
    "a poster titled The Long Road Home on a wall",  # a text the text reader writes
    "a red car, 2021",  # a year alone is no title
])
def test_what_is_not_a_title(text) -> None:
    assert split_titles(text) == (text, [])


def test_spaced_digits_keep_the_users_spelling_in_style(planner) -> None:
    s = plan(planner, "a diner at night, 1 9 7 0 s film photo, neon sign")
    assert "1 9 7 0 s film photo" in s.style
    assert not any(o.name.isdigit() for o in s.objects)
