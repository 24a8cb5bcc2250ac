"""The committed noun -> pictogram table (scripts/build_pictogram_table.py): class pictures and sense choice."""

from __future__ import annotations

import pytest

from plugins.sketch_nouns import noun_table, pictogram_for


@pytest.mark.parametrize(("noun", "picture"), [
    ("samurai", "🧍"),  # a person with no emoji of its own: the person class picture
    ("illustration", "🖼"), ("diagram", "🖼"), ("depiction", "🖼"),  # pictures of things are framed pictures
    ("pole", "@pole"), ("telephone pole", "@pole"),  # rods and posts: the drawn pole
    ("rope", "🪢"), ("liquid", "💧"), ("wreath", "💐"), ("storefront", "🏪"), ("school district", "🏘"),
])
def test_generic_classes_picture_nouns_no_emoji_names(noun, picture):
    assert pictogram_for(noun) == picture


def test_a_never_tagged_noun_takes_the_sense_with_its_own_emoji():
    # "fang": an insect's (a generic body part) or a carnivore's tooth (🦷): the tooth has an emoji of its own
    assert pictogram_for("fang") == "🦷"
    # "cream": its only tagged sense is "the best people" (abstract, 2 tags): the food is what is drawn
    assert pictogram_for("cream") == pictogram_for("food")


def test_a_poster_is_a_placard_in_the_table_not_a_post_horse():
    # poster's only tagged sense is the public notice (abstract, 1 tag): public signs are pictured as such,
    # so the rare-sense fallback never reaches the post horse
    assert noun_table()["poster"] == noun_table()["placard"] != pictogram_for("horse")


def test_a_strongly_abstract_noun_stays_unpictured():
    # "vector" is tagged 13 times as a quantity; its untagged concrete senses (a disease carrier) must not
    # turn a "vector illustration" into a paw print
    assert pictogram_for("vector") is None


def test_a_tie_between_two_classes_goes_to_the_more_specific_one():
    # a red grouse is both a game animal and a bird, five hops up either way: the bird wins, every build
    assert noun_table()["moorbird"] == pictogram_for("bird")
    assert pictogram_for("guinea pig") != "🧍"  # the rodent, not the experimental subject


def test_a_physical_object_with_no_nearer_class_is_the_generic_solid():
    assert pictogram_for("object") == "@thing"
    assert pictogram_for("handle") == "@thing"
    assert pictogram_for("quot") is None  # not a noun at all: still the labelled box
