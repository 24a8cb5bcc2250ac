"""Drawn silhouettes for furniture, surfaces and a few things with no emoji (``@table``, ``@sofa`` ...).

Each shape has a natural aspect (height / width): it is fitted into the object's box, bottom-aligned and
centred, so a coffee table stays low however tall its box. Furniture is drawn in a light perspective
(a visible top face), and :func:`surfaces` says where things put on it rest: the middle of the top face
(a table, a desk, a counter), the seat (a sofa, a bench), the mattress (a bed) or each board (a shelf).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.sketch_draw import box, poly, shade
from plugins.sketch_things import THINGS

if TYPE_CHECKING:
    from PIL import ImageDraw

RGB = tuple[int, int, int]
Rect = tuple[float, float, float, float]

ASPECT: dict[str, float] = {  # height / width
    "@table": 0.62, "@desk": 0.6, "@counter": 0.55, "@shelf": 0.22, "@bookshelf": 1.5, "@bed": 0.5,
    "@sofa": 0.5, "@bench": 0.5, "@lamp": 3.0, "@appliance": 0.75, "@cabinet": 0.9, "@hydrant": 1.5,
    "@meter": 3.2, "@lowtable": 0.4, "@toaster": 0.7, "@blender": 1.6, "@fridge": 1.9, "@lighthouse": 2.4,
    "@pole": 6.0, "@thing": 0.8, "@rug": 0.28, "@curtain": 1.6,
}
DEFAULT_RGB: dict[str, RGB] = {
    "@table": (160, 110, 65), "@desk": (150, 100, 60), "@counter": (200, 195, 185), "@shelf": (150, 105, 65),
    "@bookshelf": (140, 95, 55), "@bed": (120, 150, 200), "@sofa": (110, 125, 150), "@bench": (140, 95, 55),
    "@lamp": (240, 215, 150), "@appliance": (190, 195, 200), "@cabinet": (165, 115, 70), "@hydrant": (210, 40, 35),
    "@meter": (120, 125, 135), "@lowtable": (150, 105, 65), "@toaster": (200, 205, 210), "@blender": (60, 60, 70),
    "@fridge": (235, 238, 240), "@lighthouse": (210, 50, 45), "@panel": (245, 243, 235),
    "@pole": (110, 110, 115), "@thing": (150, 150, 160), "@rug": (170, 60, 55), "@curtain": (175, 55, 70),
}
# Where a load rests, as (y, x0, x1) shares of the drawn rect: the middle of each top face or seat.
SURFACES: dict[str, list[tuple[float, float, float]]] = {
    "@table": [(0.12, 0.1, 0.9)], "@lowtable": [(0.12, 0.1, 0.9)], "@fridge": [(0.02, 0.1, 0.9)],
    "@desk": [(0.12, 0.1, 0.9)], "@counter": [(0.09, 0.08, 0.92)],
    "@shelf": [(0.36, 0.04, 0.96)], "@bookshelf": [(0.3, 0.1, 0.9), (0.55, 0.1, 0.9), (0.8, 0.1, 0.9)],
    "@bed": [(0.42, 0.22, 0.95)], "@sofa": [(0.58, 0.16, 0.84)], "@bench": [(0.5, 0.08, 0.92)],
    "@cabinet": [(0.06, 0.08, 0.92)], "@appliance": [(0.06, 0.1, 0.9)], "@rug": [(0.55, 0.15, 0.85)],
}


FILLS_BOX = {"@panel"}  # flat things take the planned box's own shape


def fit(shape: str, box: Rect) -> Rect:
    """The shape's rect inside ``box`` (pixels): natural aspect, bottom-aligned, centred."""
    if shape in FILLS_BOX:
        return box
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    aspect = ASPECT.get(shape, 1.0)
    w, h = (bw, bw * aspect) if bw * aspect <= bh else (bh / aspect, bh)
    cx = (x0 + x1) / 2
    return cx - w / 2, y1 - h, cx + w / 2, y1


def surfaces(shape: str, rect: Rect) -> list[tuple[float, float, float]]:
    """(y, x0, x1) in the rect's units where loads rest, top board first; empty when nothing rests on it."""
    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    return [(y0 + fy * h, x0 + fa * w, x0 + fb * w) for fy, fa, fb in SURFACES.get(shape, [])]


def _top(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB, depth: float, inset: float = 0.07) -> None:
    """A top face in perspective (back edge narrower) from y=0 to ``depth``, with its front edge band."""
    poly(d, r, [(inset, 0), (1 - inset, 0), (1, depth), (0, depth)], shade(rgb, 1.15))
    box(d, r, (0, depth), (1, depth + 0.06), shade(rgb, 0.8))


