"""Style and text in prompts as people write them (issue 13): credits without "by", trailing render words,
picture frames with their modifiers and sources, Midjourney size flags, dates and units in tags, and texts
whose quotes were lost. Prompts here are not from any benchmark list."""

from __future__ import annotations

import pytest

from agent.planners.parse import parse
from tests.planning import plan


@pytest.mark.parametrize("prompt, things, credits", [
    # names WordNet also knows as things or people ("miller", "gurney") are credits in a tag list
    ("a knight in armor, dramatic lighting, ian miller, james gurney", {"knight"}, ["ian miller", "james gurney"]),
    # run-on names after the subject, no commas
    ("a lighthouse on a cliff greg rutkowski alphonse mucha artgerm", {"lighthouse"},
     ["greg rutkowski alphonse mucha artgerm"]),
    ("a girl reading a book hd octane render", {"girl", "book"}, ["hd octane render"]),
])
def test_credits_and_render_words_are_style_not_things(planner, prompt, things, credits) -> None:
    s = plan(planner, prompt)
    assert things <= set(s.counts())
    for c in credits:
        assert c in s.style
    assert not {"miller", "gurney", "rutkowski", "mucha", "artgerm", "hd", "render"} & set(s.counts())


def test_a_landmark_tag_is_a_thing_not_a_credit(planner) -> None:
    s = plan(planner, "a city street, eiffel tower, sunset")
    assert "eiffel tower" in s.counts() and "eiffel" not in s.style


def test_a_counted_unknown_noun_is_no_credit(planner) -> None:
    assert plan(planner, "nine leftmost moai").counts().get("moai") == 9


def test_an_adjective_only_tag_is_style_even_first(planner) -> None:
    s = plan(planner, "surreal, a clock melting on a branch")
    assert "surreal" in s.style and "clock" in s.counts() and "surreal" not in s.counts()


@pytest.mark.parametrize("prompt, style, thing", [
    ("a black and white photo of a bicycle", "black and white photo", "bicycle"),
    ("an award winning 19th century french oil painting of a ship", "award winning 19th century french oil painting",
     "ship"),
    ("portrait photo of an old fisherman", "portrait photo", "fisherman"),
    ("digital art cat wearing a hat", "digital art", "cat"),  # a leading picture phrase without "of"
])
def test_picture_frames_keep_the_users_words(planner, prompt, style, thing) -> None:
    s = plan(planner, prompt)
    assert s.style.split(", ")[0] == style and thing in s.counts()
    assert not {"photo", "painting", "art"} & set(s.counts())


def test_the_source_of_a_still_is_style(planner) -> None:
    s = plan(planner, "film still from Blade Runner, a man in the rain")
    assert "film still from Blade Runner" in s.style and s.counts() == {"man": 1}


def test_a_viewpoint_after_from_is_not_a_source(planner) -> None:
    s = plan(planner, "a photo from above of a cat")
    assert "above" not in s.style and s.counts() == {"cat": 1}


def test_how_the_picture_was_made_is_style(planner) -> None:
    s = plan(planner, "a fox, watercolor painting made with a sponge")
    assert "watercolor painting made with a sponge" in s.style and s.counts() == {"fox": 1}


def test_by_artist_style(planner) -> None:
    assert "claude monet style" in plan(planner, "a boat on a lake by claude monet style").style


def test_a_listed_render_is_no_object(planner) -> None:
    s = plan(planner, "a dog on a skateboard, a 3D render")
    assert "render" in s.style and "3d" in s.style and set(s.counts()) == {"dog", "skateboard"}


def test_midjourney_width_and_height_flags_set_the_shape() -> None:
    p = parse("a robot --w 1024 --h 512")
    assert (p.width, p.height) == (512, 256) and "1024" not in p.style and "512" not in p.style


@pytest.mark.parametrize("prompt, style", [
    ("retro robot, 8 - bit art", "8-bit art"),  # a spaced hyphen after a number joins, it does not split tags
    ("a diner, 1950s photo", "1950s photo"),  # a decade is no count
    ("a spaceship cinematic 4d", "4d"),
])
def test_dates_and_dimensions_in_tags(planner, prompt, style) -> None:
    s = plan(planner, prompt)
    assert style in s.style.split(", ")
    assert all(n not in s.counts() for n in ("bit", "photo", "4d", "d"))


@pytest.mark.parametrize("prompt, text, on", [
    ("a mug with  Good Morning  printed in blue", "Good Morning", "mug"),  # quotes lost as double spaces
    ("a poster with word SALE", "SALE", "poster"),  # capitals after a lettering noun
    ("paper letters Hello hanging on a string", "Hello", None),
])
def test_texts_without_quotes(planner, prompt, text, on) -> None:
    s = plan(planner, prompt)
    assert [t.content for t in s.texts] == [text]
    if on:
        assert s.texts[0].on == f"{on}_1"
    assert text.lower() not in s.counts() and "good" not in s.counts()


