"""The artist-name table built from WordNet (scripts/build_lexicon.py)."""

from __future__ import annotations

import pytest

from agent.vocab.artists import is_artist_name


@pytest.mark.parametrize("name", ["monet", "van gogh", "hokusai", "rembrandt"])
def test_painters_are_artists(name) -> None:
    assert is_artist_name(name)


@pytest.mark.parametrize("name", ["barber", "piston", "painter", "cat", "einstein"])
def test_common_nouns_and_other_people_are_not(name) -> None:
    assert not is_artist_name(name)
