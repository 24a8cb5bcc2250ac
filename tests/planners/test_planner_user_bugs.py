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