def test_double_spaces_without_a_text_cue_are_only_spaces(planner) -> None:
    s = plan(planner, "a man with  two  dogs")
    assert s.texts == [] and s.counts() == {"man": 1, "dog": 2}


def test_a_credit_ends_at_its_tag(planner) -> None:
    """'by X, a, b, c': the things listed after the credit's comma are things, not part of the credit."""
    s = plan(planner, "a harbor by Ralph Steadman, coconut tree, jetty, fishing boat")
    assert {"coconut tree", "jetty", "fishing boat"} <= set(s.counts()) and s.style == "by Ralph Steadman"


def test_every_name_of_a_credit_is_style(planner) -> None:
    s = plan(planner, "a fox by moebius and makoto shinkai")
    assert s.counts() == {"fox": 1} and "makoto shinkai" in s.style


@pytest.mark.parametrize("prompt, text, thing", [
    ("'Fall is here' written in autumn leaves floating on a lake", "Fall is here", "word"),  # made of a material
    ("a bowl of soup with pasta letters that read 'Yum'", "Yum", "letter"),  # the letters that read it
    ("the word 'BEE' made from bees", "BEE", "word"),
])
def test_lettering_written_on_nothing_is_a_thing_carrying_the_text(planner, prompt, text, thing) -> None:
    s = plan(planner, prompt)
    (obj,) = s.objects_named(thing)
    assert [(t.content, t.on) for t in s.texts] == [(text, obj.id)]


def test_a_text_before_its_surface_goes_on_it(planner) -> None:
    s = plan(planner, "'OPEN' written on a sign")
    assert s.texts[0].on == "sign_1" and not s.objects_named("word")


def test_a_tag_holding_a_quote_is_never_style(planner) -> None:
    s = plan(planner, "a heart with the text 'i love you', with the letters 'love' made of rainbow colors")
    assert "__text" not in s.style and [t.content for t in s.texts] == ["i love you", "love"]


def test_a_listed_picture_by_an_artist_is_style(planner) -> None:
    s = plan(planner, "a dark room with bookshelves, a detailed matte painting by Artem Demura, hq, lens flare effect")
    assert "matte painting by Artem Demura" in s.style and "hq" in s.style and "lens flare effect" in s.style
    assert set(s.counts()) == {"bookshelf"}


def test_a_style_word_compound_is_not_promoted_to_a_thing(planner) -> None:
    assert set(plan(planner, "a surfboard with a cyberpunk pattern, top view").counts()) == {"surfboard"}


@pytest.mark.parametrize("prompt, text, surface", [
    ('the words "SALE NOW" in a bold red poster', "SALE NOW", "poster"),
    ("'hello' in red on a brick wall", "hello", "wall"),
])
def test_a_text_goes_on_the_surface_named_after_it(planner, prompt, text, surface) -> None:
    s = plan(planner, prompt)
    assert [(t.content, t.on) for t in s.texts] == [(text, f"{surface}_1")] and not s.objects_named("word")


def test_a_style_run_needs_two_names_not_an_adjective_and_a_name() -> None:
    """ "national Zorblax": an adjective WordNet also knows as a person ("a national") and one unknown name
    are not a run of credits to split off the tag ("national" left behind)."""
    from agent.planners.read_tags import split_style

    assert split_style("a red fox in the snow, national Zorblax")[1] != ["Zorblax"]


def test_medium_on_support_is_style(planner) -> None:
    s = plan(planner, "portrait of an old man with a beard, oil on canvas")
    assert "oil on canvas" in s.style and "canvas" not in s.counts()


@pytest.mark.parametrize("prompt, style, colour", [
    ("a notebook with the word 'jazz' written in flowing cursive", "flowing cursive", None),
    ("a wall with 'hello' in a gothic font", "gothic font", None),
    ("a sign that says 'OPEN' in bold red letters", "bold red letters", "red"),
])
def test_how_a_text_is_lettered_is_style(planner, prompt, style, colour) -> None:
    s = plan(planner, prompt)
    assert style in s.style.split(", ") and s.texts[0].color == colour
    assert not {"cursive", "font", "letter"} & set(s.counts())


def test_a_list_of_things_ending_a_sentence_is_no_style_tag(planner) -> None:
    s = plan(planner, "On the desk we can see a lamp, kettle and an object. Behind it there is a window.")
    assert {"lamp", "kettle"} <= set(s.counts()) and "kettle" not in s.style
