"""Plans people got wrong in everyday requests (t-shirts, signs, tags): each test uses its own sentences."""

from __future__ import annotations

import pytest

from tests.planning import plan


@pytest.mark.parametrize("prompt, texts", [
    ("a t-shirt that says 'World's Best Dad'", ["World's Best Dad"]),
    ("a mug that reads 'Rock'n'Roll' and a sign saying 'OPEN'", ["Rock'n'Roll", "OPEN"]),
    ("a banner with 'Joe's Diner' over a door", ["Joe's Diner"]),
])
def test_single_quotes_keep_apostrophes_inside(planner, prompt, texts) -> None:
    s = plan(planner, prompt)
    assert [t.content for t in s.texts] == texts
    assert not any(o.name in ("world", "joe", "roll") for o in s.objects)


def test_a_planet_named_with_an_s_stays_whole() -> None:
    from agent.vocab.lexicon import singular

    assert singular("mars") == "mars"
    assert [singular(w) for w in ("arms", "bars", "horses")] == ["arm", "bar", "horse"]


@pytest.mark.parametrize("prompt", ["a watercolor of mars", "mars", "a small rover driving on mars"])
def test_mars_is_drawn(planner, prompt) -> None:
    s = plan(planner, prompt)
    assert "mars" in [o.name for o in s.objects]
