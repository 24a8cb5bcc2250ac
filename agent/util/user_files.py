"""Reading a user's text file: missing, unreadable or non-UTF-8 is one line naming the file."""

from __future__ import annotations

from pathlib import Path

from agent.errors import ScenecraftError


def read_text_file(path: Path, what: str) -> str:
    """``path`` as UTF-8 text; ``what`` names the file's role in the message (``--scene``, ``benchmark file``)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenecraftError(f"cannot read {what} '{path}': {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ScenecraftError(f"{what} '{path}' is not UTF-8 text (byte {exc.start})") from None
