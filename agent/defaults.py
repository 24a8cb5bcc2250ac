"""Defaults every entry point shares (CLI, Python API, chat, batch, the Scene itself), kept in one place
so that `scenecraft run`, `Agent()` and a batch line without a size cannot drift apart."""

from __future__ import annotations

SIZE = 512  # image width and height in pixels
BACKEND = "sketch"  # the embedded default: no weights, no network
CHAT_BACKEND = "sketch-layers"  # chat re-draws only the object an edit touches
