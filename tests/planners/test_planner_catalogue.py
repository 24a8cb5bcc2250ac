"""Stock-photo and catalogue captions, and counts wherever they are said: what a caption's counted things
are, which of its words name the occasion or the picture sheet, and which numbers are no counts. Prompts
written for these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from tests.planning import plan


# -- who a caption is about ---------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, name, count", [
    ("The second cup victory for six Ajax defenders", "defender", 6),
    ("a farewell speech for three retiring nurses", "nurse", 3),
])
def test_people_a_title_or_record_is_for_are_drawn(planner, prompt, name, count) -> None:
    """A title or a record is nothing to draw: the counted people it is for are what the caption shows."""
    assert plan(planner, prompt).counts().get(name) == count


def test_what_a_picture_is_for_is_still_not_drawn(planner) -> None:
    s = plan(planner, "a poster for my daughter's playroom, a smiling sun and two clouds")
    assert "daughter" not in s.counts() and "playroom" not in s.counts()


# -- occasions ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, thing, occasion", [
    ("four grandparents dancing at a summer wedding", "grandparent", "wedding"),
    ("a boy eating cake during the birthday party", "boy", "party"),
    ("two journalists at a press conference", "journalist", "conference"),
])
def test_an_occasion_after_at_or_during_is_the_setting(planner, prompt, thing, occasion) -> None:
    s = plan(planner, prompt)
    assert thing in s.counts() and occasion not in s.counts()
    assert occasion in s.background


def test_a_place_in_the_frame_after_at_is_no_setting(planner) -> None:
    s = plan(planner, "a woman holding a cup at the level of her chin")
    assert "level" not in s.background


# -- counted pictures that show nothing of their own ----------------------------------------------------
def test_counted_pictures_after_a_thing_are_copies_of_it(planner) -> None:
    """ "..., a set of six clipart images": six pictures of the truck the caption is about, not six things named
    'image'; the picture words are the style."""
    s = plan(planner, "A wooden toy truck with a red trailer, a set of six clipart images")
    assert s.counts().get("truck") == 6 and "image" not in s.counts()
    assert "image" in s.style


def test_counted_pictures_alone_or_of_something_are_the_pictures(planner) -> None:
    assert plan(planner, "three framed photos of a lighthouse").counts().get("photo") == 3
    assert plan(planner, "five vintage postcard illustrations").counts().get("illustration") == 5


# -- the sheet a catalogue shows its things on ----------------------------------------------------------------
def test_a_counting_sheet_is_the_style_and_its_things_are_counted(planner) -> None:
    s = plan(planner, "A watercolor clipart collection of five hot air balloons")
    assert s.counts() == {"hot air balloon": 5}
    assert "watercolor clipart collection" in s.style


def test_a_set_put_somewhere_is_read_as_its_things(planner) -> None:
    s = plan(planner, "a set of four glasses on a tray")
    assert s.counts().get("glass") == 4 and "set" not in s.style


# -- quotes in captions ----------------------------------------------------------------------------------------
def test_a_csv_escaped_prompt_is_read_as_the_prompt(planner) -> None:
    """A whole prompt in quotes with its inner quotes doubled (a CSV cell) is one prompt with one quoted text."""
    s = plan(planner, '"a chalkboard that reads ""Fresh Bread"" beside a basket"')
    assert [t.content for t in s.texts] == ["Fresh Bread"]
    assert {"chalkboard", "basket"} <= set(s.counts())


def test_restored_quotes_lose_the_marker_padding() -> None:
    """The tagger reads a double space as a token of its own; a quote put back keeps single spaces."""
    from agent.planners.framing import restore_quotes

    text, spans = restore_quotes("six white  __text0__  cups", ["Willow"])
    assert text == 'six white "Willow" cups'
    assert text[spans[0][0]:spans[0][1]] == '"Willow"'


# -- numbers that count nothing ------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt", ["two brass candlesticks, estimate $300-500",
                                    "a walnut writing desk (£1,200 to £1,500)", "a teapot for €1.5m"])
def test_a_price_is_no_number_the_parser_reads(prompt) -> None:
    """An auction estimate or a price counts nothing: its digits never reach the sentence reader."""
    from agent.planners.prompt_syntax import read_syntax

    text = read_syntax(prompt, 512, 512).text
    assert not any(ch.isdigit() for ch in text.replace("two", "")), text


# -- a counted plural that says whose things they are ------------------------------------------------------------
def test_a_counted_plural_running_into_a_noun_counts_that_noun(planner) -> None:
    """ "three girls floral cotton dresses": no comma, article or preposition after "girls", so the girls
    say whose dresses; three dresses are drawn, no girl."""
    s = plan(planner, "Pack of three girls yellow daisy and navy striped dresses")
    assert s.counts() == {"dress": 3}
    dress = s.objects_named("dress")[0]
    assert dress.color == "yellow" and "navy" in dress.description


@pytest.mark.parametrize("prompt, counts", [
    ("two dogs and cats", {"dog": 2, "cat": 3}),
    ("three kittens playing with a ball of yarn", {"kitten": 3, "ball": 1}),
])
def test_a_counted_plural_followed_by_a_list_or_a_verb_keeps_its_count(planner, prompt, counts) -> None:
    s = plan(planner, prompt)
    assert all(s.counts().get(k) == v for k, v in counts.items()), s.counts()


# -- counts said after the things -----------------------------------------------------------------------------
@pytest.mark.parametrize("prompt, name, count", [
    ("Enamel lapel pins - five colors", "pin", 5),
    ("Wool scarves, set of two", "scarf", 2),
])
def test_a_count_of_variants_or_a_set_after_the_things_counts_them(planner, prompt, name, count) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(name) == count and "color" not in s.counts(), s.counts()


def test_a_count_of_kinds_with_of_is_not_a_count_of_variants(planner) -> None:
    """ "pencils, four kinds of erasers": the number counts the erasers, not the pencils."""
    s = plan(planner, "yellow pencils, four kinds of erasers")
    assert s.counts().get("eraser") == 4 and s.counts().get("pencil") != 4
    assert all(o.name != "kind" for o in s.objects)


# -- the medium written after the last thing ---------------------------------------------------------------------
@pytest.mark.parametrize("prompt, thing, setting, medium", [
    ("Two squirrels eating nuts on a fence vector illustration", "fence", "", "vector illustration"),
    ("Five friends laughing in the kitchen stock photo", "", "kitchen", "stock photo"),
    ("A dog running on the beach royalty free stock image", "", "beach", "royalty free stock image"),
])
def test_a_trailing_medium_is_the_style_and_the_thing_before_it_stays(planner, prompt, thing, setting,
                                                                      medium) -> None:
    s = plan(planner, prompt)
    assert medium in s.style and not {"illustration", "photo", "image"} & set(s.counts())
    assert (thing in s.counts()) if thing else (setting in s.background)


@pytest.mark.parametrize("prompt, name, count", [
    ("a fox photo", "fox", 1),                      # the photo shows the fox
    ("three lighthouse paintings", "painting", 3),  # pictures counted are things
    ("badges on six round vector", "vector", 6),
])
def test_a_medium_word_that_is_the_thing_or_shows_it_is_not_cut_off(planner, prompt, name, count) -> None:
    assert plan(planner, prompt).counts().get(name) == count


def test_a_picture_after_an_article_is_the_thing(planner) -> None:
    """ "a goat on the top of a painting": the painting is the thing the goat is on, not a medium."""
    s = plan(planner, "a goat on the top of a painting")
    assert s.counts() == {"goat": 1, "painting": 1}


# -- words a caption's grammar says are no things ------------------------------------------------------------
def test_what_happens_during_something_is_the_setting(planner) -> None:
    s = plan(planner, "two cyclists sprinting for the line during the race")
    assert "race" not in s.counts() and "race" in s.background


def test_the_picture_someone_poses_for_is_the_style(planner) -> None:
    s = plan(planner, "six cousins smiling for a photo")
    assert s.counts() == {"cousin": 6} and "photo" in s.style


def test_the_group_people_belong_to_is_no_thing(planner) -> None:
    s = plan(planner, "four members of the choir singing")
    assert s.counts() == {"member": 4}


def test_a_hand_made_sheet_draws_no_hand(planner) -> None:
    s = plan(planner, "Hand painted set of four teapots")
    assert s.counts() == {"teapot": 4}


# -- numbers written into the sheet word or onto a compound -------------------------------------------------------
@pytest.mark.parametrize("prompt, name, count", [
    ("Three-pack of striped ankle socks", "sock", 3),
    ("a 6-piece set of nesting bowls", "bowl", 6),
    ("Four-pack of lemon sodas", "soda", 4),
])
def test_a_number_hyphened_to_the_sheet_counts_its_things(planner, prompt, name, count) -> None:
    s = plan(planner, prompt)
    assert sum(v for k, v in s.counts().items() if k.endswith(name)) == count, s.counts()
    assert not any(k.startswith("-") or k in ("pack", "piece", "count") for k in s.counts())


def test_a_count_on_a_compound_word_counts_the_plural_after_it(planner) -> None:
    """The tagger reads "12 steak knives" as "12 steak" and "knives": a number above one never counts a
    singular noun right before a plural; the knives are counted."""
    for prompt in ("12 steak knives", "a set of 12 steak knives"):
        s = plan(planner, prompt)
        assert sum(v for k, v in s.counts().items() if k.endswith("knife")) == 12 and "steak" not in s.counts()


# -- product-listing ways of writing a count -------------------------------------------------------------------
@pytest.mark.parametrize("prompt, name, count", [
    ("Four slices of lemon tart on a plate", "slice of tart", 4),
    ("two pieces of cheese", "piece of cheese", 2),
])
def test_counted_portions_are_that_many(planner, prompt, name, count) -> None:
    assert plan(planner, prompt).counts().get(name) == count


@pytest.mark.parametrize("prompt, name, count", [
    ("3 x Green Linen Napkins", "napkin", 3),
    ("8 pcs wooden clothes pegs", "peg", 8),
])
def test_a_multiplier_or_pieces_count_is_the_count(planner, prompt, name, count) -> None:
    s = plan(planner, prompt)
    assert sum(v for k, v in s.counts().items() if k.endswith(name)) == count, s.counts()


def test_a_title_case_product_name_is_read_as_words(planner) -> None:
    """ "Set Of 5 Yellow Enamel Mugs": capitals on every word are a title, not names; five yellow mugs."""
    s = plan(planner, "Set Of 5 Yellow Enamel Mugs")
    assert sum(v for k, v in s.counts().items() if k.endswith("mug")) == 5
    assert {o.color for o in s.objects} == {"yellow"}


def test_a_title_of_names_keeps_its_capitals() -> None:
    from agent.planners.title_case import untitle

    assert untitle("Portrait Of Ada Lovelace By Alfred Chalon") == "Portrait Of Ada Lovelace By Alfred Chalon"
    assert untitle("Two USB Desk Lamps With Brass Shades") == "two USB desk lamps with brass shades"


@pytest.mark.parametrize("prompt, name, count", [
    ("five striped beach umbrellas Fotografie", "umbrella", 5),
    ("three sleepy foxes Zeichnung", "fox", 3),
])
def test_an_unknown_label_after_the_counted_things_is_no_thing(planner, prompt, name, count) -> None:
    """A capitalised word WordNet does not know, tacked on after the counted things (a stock site's word for
    the medium in another language), is a label in the style, not one more thing."""
    s = plan(planner, prompt)
    assert sum(v for k, v in s.counts().items() if k.endswith(name)) == count and len(s.counts()) == 1, s.counts()


def test_an_opening_keyword_list_named_as_a_concept_is_the_style(planner) -> None:
    s = plan(planner, "travel, summer, vacation and adventure concept - a red suitcase on the sand")
    assert s.counts() == {"suitcase": 1}
    assert "adventure concept" in s.style


def test_a_list_of_things_is_still_things(planner) -> None:
    s = plan(planner, "lemons, pears and plums - a fruit set on a wooden board")
    assert {"lemon", "pear", "plum"} <= set(s.counts())


def test_counted_labels_in_a_set_are_things(planner) -> None:
    """ "the words", "in bold letters" say how a text is written; "a set of four labels" counts things."""
    s = plan(planner, "Set of four kraft paper labels with twine")
    assert s.counts().get("label") == 4


@pytest.mark.parametrize("prompt, name, count", [
    ("ceramic bowls - set of 3", "bowl", 3),
    ("scented candles - 6 pack", "candle", 6),
    ("linen napkins -- a set of four", "napkin", 4),
    ("glass bottles, 3-pack", "bottle", 3),
])
def test_a_set_or_pack_count_set_off_by_a_dash_counts_the_things(planner, prompt, name, count) -> None:
    """ "bowls - set of 3", "candles - 6 pack": the dash sets the count off like a comma; the set or pack
    word is no thing and the dash is part of no name."""
    s = plan(planner, prompt)
    assert s.counts() == {name: count}, s.counts()


def test_a_brand_set_off_by_a_dash_before_a_pack_names_nothing(planner) -> None:
    s = plan(planner, "acme - Pack of two pink bunnies")
    assert s.counts().get("bunny") == 2
    assert not any(o.name.startswith("-") for o in s.objects)
