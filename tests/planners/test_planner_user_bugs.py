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


@pytest.mark.parametrize("prompt, group, other", [
    ("a family with a dog at the beach", "family", "dog"),
    ("a young couple with two cats on a sofa", "couple", "cat"),
])
def test_a_group_with_an_animal_is_people(planner, prompt, group, other) -> None:
    names = [o.name for o in plan(planner, prompt).objects]
    assert group in names and other in names


@pytest.mark.parametrize("prompt, kind, body", [
    ("a dragon tattoo on an arm", "dragon", "arm"),
    ("a skull tattoo on his neck", "skull", "neck"),
])
def test_a_tattoo_named_first_in_a_fragment_is_the_tattoo(planner, prompt, kind, body) -> None:
    s = plan(planner, prompt)
    tattoo = s.objects_named("tattoo")
    assert tattoo and kind in tattoo[0].description
    assert kind not in [o.name for o in s.objects]


def test_a_thing_after_a_noun_at_the_end_stays_a_place_word(planner) -> None:
    assert [o.name for o in plan(planner, "a dog upstairs").objects] == ["dog"]


@pytest.mark.parametrize("prompt, words", [
    ("a company logo sign", "company logo"),
    ("a neon logo sign on a wall", "neon logo"),
])
def test_a_singular_noun_before_a_plain_present_verb_is_a_compound(planner, prompt, words) -> None:
    s = plan(planner, prompt)
    sign = s.objects_named("sign")
    assert sign and words in sign[0].description
    assert "logo" not in [o.name for o in s.objects]


def test_a_real_verb_after_its_subject_stays_a_verb(planner) -> None:
    assert [o.name for o in plan(planner, "a man walk to the store").objects] == ["man", "store"]


@pytest.mark.parametrize("prompt, bearer, other", [
    ("a man with a number on his shirt", "shirt", "man"),
    ("a woman in a jacket with white letters on it", "jacket", "woman"),
])
def test_marks_go_on_the_thing_they_are_on_not_the_wearer(planner, prompt, bearer, other) -> None:
    s = plan(planner, prompt)
    on = s.objects_named(bearer)
    assert on and any(w in on[0].description for w in ("number", "letters"))
    assert not any(r.subject.startswith(other) and r.relation == "on top of" for r in s.relations)
    assert not any(o.anchor is not None and o.anchor.target.startswith(bearer) and o.name == other
                   for o in s.objects)


@pytest.mark.parametrize("prompt, names", [
    ("a woman in her 20s sitting on a bench", ["woman", "bench"]),
    ("a car from the 1950s on a street", ["car"]),
])
def test_a_plural_number_is_an_age_or_a_decade(planner, prompt, names) -> None:
    assert [o.name for o in plan(planner, prompt).objects] == names


@pytest.mark.parametrize("prompt, name", [("a top 10 list poster", "poster"), ("a 3 story house on a hill", "house")])
def test_digits_inside_one_singular_thing_do_not_count_it(planner, prompt, name) -> None:
    assert [o.name for o in plan(planner, prompt).objects] == [name]


def test_digits_before_a_plural_still_count(planner) -> None:
    assert [o.name for o in plan(planner, "4 cups on a tray").objects].count("cup") == 4


@pytest.mark.parametrize("prompt, thing, artist", [
    ("a cat on a windowsill, oil painting, monet, warm light", "cat", "monet"),
    ("water lilies in a pond, claude monet", "water lily", "claude monet"),
    ("sunflowers in a vase, van gogh, thick brush strokes", "sunflower", "van gogh"),
    ("a barn, monet", "barn", "monet"),
])
def test_a_lone_artist_tag_is_the_style(planner, prompt, thing, artist) -> None:
    s = plan(planner, prompt)
    names = [o.name for o in s.objects]
    assert artist in s.style and artist.split()[-1] not in " ".join(names)
    assert any(thing in n for n in names)


def test_an_artist_named_as_the_subject_is_drawn(planner) -> None:
    assert [o.name for o in plan(planner, "a portrait of rembrandt").objects] == ["rembrandt"]


@pytest.mark.parametrize("prompt, thing, text", [
    ("a mug that says World Best Dad", "mug", "World Best Dad"),
    ("a banner that reads Happy Birthday Sarah on a wall", "banner", "Happy Birthday Sarah"),
])
def test_title_case_words_after_says_are_the_text_not_things(planner, prompt, thing, text) -> None:
    s = plan(planner, prompt)
    assert [t.content for t in s.texts] == [text]
    assert thing in [o.name for o in s.objects]
    assert not any(w in o.name for o in s.objects for w in ("dad", "birthday", "sarah"))