def draw_table(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    for x in (0.12, 0.84):  # back legs, shorter and darker
        box(d, r, (x, 0.3), (x + 0.04, 0.86), shade(rgb, 0.55))
    for x in (0.03, 0.91):
        box(d, r, (x, 0.3), (x + 0.06, 1.0), shade(rgb, 0.75))
    _top(d, r, rgb, 0.24)


def draw_desk(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    draw_table(d, r, rgb)
    box(d, r, (0.58, 0.3), (0.97, 1.0), shade(rgb, 0.85))
    for y in (0.42, 0.62, 0.82):
        box(d, r, (0.74, y), (0.81, y + 0.04), shade(rgb, 0.5))


def draw_counter(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    box(d, r, (0.02, 0.2), (0.98, 1.0), shade(rgb, 0.8))
    for x in (0.02, 0.34, 0.66):
        box(d, r, (x + 0.02, 0.3), (x + 0.3, 0.94), shade(rgb, 0.88))
        box(d, r, (x + 0.24, 0.5), (x + 0.26, 0.7), shade(rgb, 0.45))
    _top(d, r, shade(rgb, 1.05), 0.16, inset=0.04)


def draw_shelf(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    poly(d, r, [(0.04, 0.22), (0.96, 0.22), (1.0, 0.5), (0.0, 0.5)], shade(rgb, 1.15))
    box(d, r, (0.0, 0.5), (1.0, 0.64), shade(rgb, 0.8))
    for x in (0.12, 0.82):
        poly(d, r, [(x, 0.64), (x + 0.06, 0.64), (x + 0.06, 1.0)], shade(rgb, 0.6))


def draw_bookshelf(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    box(d, r, (0.0, 0.0), (1.0, 1.0), shade(rgb, 0.8))
    box(d, r, (0.08, 0.06), (0.92, 0.97), shade(rgb, 0.45))
    for y, _, _ in SURFACES["@bookshelf"]:
        poly(d, r, [(0.08, y - 0.03), (0.92, y - 0.03), (0.92, y + 0.02), (0.08, y + 0.02)], shade(rgb, 1.1))
    box(d, r, (0.0, 0.0), (1.0, 0.06), rgb)


def draw_bed(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    wood = shade(rgb, 0.75)  # the whole bed reads in its colour
    box(d, r, (0.0, 0.0), (0.14, 1.0), wood)  # headboard
    box(d, r, (0.9, 0.35), (1.0, 1.0), shade(wood, 0.85))  # footboard
    box(d, r, (0.12, 0.6), (0.95, 0.85), shade(wood, 0.8))  # frame
    poly(d, r, [(0.16, 0.3), (0.93, 0.3), (0.95, 0.55), (0.12, 0.55)], (245, 245, 240))  # mattress top
    box(d, r, (0.12, 0.55), (0.95, 0.66), (225, 225, 220))
    poly(d, r, [(0.45, 0.32), (0.93, 0.32), (0.95, 0.66), (0.42, 0.66)], rgb)  # blanket
    poly(d, r, [(0.17, 0.2), (0.36, 0.2), (0.38, 0.4), (0.15, 0.4)], (255, 255, 255))  # pillow
    for x in (0.13, 0.88):
        box(d, r, (x, 0.85), (x + 0.05, 1.0), shade(wood, 0.6))


def draw_sofa(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    box(d, r, (0.08, 0.0), (0.92, 0.55), shade(rgb, 0.85))  # backrest
    poly(d, r, [(0.14, 0.48), (0.86, 0.48), (0.9, 0.66), (0.1, 0.66)], shade(rgb, 1.15))  # seat top
    box(d, r, (0.1, 0.66), (0.9, 0.88), shade(rgb, 0.95))  # seat front
    box(d, r, (0.49, 0.48), (0.51, 0.88), shade(rgb, 0.7))  # cushion seam
    for x in (0.0, 0.86):
        box(d, r, (x, 0.3), (x + 0.14, 0.9), rgb)  # armrests
    for x in (0.04, 0.9):
        box(d, r, (x, 0.9), (x + 0.06, 1.0), (70, 50, 35))


def draw_bench(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    for y in (0.0, 0.14, 0.28):  # backrest slats
        box(d, r, (0.04, y), (0.96, y + 0.1), shade(rgb, 0.9))
    for x in (0.1, 0.86):
        box(d, r, (x, 0.0), (x + 0.04, 0.5), shade(rgb, 0.5))
    poly(d, r, [(0.04, 0.44), (0.96, 0.44), (1.0, 0.56), (0.0, 0.56)], shade(rgb, 1.15))  # seat
    box(d, r, (0.0, 0.56), (1.0, 0.64), shade(rgb, 0.8))
    for x in (0.06, 0.88):
        box(d, r, (x, 0.64), (x + 0.06, 1.0), (60, 60, 65))


def draw_lamp(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    poly(d, r, [(0.3, 0.0), (0.7, 0.0), (0.95, 0.22), (0.05, 0.22)], rgb)  # shade
    box(d, r, (0.46, 0.22), (0.54, 0.96), (90, 90, 95))  # pole
    poly(d, r, [(0.2, 0.96), (0.8, 0.96), (0.9, 1.0), (0.1, 1.0)], (70, 70, 75))  # base


def draw_cabinet(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    box(d, r, (0.02, 0.1), (0.98, 0.96), shade(rgb, 0.85))
    for y in (0.16, 0.43, 0.7):
        box(d, r, (0.08, y), (0.92, y + 0.23), rgb)
        box(d, r, (0.42, y + 0.09), (0.58, y + 0.13), shade(rgb, 0.45))
    _top(d, r, shade(rgb, 1.05), 0.1, inset=0.03)
    for x in (0.04, 0.88):
        box(d, r, (x, 0.96), (x + 0.08, 1.0), shade(rgb, 0.5))


def draw_rug(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    """A mat or carpet lying on the floor: a flat quad in perspective with a border and fringes."""
    poly(d, r, [(0.12, 0.15), (0.88, 0.15), (1.0, 0.9), (0.0, 0.9)], shade(rgb, 0.75))
    poly(d, r, [(0.17, 0.27), (0.83, 0.27), (0.91, 0.78), (0.09, 0.78)], rgb)
    poly(d, r, [(0.4, 0.4), (0.6, 0.4), (0.64, 0.65), (0.36, 0.65)], shade(rgb, 1.3))
    for i in range(11):
        x = 0.02 + 0.96 * i / 10
        box(d, r, (x - 0.006, 0.9), (x + 0.006, 1.0), shade(rgb, 1.4))


def draw_curtain(d: ImageDraw.ImageDraw, r: Rect, rgb: RGB) -> None:
    """Two drapes hanging from a rod, gathered at the sides: a curtain, not the window it may cover."""
    box(d, r, (0.0, 0.0), (1.0, 0.035), (90, 80, 70))  # the rod
    for side in (0, 1):  # the left drape, then its mirror
        def m(pts: list[tuple[float, float]], side: int = side) -> list[tuple[float, float]]:
            return [(1 - x if side else x, y) for x, y in pts]
        poly(d, r, m([(0.02, 0.035), (0.47, 0.035), (0.2, 0.55), (0.32, 1.0), (0.02, 1.0)]), rgb)
        for x in (0.12, 0.24, 0.36):  # folds gathering at the tie-back
            poly(d, r, m([(x - 0.01, 0.04), (x + 0.01, 0.04), (0.12 + x / 6, 0.55), (0.1 + x / 6, 0.55)]),
                 shade(rgb, 0.7))
        box(d, r, (1 - 0.22, 0.53) if side else (0.02, 0.53), (0.98, 0.57) if side else (0.22, 0.57),
            shade(rgb, 1.3))  # the tie-back


DRAW = {"@table": draw_table, "@desk": draw_desk, "@counter": draw_counter, "@shelf": draw_shelf,
        "@bookshelf": draw_bookshelf, "@bed": draw_bed, "@sofa": draw_sofa, "@bench": draw_bench,
        "@lamp": draw_lamp, "@cabinet": draw_cabinet, "@lowtable": draw_table, "@rug": draw_rug,
        "@curtain": draw_curtain, **THINGS}


def draw_shape(d: ImageDraw.ImageDraw, shape: str, rect: Rect, rgb: RGB | None) -> None:
    """Draw ``shape`` filling ``rect`` (pixels) in ``rgb`` (its usual colour when None).

    An uncoloured shape takes its usual colour (a wooden table is brown) rather than a neutral grey, so a
    plain request still looks like the thing it names.

    Args:
        d: the canvas to draw on.
        shape: a ``DRAW`` key (``@table``, ``@lamp``, a drawn thing such as ``@hydrant``).
        rect: where, in pixels, already at the shape's aspect (:func:`fit`): the drawings assume it.
        rgb: the requested colour, or None for ``DEFAULT_RGB``'s.
    """
    DRAW[shape](d, rect, rgb or DEFAULT_RGB[shape])
