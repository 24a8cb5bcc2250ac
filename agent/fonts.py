"""Font discovery with a fallback chain: system Noto/DejaVu fonts when installed, Pillow's own otherwise.

Paths are probed once and cached. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageFont

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]

# family -> candidate file names, first found wins
FAMILIES: dict[str, list[str]] = {
    "sans": ["DejaVuSans.ttf", "NotoSans-Regular.ttf"],
    "sans-bold": ["DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf"],
    "serif": ["DejaVuSerif.ttf", "NotoSerif-Regular.ttf"],
    "mono": ["DejaVuSansMono.ttf", "NotoSansMono-Regular.ttf"],
    "emoji": ["NotoColorEmoji.ttf"],
}


@lru_cache(maxsize=1)
def _index() -> dict[str, Path]:
    found: dict[str, Path] = {}
    extra = os.environ.get("SCENECRAFT_FONT_DIRS", "")
    dirs = [Path(p) for p in extra.split(os.pathsep) if p] + FONT_DIRS
    for d in dirs:
        if d.is_dir():
            for p in d.rglob("*"):
                if p.suffix.lower() in (".ttf", ".otf", ".ttc"):
                    found.setdefault(p.name, p)
    return found


def font_path(family: str = "sans") -> Path | None:
    """The first installed file for ``family`` (or a file name / path given directly), else None."""
    p = Path(family)
    if p.suffix and p.exists():
        return p
    names = FAMILIES.get(family, [family])
    idx = _index()
    for name in names:
        if name in idx:
            return idx[name]
    return None


@lru_cache(maxsize=256)
def load_font(family: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font of ``size`` px; falls back to sans, then to Pillow's bundled default font."""
    from PIL import ImageFont

    for fam in (family, "sans"):
        path = font_path(fam)
        if path is not None:
            return ImageFont.truetype(str(path), size=size)
    return ImageFont.load_default(size=size)
