"""A second setting drawn as a band: the water a city street looks out on, the river next to a lawn.

One setting owns the backdrop (plugins.sketch_backdrops picks it from the planned background). Any other
setting the Scene names keeps its own place: a setting object ("water", "grass") is a band in its planned
box, a setting the background names only in words ("the grass, river") is a strip just below the horizon,
where the far ground is, so things standing in the front stand on the main ground.

The bands travel inside the backdrop's ``setting`` string (``"park;ocean@0.000,0.550,1.000,0.650"``) so the
sketch and the layered sketch paint the same picture from the one value they already pass around.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from agent.vocab.pictograms import BACKGROUNDS

if TYPE_CHECKING:
    from PIL import ImageDraw

Box = tuple[float, float, float, float]
# Setting families that read as a ground one can draw as a strip (indoor, city, light settings cannot).
BANDED = {"beach", "ocean", "snow", "desert", "forest", "park", "street", "mountain"}  # every backdrop has a sky
FAR_STRIP = 0.1  # a band with no box: this share of the height, just below the horizon
WAVE = (150, 200, 235)
LANE = (240, 235, 200)


def encode(main: str, bands: list[tuple[str, Box | None]]) -> str:
    """The backdrop's ``setting`` value: the main family, then ``;family@x0,y0,x1,y1`` per band (an empty
    box: the far strip)."""
    parts = [main]
    for kind, box in bands:
        parts.append(f"{kind}@{','.join(f'{v:.3f}' for v in box) if box else ''}")
    return ";".join(parts)


def decode(setting: str) -> tuple[str, list[tuple[str, Box | None]]]:
    """(main family, bands) from an ``encode``d setting; a plain family name has no bands."""
    main, *rest = setting.split(";")
    bands: list[tuple[str, Box | None]] = []
    for part in rest:
        kind, _, box = part.partition("@")
        if kind not in BANDED:
            raise ValueError(f"unknown band setting {kind!r} in {setting!r}")
        vals = tuple(float(v) for v in box.split(",")) if box else None
        if vals is not None and len(vals) != 4:
            raise ValueError(f"band box needs four numbers, got {box!r} in {setting!r}")
        bands.append((kind, vals))  # type: ignore[arg-type]
    return main, bands


def band_color(kind: str) -> tuple[int, int, int]:
    """The family's ground colour."""
    for keys, _, ground, _ in BACKGROUNDS:
        if keys[0] == kind:
            return ground
    raise ValueError(f"unknown setting family {kind!r}")


def paint_bands(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float, bands: list[tuple[str, Box | None]]) -> None:
    """Each band as a strip of its family's ground, water with ripples, in its box (fractions) or the far strip.

    Args:
        d: the canvas (the backdrop, before it is veiled toward paper).
        w, h: the image size in pixels.
        horizon: where the main setting's ground starts (share of the height).
        bands: (family, box or None), as ``decode`` returns them.
    """
    for kind, box in bands:
        x0, y0, x1, y1 = box if box else (0.0, horizon, 1.0, min(1.0, horizon + FAR_STRIP))
        px = (x0 * w, y0 * h, x1 * w, y1 * h)
        d.rectangle(px, fill=band_color(kind))
        if kind == "ocean":
            _ripples(d, px)
        elif kind == "street":
            _lane_marks(d, px)


def _lane_marks(d: ImageDraw.ImageDraw, px: tuple[float, float, float, float]) -> None:
    """Dashes down the middle, so a grey strip reads as a road, not a slab."""
    x0, y0, x1, y1 = px
    mid, half, step = (y0 + y1) / 2, max(1.0, (y1 - y0) * 0.05), max(4.0, (x1 - x0) / 8)
    x = x0 + step * 0.25
    while x < x1:
        d.rectangle((x, mid - half, min(x1, x + step * 0.5), mid + half), fill=LANE)
        x += step


def _ripples(d: ImageDraw.ImageDraw, px: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = px
    rng, rows = random.Random(5), max(1, int((y1 - y0) // 12))
    for i in range(rows):
        y = y0 + (y1 - y0) * (i + 0.5) / rows
        x = x0 + rng.uniform(0, 0.2) * (x1 - x0)
        while x < x1:
            seg = rng.uniform(0.05, 0.12) * (x1 - x0)
            d.line((x, y, min(x1, x + seg), y), fill=WAVE, width=1)
            x += seg + rng.uniform(0.06, 0.16) * (x1 - x0)
