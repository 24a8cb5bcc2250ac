"""Painters for each setting's features over its sky/ground gradient (see plugins.sketch_backdrops).

Each painter draws with PIL in a few dozen primitives (fast, deterministic: fixed seeds), at the
horizon the setting's gradient uses, so objects standing on the ground stand in the setting.

Every painter has the one ``Painter`` signature ``(d, w, h, horizon)``: the ImageDraw over the
gradient, the image's width and height in pixels, and where the ground starts as a share of the height.
They are private because :data:`FEATURES` (setting family -> painter) is the one way in: a new setting
is a painter plus a row there, and the setting words stay in plugins.sketch_backdrops.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw

Painter = Callable[["ImageDraw.ImageDraw", int, int, float], None]


def _clouds(d: ImageDraw.ImageDraw, w: int, h: int, top: float, bottom: float, n: int = 3) -> None:
    rng = random.Random(7)
    for _ in range(n):
        cx, cy, r = rng.uniform(0.1, 0.9) * w, rng.uniform(top, bottom) * h, rng.uniform(0.04, 0.07) * w
        for dx, dy, k in ((-1.0, 0.2, 0.8), (0.0, 0.0, 1.0), (1.0, 0.2, 0.8), (0.5, -0.3, 0.7)):
            rr = r * k
            d.ellipse((cx + dx * r - rr, cy + dy * r - rr, cx + dx * r + rr, cy + dy * r + rr), fill=(250, 252, 255))


def _waves(d: ImageDraw.ImageDraw, w: int, y0: float, y1: float, rgb: tuple[int, int, int]) -> None:
    rng = random.Random(3)
    for i in range(10):
        y = y0 + (y1 - y0) * (i + 0.5) / 10
        x = rng.uniform(0, w * 0.3)
        while x < w:
            seg = rng.uniform(0.04, 0.1) * w
            d.line((x, y, x + seg, y), fill=rgb, width=max(1, w // 256))
            x += seg + rng.uniform(0.05, 0.15) * w


def _beach(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    sea_top = (horizon - 0.12) * h
    d.rectangle((0, sea_top, w, horizon * h), fill=(40, 125, 190))
    _waves(d, w, sea_top, horizon * h, (150, 200, 235))
    d.polygon([(0, horizon * h), (w, horizon * h), (w, (horizon + 0.03) * h), (0, (horizon + 0.05) * h)],
              fill=(205, 190, 150))
    _clouds(d, w, h, 0.08, 0.25, 2)


def _ocean(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    _waves(d, w, horizon * h, h, (120, 180, 225))
    _clouds(d, w, h, 0.08, 0.25, 2)


def _sky(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    _clouds(d, w, h, 0.1, 0.75, 5)


def _snow(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    d.polygon([(0, y), (0.25 * w, y - 0.12 * h), (0.5 * w, y), (0.75 * w, y - 0.08 * h), (w, y)], fill=(235, 240, 250))
    rng = random.Random(5)
    for _ in range(60):
        x, yy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.002, 0.005) * w
        d.ellipse((x - r, yy - r, x + r, yy + r), fill=(255, 255, 255))


def _trees(d: ImageDraw.ImageDraw, w: int, base: float, height: float, rgb: tuple[int, int, int], n: int) -> None:
    rng = random.Random(11)
    for i in range(n):
        cx = (i + rng.uniform(0.2, 0.8)) * w / n
        th = height * rng.uniform(0.7, 1.0)
        tw = th * 0.45
        d.rectangle((cx - tw * 0.08, base - th * 0.25, cx + tw * 0.08, base), fill=(90, 60, 40))
        d.polygon([(cx - tw / 2, base - th * 0.2), (cx + tw / 2, base - th * 0.2), (cx, base - th)], fill=rgb)


def _forest(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    _trees(d, w, horizon * h + 0.02 * h, 0.3 * h, (45, 100, 55), 9)


def _park(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    for i in range(5):
        cx, r = (i + 0.5) * w / 5, 0.06 * w
        d.ellipse((cx - r, y - r, cx + r, y + r * 0.6), fill=(80, 150, 70))
    _clouds(d, w, h, 0.08, 0.25, 2)


def _night(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    rng = random.Random(13)
    for _ in range(70):
        x, y, r = rng.uniform(0, w), rng.uniform(0, horizon * h), rng.uniform(0.6, 1.6) * max(1, w // 400)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(250, 250, 220))
    r = 0.05 * w
    d.ellipse((0.8 * w - r, 0.12 * h - r, 0.8 * w + r, 0.12 * h + r), fill=(245, 240, 200))


def _sunset(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    r, y = 0.1 * w, horizon * h
    d.pieslice((0.5 * w - r, y - r, 0.5 * w + r, y + r), 180, 360, fill=(255, 200, 90))


def _skyline(d: ImageDraw.ImageDraw, w: int, base: float, h: int) -> None:
    rng = random.Random(17)
    x = 0.0
    while x < w:
        bw, bh = rng.uniform(0.07, 0.14) * w, rng.uniform(0.12, 0.32) * h
        tone = rng.choice(((120, 130, 150), (140, 150, 170), (105, 115, 135)))
        d.rectangle((x, base - bh, x + bw, base), fill=tone)
        for wy in range(int(base - bh + 0.02 * h), int(base - 0.02 * h), max(3, int(0.04 * h))):
            for wx in range(int(x + 0.015 * w), int(x + bw - 0.02 * w), max(3, int(0.03 * w))):
                d.rectangle((wx, wy, wx + 0.012 * w, wy + 0.015 * h), fill=(225, 225, 190))
        x += bw + rng.uniform(0.0, 0.02) * w


def _city(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    _skyline(d, w, horizon * h, h)


def _street(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    _skyline(d, w, y, h)
    d.rectangle((0, y, w, y + 0.06 * h), fill=(170, 168, 160))  # far sidewalk
    mid = y + 0.25 * (h - y)
    for i in range(6):
        x = (i + 0.25) * w / 6
        d.rectangle((x, mid - 0.006 * h, x + 0.08 * w, mid + 0.006 * h), fill=(240, 235, 200))


def _room(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    d.rectangle((0, y - 0.02 * h, w, y), fill=(220, 210, 195))  # baseboard
    for i in range(1, 9):  # floor boards in perspective
        x = i * w / 9
        d.line((w / 2 + (x - w / 2) * 0.6, y, x + (x - w / 2) * 0.4, h), fill=(150, 115, 85), width=1)
    d.rectangle((0.66 * w, 0.1 * h, 0.88 * w, 0.36 * h), fill=(170, 210, 240), outline=(250, 250, 250),
                width=max(2, w // 100))
    d.line((0.77 * w, 0.1 * h, 0.77 * w, 0.36 * h), fill=(250, 250, 250), width=max(2, w // 150))


def _kitchen(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    step = max(4, int(0.05 * w))
    for ty in range(int(0.3 * h), int(y), step):  # wall tiles above the counter line
        d.line((0, ty, w, ty), fill=(220, 210, 190))
    for tx in range(0, w, step):
        d.line((tx, 0.3 * h, tx, y), fill=(220, 210, 190))
    _room(d, w, h, horizon)


def _mountain(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    for cx, top, hw in ((0.25, 0.15, 0.3), (0.65, 0.22, 0.35)):
        peak = (cx * w, top * h)
        d.polygon([(peak[0] - hw * w, y), peak, (peak[0] + hw * w, y)], fill=(110, 120, 135))
        k = 0.25
        d.polygon([(peak[0] - hw * w * k, peak[1] + (y - peak[1]) * k), peak,
                   (peak[0] + hw * w * k, peak[1] + (y - peak[1]) * k)], fill=(245, 245, 250))


def _desert(d: ImageDraw.ImageDraw, w: int, h: int, horizon: float) -> None:
    y = horizon * h
    d.chord((-0.2 * w, y - 0.08 * h, 0.6 * w, y + 0.08 * h), 180, 360, fill=(220, 175, 110))
    d.chord((0.4 * w, y - 0.06 * h, 1.2 * w, y + 0.06 * h), 180, 360, fill=(225, 185, 120))


FEATURES: dict[str, Painter] = {
    "beach": _beach, "ocean": _ocean, "sky": _sky, "snow": _snow, "forest": _forest, "park": _park,
    "night": _night, "sunset": _sunset, "city": _city, "street": _street, "kitchen": _kitchen,
    "living room": _room, "mountain": _mountain, "desert": _desert,
}
