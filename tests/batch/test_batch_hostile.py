"""Issue 18 items 7 and 8: CSV mistakes that used to lose rows silently, and raw control characters in index.html."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.batch.contact_sheet import render_index
from agent.batch.items_file import read_batch_file
from agent.errors import ScenecraftError


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unclosed_quote_is_an_error_naming_file_and_line(tmp_path):
    f = _write(tmp_path / "p.csv", 'id,prompt\nc1,a cat\nc2,"a dog\nc3,a cow\nc4,a pig\n')
    with pytest.raises(ScenecraftError, match=r"p\.csv: line 3: a quoted cell is never closed"):
        read_batch_file(f)


def test_a_closed_multiline_quote_is_still_one_prompt(tmp_path):
    f = _write(tmp_path / "p.csv", 'id,prompt\nc1,"a cat\non a mat"\nc2,a dog\n')
    items = read_batch_file(f).items
    assert [(i.id, i.prompt, i.line) for i in items] == [("c1", "a cat\non a mat", 2), ("c2", "a dog", 4)]


@pytest.mark.parametrize("header", ["prompt,prompt", "id,prompt, prompt", "prompt,seed,seed"])
def test_a_duplicate_header_column_is_an_error(tmp_path, header):
    f = _write(tmp_path / "p.csv", f"{header}\na,b,c\n")
    with pytest.raises(ScenecraftError, match=r"p\.csv: line 1: the CSV header names .* more than once"):
        read_batch_file(f)


def test_a_nul_or_control_character_never_reaches_index_html_raw(tmp_path):
    f = _write(tmp_path / "p.jsonl", '{"id": "a\\u0000b", "prompt": "a cat"}\n'
                                     '{"id": "c", "prompt": "a cat \\u001b[31m red"}\n')
    batch = read_batch_file(f)
    items = batch.items
    assert [i.id for i in items] == ["a\x00b"] and "U+001B" in batch.errors[0].reason  # a prompt may not hold one
    page = render_index("t\x00", items, {})
    assert "\x00" not in page and "\x1b" not in page
    assert "a\\x00b" in page
