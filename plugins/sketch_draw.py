"""Small drawing helpers shared by the sketch's drawn silhouettes (shapes in shares of a rect) and its name labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.text.fonts import load_font

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


def labelled_box(draw: ImageDraw.ImageDraw, name: str, box: tuple[float, float, float, float],
                  rgb: tuple[int, int, int] | None, labels: bool) -> None:
    """The last resort: a rounded box in the object's colour with its name written inside.

    Args:
        draw: the canvas's drawer.
        name: the object's name, written inside when ``labels``.
        box: the box in pixels.
        rgb: the object's colour (None: grey).
        labels: write the name.
    """
    x0, y0, x1, y1 = (round(v) for v in box)
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    bw, bh = x1 - x0, y1 - y0
    fill = rgb or (150, 150, 160)
    outline = tuple(max(0, c - 70) for c in fill)
    draw.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=max(2, min(bw, bh) // 5), fill=fill, outline=outline,
                           width=max(1, min(bw, bh) // 30))
    if labels:
        text_rgb = (255, 255, 255) if sum(fill) < 382 else (20, 20, 20)
        size = max(6, min(bh // 4, int(1.6 * bw / max(len(name), 1))))
        draw.text(((x0 + x1) / 2, (y0 + y1) / 2), name, font=load_font("sans-bold", size), fill=text_rgb, anchor="mm")


def name_label(draw: ImageDraw.ImageDraw, text: str, cx: float, bottom: float, room: int, largest: int) -> None:
    """The name centred under the pictogram it names, shrunk to the pictogram's width so that neighbours'
    labels do not run into each other ("rubber duck" x3); left out when even 7 px would not fit.

    Args:
        draw: the canvas's drawer.
        text: the name.
        cx, bottom: where the label's bottom centre goes, in pixels.
        room: the width it may take, in pixels.
        largest: the largest font size tried, in pixels.
    """
    for px in range(largest, 6, -1):
        font = load_font("sans", px)
        if draw.textlength(text, font=font) <= room + 4:
            draw.text((cx, bottom), text, font=font, fill=(20, 20, 20), anchor="md", stroke_width=2,
                      stroke_fill=(255, 255, 255))
            return
