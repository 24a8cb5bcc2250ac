"""The graphic-mark table (agent/vocab/marks.py, scripts/build_marks.py): marks, not documents or things."""

from __future__ import annotations

from agent.vocab.marks import is_mark_noun


def test_marks_are_symbols_and_signs() -> None:
    assert all(is_mark_noun(w) for w in ("icon", "sign", "symbol", "logo", "tag"))


def test_documents_letters_and_shown_things_are_no_marks() -> None:
    assert not any(is_mark_noun(w) for w in ("mail", "book", "letter", "numeral", "crown", "elephant", "button"))
