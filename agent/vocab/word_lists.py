"""Reading the one-word-per-line tables under ``agent/vocab/data`` (built by the scripts, never edited)."""

from __future__ import annotations

from pathlib import Path


def read_word_list(path: Path) -> frozenset[str]:
    """The stripped non-empty lines of ``path`` that are not ``#`` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
