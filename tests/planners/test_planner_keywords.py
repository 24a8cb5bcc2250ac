"""Stock-site captions that string keywords together with no commas: which words are things of their own.
Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

from tests.planning import plan


# -- a chain of mark nouns is a keyword list ------------------------------------------------------------------
def test_a_chain_of_mark_nouns_lists_each_as_a_thing(planner) -> None:
    """ "Anchor emblem icon sign on five square buttons": "icon" and "sign" are keywords of their own, not
    modifiers of the last noun; the icon keeps what it shows; all of them are on the buttons."""
    s = plan(planner, "Rocket ship icon sign symbol on five square buttons")
    counts = s.counts()
    assert counts.get("icon") == 1 and counts.get("sign") == 1 and counts.get("symbol") == 1
    assert counts.get("button") == 5
    icon = next(o for o in s.objects if o.name == "icon")
    assert "rocket" in icon.description and "sign" not in icon.description
    on_buttons = {r.subject for r in s.relations if r.relation == "on top of" and r.object.startswith("button")}
    assert {"icon", "sign", "symbol"} <= on_buttons


def test_a_picture_of_a_mark_is_one_thing(planner) -> None:
    """ "a parking sign icon": an icon showing a parking sign (a compound headed by a picture word), not a sign
    stacked on an icon; a chain that starts with a mark keeps it ("icon sign symbol": three keywords)."""
    for prompt in ("a parking sign icon on a phone screen", "a euro sign symbol"):
        counts = plan(planner, prompt).counts()
        assert "sign" not in counts, prompt
    assert set(plan(planner, "icon sign symbol").counts()) >= {"icon", "sign", "symbol"}


def test_the_chains_first_word_stays_with_its_mark(planner) -> None:
    """ "Book icon sign": an icon showing a book, not a book beside it, even though a book is a written work."""
    counts = plan(planner, "Book icon sign symbol on four round buttons").counts()
    assert "book" not in counts and counts.get("icon") == 1


def test_one_mark_noun_or_an_article_keeps_a_compound_one_thing(planner) -> None:
    assert plan(planner, "a map symbol printed on a paper bag").counts().get("map") is None
    counts = plan(planner, "an old road sign symbol painted on a brick wall").counts()
    assert "sign" not in counts and counts.get("symbol") == 1


def test_a_document_before_the_marks_is_what_the_icon_shows(planner) -> None:
    """ "Letter mail icon sign": mail is a written thing, not a mark; the icon shows it."""
    s = plan(planner, "Letter mail icon sign on three round buttons")
    assert "mail" not in s.counts() and s.counts().get("icon") == 1 and s.counts().get("sign") == 1
    assert "mail" in next(o for o in s.objects if o.name == "icon").description


# -- a colour that opens a caption ------------------------------------------------------------------------------
def test_a_caption_opening_colour_colours_the_things_its_adjectives_run_into(planner) -> None:
    """ "Golden glossy buttons - ...": the tagger hangs the opening colour on a later noun or reads it as a
    verb; it is still said of the buttons."""
    s = plan(planner, "Golden glossy buttons - four colors vector set")
    assert {o.color for o in s.objects if o.name == "button"} == {"golden"}


# -- a plural compounded on a sheet word ------------------------------------------------------------------------
def test_plural_things_before_a_sheet_word_are_the_things(planner) -> None:
    """ "Green retro trucks collection": English compounds modify with a singular ("a tea set" is one thing),
    so a plural before the sheet word is what the sheet holds; the sheet is the picture."""
    s = plan(planner, "Green retro trucks collection")
    assert set(s.counts()) == {"truck"} and "collection" in s.style and "truck" not in s.style
    assert {o.color for o in s.objects} == {"green"}


def test_a_singular_before_a_set_still_names_one_thing(planner) -> None:
    assert plan(planner, "a porcelain tea set on a tray").counts().get("tea set") == 1
