"""Counting the separate ink shapes of a glyph mask, shared by the text-rendering tests."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw


def ink_blobs(mask: Image.Image) -> int:
    """How many separate ink blobs the mask has (letters that touch, outlines included, are one).

    Pillow's ``floodfill`` joins pixels that share an edge (4-connected), so two letters meeting only at a
    corner count as two."""
    im = mask.point(lambda v: 255 if v > 40 else 0)
    n = 0
    while (arr := np.asarray(im)).any():
        y, x = np.argwhere(arr)[0]
        ImageDraw.floodfill(im, (int(x), int(y)), 0)
        n += 1
    return n
