"""Safe file names from untrusted text (item ids, prompts, run names).

Batch files and API callers hand us arbitrary strings; they become folder names under an output
folder. :func:`safe_name` turns any string into one path component that cannot climb out of its parent
(no separators, no ``..``, no leading dot, no NUL, no Windows device names), is NFC-normalised unicode
and at most ``max_bytes`` long in UTF-8 (file systems limit bytes, not characters). :func:`inside`
is the final guard every writer uses: it refuses a path that resolves outside its root.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from agent.errors import ScenecraftError

MAX_NAME_BYTES = 80
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_KEEP = "-_."


def _clip_utf8(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")[:max_bytes]
    return data.decode("utf-8", errors="ignore")


def safe_name(text: str, max_bytes: int = MAX_NAME_BYTES, fallback: str = "item") -> str:
    """One harmless path component derived from ``text`` (readable when ``text`` is readable).

    Letters and digits of any script are kept; everything else (slashes, spaces, control characters,
    quotes) becomes ``-``; runs of ``-`` collapse; leading dots and dashes go, so ``..`` and hidden
    files cannot appear. A name that would be empty becomes ``fallback``.
    """
    norm = unicodedata.normalize("NFC", str(text))
    chars = [c if (c.isalnum() or c in _KEEP) else "-" for c in norm]
    name = re.sub(r"-{2,}", "-", "".join(chars))
    name = re.sub(r"\.{2,}", ".", name)
    name = _clip_utf8(name.strip("-_. "), max_bytes).rstrip("-_. ")
    if not name:
        name = fallback
    if name.split(".")[0].lower() in _WINDOWS_DEVICES:
        name = f"_{name}"
    return name


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:n]


class NameAllocator:
    """Hands out distinct safe names: a clash (also one differing only in case) gets a hash suffix.

    Deterministic: the same sequence of keys always yields the same names, so a resumed batch writes
    each item to the same folder as the first run.
    """

    def __init__(self, max_bytes: int = MAX_NAME_BYTES) -> None:
        self.max_bytes = max_bytes
        self._taken: set[str] = set()

    def take(self, key: str, readable: str | None = None) -> str:
        base = safe_name(readable if readable is not None else key, self.max_bytes)
        name = base
        attempt = 0
        while name.lower() in self._taken:
            attempt += 1
            suffix = "-" + short_hash(f"{key}\0{attempt}")
            name = _clip_utf8(base, self.max_bytes - len(suffix)).rstrip("-_. ") + suffix
        self._taken.add(name.lower())
        return name


def inside(root: Path, *parts: str) -> Path:
    """``root / parts`` after proving the result stays inside ``root`` (a last guard, never expected to fire)."""
    base = root.resolve()
    path = base.joinpath(*parts).resolve()
    if path != base and base not in path.parents:
        raise ScenecraftError(f"refusing to write outside '{root}': {'/'.join(parts)!r}")
    return path
