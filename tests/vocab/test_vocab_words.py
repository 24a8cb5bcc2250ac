"""The one copy of the number words and the singular rule (agent.vocab.words), and its readers agreeing."""

from __future__ import annotations

import pytest

from agent.edits import words as edit_words
from agent.layout import plan_check
from agent.vocab import lexicon, words


@pytest.mark.parametrize(("plural", "single"), [
    ("apples", "apple"), ("buses", "bus"), ("puppies", "puppy"), ("boxes", "box"), ("glasses", "glass"),
    ("knives", "knife"), ("people", "person"), ("sheep", "sheep"), ("teddy bears", "teddy bear"),
    ("bus", "bus"), ("cactus", "cactus"), ("dishes", "dish"), ("cat", "cat"),
])
def test_singular_is_one_rule_for_every_reader(plural: str, single: str) -> None:
    assert words.singular(plural) == single
    assert lexicon.singular(plural) == single
    assert edit_words.singular(plural) == single
    if " " not in plural:
        assert plan_check.requested_counts(f"three {plural}") == {single: 3}


def test_a_known_noun_wins() -> None:
    assert words.singular("lens") == "lens"
    assert words.singular("tomatos", known={"tomato"}) == "tomato"
    assert edit_words.singular("cookies", {"cookie"}) == "cookie"


def test_numbers_have_one_value_everywhere() -> None:
    for word, n in words.CARDINALS.items():
        assert lexicon.NUMBER_WORDS[word] == n
        assert edit_words.number_value(word) == n
        assert words.number_value(word) == n
    assert words.number_value("12") == 12 and words.number_value("several") is None
    assert edit_words.number_value("another") == 1  # the edit reader adds articles, never other values
    assert plan_check.requested_counts("a cat and several dogs") == {}  # only explicit numbers are counted
    assert plan_check.requested_counts("twenty birds") == {"bird": 20}


def test_words_imports_nothing_from_agent() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(words.__file__).read_text())
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [n for n in names if n.split(".")[0] == "agent"]
