"""PYTHONPATH for the subprocesses tests start: the given folders first, the caller's entries kept (a GPU
machine or a CI image may hold packages in an extra site folder that a bare ``PYTHONPATH=REPO`` would hide)."""

from __future__ import annotations

import os
from pathlib import Path


def pythonpath(*first: Path | str) -> str:
    parts = [str(p) for p in first] + [os.environ.get("PYTHONPATH", "")]
    return os.pathsep.join(p for p in parts if p)
