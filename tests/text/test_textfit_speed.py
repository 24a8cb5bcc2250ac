"""Issue 18 item 5: text fitting of long texts completes, greedy and never wider than the box. Its speed
(O(n log n): 10x the characters, about 10x the time) is measured by ``bench/bench_textfit.py``, not here."""

from __future__ import annotations

import pytest

from agent.text import fit as textfit
from agent.text.fonts import choose_font, load_face

CJK = ("漢字かなテキスト" * 400)[:2000]
LATIN = "the quick brown fox jumps over the lazy dog and keeps running far away " * 20


def test_2000_cjk_characters_fit_whole():
    choice = choose_font(None, CJK)
    textfit._wrapped.cache_clear()
    fit = textfit.fit_text(CJK, choice, 500, 500, 6, None)
    assert fit is not None and "".join(fit.lines) == CJK


@pytest.mark.parametrize("text", [LATIN, CJK[:300], "Averyveryverylongwordthatneedsbreaking " * 3])
@pytest.mark.parametrize("size, width", [(12, 120), (24, 300), (40, 200)])
def test_wrap_is_greedy_and_fits(text, size, width):
    choice = choose_font(None, text)
    font = load_face(choice, size)
    stroke = textfit.stroke_width(size)
    for break_words in (False, True):
        lines = textfit.wrap(text, font, width, stroke, break_words)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for i, line in enumerate(lines):
            w = textfit.line_width(font, line, stroke)
            if break_words or " " in line or len(line) > 1:
                assert w <= width or (not break_words and " " not in line), (line, w)
            if i + 1 < len(lines) and lines[i + 1]:
                first = textfit.tokens(lines[i + 1])[0]
                joined = f"{line}{' ' if first[1] and ' ' in text else ''}{first[0]}"
                assert textfit.line_width(font, joined, stroke) > width or not line


def test_split_chars_pieces_fit():
    font = load_face(choose_font(None, "x"), 30)
    pieces = textfit._split_chars("W" * 200, font, 100, 2)
    assert "".join(pieces) == "W" * 200
    assert all(textfit.line_width(font, p, 2) <= 100 for p in pieces)
