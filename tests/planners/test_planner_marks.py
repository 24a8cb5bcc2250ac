"""Written marks with no text to write ("the letters are white") and palette tags ("muted pastel colors"):
how the things that bear or wear them look, not things of their own."""

from __future__ import annotations

import pytest

from agent.scene import Scene, SceneObject
from tests.planning import plan


def one(s: Scene, name: str) -> SceneObject:
    found = s.objects_named(name)
    assert found, f"no {name!r} in {[o.name for o in s.objects]}"
    return found[0]


@pytest.mark.parametrize("prompt, bearer, phrase", [
    ("a road sign with yellow letters", "road sign", "with yellow letters"),
    ("The mailbox has white numbers.", "mailbox", "with white numbers"),
    ("A scoreboard stands by the field. The digits on the scoreboard are red.", "scoreboard", "red digits"),
    ("a typewriter on a desk. the letters are printed in black.", "typewriter", "black letters"),
    ("A wall clock hangs in a kitchen. The numbers are gold.", "wall clock", "gold numbers"),
    ("a blackboard covered with equations", "blackboard", "equations"),
])
def test_marks_go_to_the_thing_that_bears_them(planner, prompt, bearer, phrase) -> None:
    s = plan(planner, prompt)
    assert phrase in one(s, bearer).description
    assert not any(o.name in ("letter", "number", "digit", "equation") for o in s.objects)


def test_marks_of_a_quoted_text_stay_the_texts(planner) -> None:
    s = plan(planner, "a door with red letters that say 'PRIVATE'")
    assert [t.content for t in s.texts] == ["PRIVATE"]
    assert "letters" not in one(s, "door").description


@pytest.mark.parametrize("prompt, thing, palette", [
    ("a teapot on a shelf, 3d render, soft pastel colours", "teapot", "soft pastel colours"),
    ("an owl, digital art, candy pastel", "owl", "candy pastel"),
])
def test_a_palette_tag_colours_the_things_and_stays_style(planner, prompt, thing, palette) -> None:
    s = plan(planner, prompt)
    assert one(s, thing).color == palette
    assert palette in s.style


def test_a_palette_tag_leaves_said_colours_and_held_things(planner) -> None:
    s = plan(planner, "a green parrot and a boy holding a kite, muted pastel colors")
    assert one(s, "parrot").color == "green"
    assert one(s, "boy").color == "muted pastel colors"
    assert one(s, "kite").color is None
