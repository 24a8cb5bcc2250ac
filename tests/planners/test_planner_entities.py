"""Which things the offline planner finds, and which words it does not turn into things: nouns the small
tagger mis-tags (a verb read as the head noun, a noun read as an adjective), colour words that are also
nouns, similes, hedged restatements. Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from tests.planning import plan


def names(planner, prompt: str) -> dict[str, int]:
    return plan(planner, prompt).counts()


# -- nouns the tagger mis-tags ---------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, thing", [
    ("A leaf drifts on the pond.", "leaf"),  # "drifts" tagged a plural noun with "leaf" as its compound
    ("A balloon rises over the roofs.", "balloon"),
    ("a geyser spouting, with the word 'steam' in white", "geyser"),  # a participle after its subject
])
def test_the_subject_of_a_verb_read_as_a_noun_is_drawn(planner, prompt, thing) -> None:
    got = names(planner, prompt)
    assert got.get(thing) == 1
    assert not {"drift", "rise", "spouting"} & set(got)


def test_a_plural_only_noun_after_an_article_is_no_verb(planner) -> None:
    assert names(planner, "a picture of a blue pliers") == {"pliers": 1}


def test_a_word_an_article_introduces_in_a_list_is_a_thing(planner) -> None:
    got = names(planner, "on the desk we can see a mic, a lamp and a stapler")
    assert {"mic", "lamp", "stapler"} <= set(got)


def test_a_thing_listed_with_another_is_no_style_tag(planner) -> None:
    s = plan(planner, "a shelf with a vase, clock, kettle and an object")
    assert {"kettle", "object"} <= set(s.counts())
    assert "kettle" not in s.style


# -- colours that are also nouns -------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, thing, colour", [
    ("a parrot with a green and orange tail", "parrot", None),
    ("a scarf striped in blue, cream and brown", "scarf", None),
    ("a quiet street with an orange traffic light", "traffic light", "orange"),
])
def test_a_colour_noun_used_as_a_colour_is_no_thing(planner, prompt, thing, colour) -> None:
    s = plan(planner, prompt)
    assert thing in s.counts()
    assert not {"orange", "cream"} & set(s.counts())
    if colour:
        assert s.objects_named(thing)[0].color == colour


def test_a_colour_noun_as_a_thing_stays_a_thing(planner) -> None:
    assert names(planner, "an orange next to a lemon") == {"orange": 1, "lemon": 1}
