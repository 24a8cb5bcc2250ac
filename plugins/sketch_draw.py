"""Small drawing helpers shared by the sketch's drawn silhouettes: shapes in shares of a rect."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw

RGB = tuple[int, int, int]
Rect = tuple[float, float, float, float]


def shade(rgb: RGB, k: float) -> RGB:
    return tuple(int(max(0, min(255, c * k))) for c in rgb)  # type: ignore[return-value]


def pts(rect: Rect, shares: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points given as shares of ``rect`` in pixels."""
    x0, y0, x1, y1 = rect
    return [(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)) for fx, fy in shares]


def box(d: ImageDraw.ImageDraw, rect: Rect, a: tuple[float, float], b: tuple[float, float], fill: RGB) -> None:
    """A part of a silhouette: the rectangle between corners ``a`` and ``b``, outlined a shade darker.

    Corners are shares of ``rect`` so one drawing serves every size and aspect the placement gives the
    shape; the darker outline keeps two parts of the same colour (a table top and its legs) apart.

    Args:
        d: the canvas to draw on.
        rect: the whole shape's rect in pixels (x0, y0, x1, y1).
        a, b: opposite corners as (x, y) shares of ``rect`` (0..1, y down).
        fill: the part's colour.
    """
    (xa, ya), (xb, yb) = pts(rect, [a, b])
    d.rectangle((xa, ya, xb, yb), fill=fill, outline=shade(fill, 0.6))


def poly(d: ImageDraw.ImageDraw, rect: Rect, shares: list[tuple[float, float]], fill: RGB) -> None:
    """A part of a silhouette that is not a rectangle (a top face in perspective, a lamp shade), drawn
    like :func:`box`: points in shares of the shape's rect, outline a shade darker.

    Args:
        d: the canvas to draw on.
        rect: the whole shape's rect in pixels (x0, y0, x1, y1).
        shares: the polygon's points as (x, y) shares of ``rect``.
        fill: the part's colour.
    """
    d.polygon(pts(rect, shares), fill=fill, outline=shade(fill, 0.6))
