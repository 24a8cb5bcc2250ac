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
