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


@pytest.mark.parametrize("prompt, slip, meant", [
    ("a red umbrellla beside a lamp post", "umbrellla", "umbrella"),
    ("a wizard reading in a dusty libeary", "libeary", "library"),
    ("a crow with one black featherr on the ground", "featherr", "feather"),
])
def test_a_typing_slip_is_read_as_the_noun_meant_with_a_warning(planner, prompt, slip, meant) -> None:
    s = plan(planner, prompt)
    names = " ".join([*s.counts(), *(o.description for o in s.objects), s.background, s.style])
    assert meant in names and slip not in names
    assert any(slip in w and meant in w for w in planner.last_warnings)


@pytest.mark.parametrize("text", [
    "a biomechanical throne, by giger",  # a name after "by"
    "alien queen, giger, beksinski",  # names as lone tags
    "alien queen by hr giger",  # beside a word nobody knows
    "a cat lounging on the statuses of a wall",  # verb forms and plurals are not slips
    "the uplight in the hall",  # no known noun one key away
])
def test_names_verb_forms_and_unknown_words_are_not_slips(text) -> None:
    from agent.planners.spelling import correct_slips
    assert correct_slips(text) == (text, [])


def test_the_doer_of_a_passive_verb_is_a_thing_not_a_credit(planner) -> None:
    s = plan(planner, "a tiny fishing boat towed by Nessie")
    assert "nessie" in s.counts() and "Nessie" not in s.style
    s = plan(planner, "a lighthouse painted by Winslow Homer")
    assert "by Winslow Homer" in s.style and "homer" not in s.counts()


def test_an_unknown_medium_before_a_credit_is_style(planner) -> None:
    s = plan(planner, "a misty pier at dawn, platinotype by Edward Steichen")
    assert "platinotype" in s.style and "platinotype" not in s.counts()


def test_a_tag_of_two_colours_is_the_palette_of_subject_and_setting(planner) -> None:
    s = plan(planner, "monks chanting inside a stone temple, misty, orange and purple, 8k")
    assert all(o.color == "orange and purple" for o in s.objects if o.name == "monk")
    assert "orange and purple" in s.background and "temple" in s.background
    s = plan(planner, "a parked bicycle in a quiet alley, green and gold")
    assert "green and gold" in s.background and s.objects[0].color == "green and gold"


def test_what_the_subject_handles_shares_its_support(planner) -> None:
    s = plan(planner, "a small frog playing a banjo on a lily pad")
    rels = {(r.subject, r.relation, r.object) for r in s.relations}
    assert ("banjo", "on top of", "lily pad") in rels and ("frog", "on top of", "lily pad") in rels
    boxes = {o.name: o.box for o in s.objects}
    banjo, pad = boxes["banjo"], boxes["lily pad"]
    assert (banjo[1] + banjo[3]) / 2 < (pad[1] + pad[3]) / 2 and banjo[0] < pad[2] and pad[0] < banjo[2]


def test_accented_nouns_are_looked_up_plain(planner) -> None:
    from agent.vocab import noun_kind
    assert noun_kind("piñata") == noun_kind("pinata") is not None
    s = plan(planner, "a young ingénue holding a paper fan")
    assert "ingénue" in s.counts()


@pytest.mark.parametrize("prompt, work, shown", [
    ("a weathered bronze statue of a lion in a town square, golden hour", "statue", "lion"),
    ("a wooden carving of a sea turtle on a desk", "carving", "sea turtle"),
    ("a marble sculpture of a sleeping child, museum lighting", "sculpture", "child"),
])
def test_a_sculpture_of_something_is_one_thing_that_shows_it(planner, prompt, work, shown) -> None:
    s = plan(planner, prompt)
    assert work in s.counts() and shown not in s.counts()
    assert shown in next(o for o in s.objects if o.name == work).description
    assert work not in s.style


def test_a_painting_of_something_still_frames_it(planner) -> None:
    s = plan(planner, "an oil painting of a lion in a town square")
    assert "lion" in s.counts() and "painting" in s.style


def test_a_part_named_by_its_creature_is_a_thing_of_its_own(planner) -> None:
    s = plan(planner, "a shaman holding a goat skull, candles, dark fantasy")
    assert "skull" in s.counts() and "shaman" in s.counts()
    s = plan(planner, "a girl with fox ears in a meadow")  # her own: a part, described
    assert "ear" not in s.counts() and "fox ears" in next(o for o in s.objects if o.name == "girl").description


