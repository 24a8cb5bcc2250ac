"""Drawn silhouettes for things with no emoji: kitchen appliances, a fire hydrant, a parking meter, a
lighthouse, a pole, and the generic solid for an object no class pictures. Same conventions as
plugins.sketch_furniture (shapes in shares of the fitted rect)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.sketch_draw import box, poly, pts, shade

if TYPE_CHECKING:
    from PIL import ImageDraw

RGB = tuple[int, int, int]
Rect = tuple[float, float, float, float]


def draw_appliance(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    x0, y0, x1, y1 = r
    d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=max(2, (x1 - x0) / 10), fill=rgb, outline=shade(rgb, 0.55),
                        width=max(1, round((x1 - x0) / 40)))
    box(d, r, (0.1, 0.2), (0.68, 0.85), (60, 70, 80))  # door window
    for y in (0.25, 0.45, 0.65):
        cx, cy = pts(r, [(0.83, y)])[0]
        rad = (x1 - x0) * 0.05
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=shade(rgb, 0.5))


def draw_hydrant(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    d.pieslice(pts(r, [(0.22, 0.02)])[0] + pts(r, [(0.78, 0.3)])[0], 180, 360, fill=rgb, outline=shade(rgb, 0.6))
    box(d, r, (0.25, 0.15), (0.75, 0.9), rgb)
    box(d, r, (0.0, 0.35), (1.0, 0.5), shade(rgb, 0.85))  # side nozzles
    box(d, r, (0.15, 0.88), (0.85, 1.0), shade(rgb, 0.7))


def draw_meter(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    box(d, r, (0.42, 0.3), (0.58, 1.0), shade(rgb, 0.7))
    x0, _y0, x1, _y1 = r
    d.rounded_rectangle(pts(r, [(0.1, 0.0)])[0] + pts(r, [(0.9, 0.32)])[0], radius=(x1 - x0) / 4, fill=rgb,
                        outline=shade(rgb, 0.5))
    box(d, r, (0.25, 0.06), (0.75, 0.18), (230, 235, 220))


def draw_toaster(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    x0, _y0, x1, _y1 = r
    d.rounded_rectangle(pts(r, [(0.0, 0.15)])[0] + pts(r, [(1.0, 1.0)])[0], radius=(x1 - x0) / 6, fill=rgb,
                        outline=shade(rgb, 0.55), width=max(1, round((x1 - x0) / 40)))
    for x in (0.2, 0.55):  # bread slots and two slices of toast
        poly(d, r, [(x + 0.03, 0.0), (x + 0.22, 0.0), (x + 0.22, 0.25), (x + 0.03, 0.25)], (215, 170, 110))
        box(d, r, (x, 0.18), (x + 0.25, 0.26), shade(rgb, 0.35))
    box(d, r, (0.85, 0.45), (0.95, 0.6), shade(rgb, 0.5))  # lever


def draw_blender(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    poly(d, r, [(0.15, 0.08), (0.85, 0.08), (0.72, 0.68), (0.28, 0.68)], (200, 225, 235))  # jar
    box(d, r, (0.1, 0.0), (0.9, 0.1), shade(rgb, 0.6))  # lid
    poly(d, r, [(0.2, 0.68), (0.8, 0.68), (0.95, 1.0), (0.05, 1.0)], rgb)  # motor base
    cx, cy = pts(r, [(0.5, 0.85)])[0]
    rad = (r[2] - r[0]) * 0.07
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=shade(rgb, 0.45))


def draw_fridge(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    x0, y0, x1, y1 = r
    d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=(x1 - x0) / 12, fill=rgb, outline=shade(rgb, 0.55),
                        width=max(1, round((x1 - x0) / 40)))
    box(d, r, (0.0, 0.34), (1.0, 0.36), shade(rgb, 0.6))
    for y0s, y1s in ((0.1, 0.26), (0.44, 0.64)):
        box(d, r, (0.08, y0s), (0.14, y1s), shade(rgb, 0.5))


def draw_lighthouse(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    for i in range(4):  # tapering tower in red and white bands
        ya, yb = 0.25 + i * 0.18, 0.25 + (i + 1) * 0.18
        wa, wb = 0.18 + 0.05 * i, 0.18 + 0.05 * (i + 1)
        poly(d, r, [(0.5 - wa, ya), (0.5 + wa, ya), (0.5 + wb, yb), (0.5 - wb, yb)],
             rgb if i % 2 == 0 else (245, 245, 245))
    box(d, r, (0.3, 0.12), (0.7, 0.25), (250, 230, 120))  # lamp room
    poly(d, r, [(0.26, 0.12), (0.74, 0.12), (0.5, 0.0)], (60, 60, 70))  # roof


def draw_panel(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    """A flat board or sheet (poster, banner, letter) with a thin frame: room for the text written on it."""
    x0, y0, x1, y1 = r
    line = max(1, round(min(x1 - x0, y1 - y0) / 40))
    d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=rgb, outline=shade(rgb, 0.55), width=line)


def draw_pole(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    """A rod or post standing upright (a pole, a staff): a shaded shaft on a small foot."""
    box(d, r, (0.38, 0.0), (0.62, 0.97), rgb)
    box(d, r, (0.38, 0.0), (0.47, 0.97), shade(rgb, 1.2))
    box(d, r, (0.25, 0.95), (0.75, 1.0), shade(rgb, 0.6))


def draw_thing(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    """A physical object no class pictures ("some objects"): a shaded solid, a cube with a ball in front,
    in the object's colour, so it reads as a thing lying there rather than a caption box."""
    poly(d, r, [(0.05, 0.3), (0.5, 0.3), (0.5, 0.95), (0.05, 0.95)], rgb)  # cube front
    poly(d, r, [(0.05, 0.3), (0.2, 0.1), (0.65, 0.1), (0.5, 0.3)], shade(rgb, 1.25))  # top
    poly(d, r, [(0.5, 0.3), (0.65, 0.1), (0.65, 0.78), (0.5, 0.95)], shade(rgb, 0.7))  # side
    (ax, ay), (bx, by) = pts(r, [(0.45, 0.5)])[0], pts(r, [(0.95, 1.0)])[0]
    d.ellipse((ax, ay, bx, by), fill=shade(rgb, 0.9), outline=shade(rgb, 0.55))
    (hx, hy), (ix, iy) = pts(r, [(0.57, 0.58)])[0], pts(r, [(0.7, 0.7)])[0]
    d.ellipse((hx, hy, ix, iy), fill=shade(rgb, 1.35))


THINGS = {"@appliance": draw_appliance, "@hydrant": draw_hydrant, "@meter": draw_meter, "@toaster": draw_toaster,
          "@blender": draw_blender, "@fridge": draw_fridge, "@lighthouse": draw_lighthouse,
          "@panel": draw_panel, "@pole": draw_pole, "@thing": draw_thing}