def test_a_band_named_by_its_members_is_a_thing(planner) -> None:
    s = plan(planner, "a goblin army on a hill, epic fantasy")
    assert "army" in s.counts()
    assert "goblin" in next(o for o in s.objects if o.name == "army").description
    s = plan(planner, "a fisherman village by the sea")  # a place, not a band of fishermen
    assert "fisherman" not in s.counts()
    assert "fisherman village" in s.background or any(
        "fisherman village" in o.description for o in s.objects if o.name == "village")


def test_a_background_tag_is_the_background_not_the_style(planner) -> None:
    s = plan(planner, "a paper crane, misty mountain background, soft light")
    assert "mountain" in s.background and "mountain" not in s.style and "crane" in s.counts()


def test_how_a_view_is_seen_stays_in_the_style(planner) -> None:
    s = plan(planner, "bird's-eye view of a harbour town, watercolor")
    assert "view" in s.style and "harbour" in s.background + s.style


def test_a_small_place_is_still_a_place(planner) -> None:
    s = plan(planner, "a little island with a lighthouse at dusk")
    assert "island" in s.background and "lighthouse" in s.counts()


def test_an_arrangement_is_how_things_stand_not_a_thing(planner) -> None:
    s = plan(planner, "seashells laid out in a neat grid on white sand")
    assert "grid" not in s.counts() and "seashell" in s.counts()
    s = plan(planner, "roses arranged in a glass vase")
    assert "vase" in s.counts()


def test_people_in_a_tag_are_things_and_a_lone_picture_word_is_style(planner) -> None:
    s = plan(planner, "a night market in the old town, lanterns, crowds of people, 8k wallpaper")
    assert "person" in s.counts() and "people" not in s.style
    assert "wallpaper" in s.style and "wallpaper" not in s.counts()


def test_a_count_glued_to_a_person_is_a_count(planner) -> None:
    s = plan(planner, "1girl, solo, short hair, red scarf, snowy street")
    assert s.counts().get("girl") == 1
    s = plan(planner, "3cats sleeping on a sofa, 8bit")
    assert s.counts().get("cat") == 3 and "bit" not in s.counts()


def test_a_thing_the_tagger_took_for_the_verb_heads_the_fragment(planner) -> None:
    s = plan(planner, "pink jellyfish floating over a reef, underwater")  # "jellyfish" tagged the verb
    assert "jellyfish" in s.counts() and s.objects[0].color == "pink"


@pytest.mark.parametrize("word", ["shiba", "shibas", "arepa", "barfi"])
def test_a_letter_dropped_to_a_short_noun_is_no_slip(word) -> None:
    """A five-letter word is one dropped letter from many four-letter nouns: too weak to rewrite it."""
    from agent.planners.spelling import intended
    assert intended(word) is None


def test_a_key_pressed_twice_still_reaches_a_short_noun() -> None:
    from agent.planners.spelling import intended
    assert intended("suiit") == "suit"


@pytest.mark.parametrize("word", ["mille", "elote", "chaat", "buttresss"])
def test_a_slip_lands_only_on_a_drawn_noun_or_style_word_other_than_itself(word) -> None:
    """"mille" is one key from "mile", "chaat" from "chat": nouns nobody draws, so real dishes stay as typed;
    a noun plus a key pressed twice on its plural "s" is no slip of itself."""
    from agent.planners.spelling import intended
    assert intended(word) is None


@pytest.mark.parametrize("word, meant", [("coffe", "coffee"), ("lightong", "lighting"), ("libraey", "library")])
def test_a_slip_still_reaches_a_thing_a_setting_or_a_style_word(word, meant) -> None:
    from agent.planners.spelling import intended
    assert intended(word) == meant


@pytest.mark.parametrize("prompt, year", [
    ("a vintage car, paris 1920", "1920"),
    ("a neon alley in the rain, tokyo 2077", "2077"),
])
def test_a_place_dated_by_a_year_stays_the_setting(planner, prompt, year) -> None:
    """A tag of a place and a year dates the scene: the place is read as it is without the year (here the
    setting), and the year goes to the style; it is no title of a work."""
    s, undated = plan(planner, prompt), plan(planner, prompt.replace(" " + year, ""))
    assert s.background == undated.background and undated.background
    assert s.counts() == undated.counts()
    assert year in s.style


@pytest.mark.parametrize("prompt, things", [
    ("Old Boat On The Lake, cinematic lighting", {"boat"}),
    ("Fox In The Snow, soft light, watercolor painting", {"fox"}),
])
def test_a_title_case_first_tag_is_the_subject_not_a_title(planner, prompt, things) -> None:
    """People capitalise their subject; a title case run that is the whole first tag is what to draw."""
    s = plan(planner, prompt)
    assert things <= set(s.counts())
    assert split_titles(prompt)[1] == []
