"""Naming the colour of an object from its pixels, over GenEval's ten colour words.

Why this way: GenEval judges colour with CLIP on the object's masked pixels; with no CLIP weights
here, Scenecraft uses a transparent classifier instead: each foreground pixel votes for its nearest
colour prototype in CIELAB (a perceptual space, so "nearest" means "looks most alike"), several
prototypes per name cover light, dark and saturated shades, and the name with most votes wins.
Foreground pixels are those that differ from the background seen in a ring around the box.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

GENEVAL_COLORS: tuple[str, ...] = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black",
                                   "white")

# sRGB prototypes per colour name: a mid, a dark, a light and a saturated shade where they differ.
PROTOTYPES: dict[str, list[tuple[int, int, int]]] = {
    "red": [(220, 30, 30), (180, 20, 30), (140, 15, 20), (255, 60, 50), (200, 0, 0), (110, 10, 15)],
    "orange": [(245, 140, 20), (255, 165, 0), (230, 110, 30), (255, 125, 50), (255, 190, 110)],
    "yellow": [(245, 215, 30), (255, 240, 80), (230, 200, 0), (250, 250, 140), (200, 180, 30)],
    "green": [(40, 170, 60), (20, 110, 40), (100, 200, 80), (0, 128, 0), (150, 220, 120), (60, 140, 90),
              (15, 70, 30), (120, 160, 40)],
    "blue": [(30, 80, 220), (20, 40, 150), (70, 130, 230), (110, 170, 240), (0, 0, 255), (20, 40, 100),
             (40, 150, 210), (150, 205, 240)],
    "purple": [(130, 50, 180), (90, 30, 130), (160, 90, 210), (120, 80, 160), (180, 130, 220), (60, 20, 90)],
    "pink": [(245, 130, 190), (255, 182, 193), (230, 80, 150), (250, 205, 225), (220, 110, 160), (255, 105, 180)],
    "brown": [(130, 80, 40), (90, 55, 30), (160, 110, 60), (110, 70, 50), (70, 45, 25), (150, 100, 70)],
    "black": [(25, 25, 25), (0, 0, 0), (50, 50, 55), (70, 70, 70)],
    "white": [(250, 250, 250), (230, 230, 230), (205, 205, 210), (240, 240, 225)],
}


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB values in 0..255, shape (..., 3)."""
    import numpy as np

    c = np.asarray(rgb, dtype=np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = c @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


@lru_cache(maxsize=1)
def _prototype_table() -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    labels, rgbs = [], []
    for i, name in enumerate(GENEVAL_COLORS):
        for rgb in PROTOTYPES[name]:
            labels.append(i)
            rgbs.append(rgb)
    return srgb_to_lab(np.array(rgbs)), np.array(labels)


def classify_pixels(rgb: np.ndarray) -> np.ndarray:
    """Index into GENEVAL_COLORS of the nearest prototype (CIELAB distance) for each pixel (N, 3)."""
    import numpy as np

    protos, labels = _prototype_table()
    colors, inverse = _unique_colors(np.asarray(rgb).reshape(-1, 3))
    lab = srgb_to_lab(colors)
    d = ((lab[:, None, :] - protos[None, :, :]) ** 2).sum(-1)
    return labels[np.argmin(d, axis=1)][inverse]


def color_name(rgb: tuple[int, int, int]) -> str:
    """The GenEval word nearest to one colour."""
    import numpy as np

    return GENEVAL_COLORS[int(classify_pixels(np.array([rgb]))[0])]


def _codes(rgb: np.ndarray) -> np.ndarray:
    import numpy as np

    return (rgb[:, 0].astype(np.int64) << 16) | (rgb[:, 1].astype(np.int64) << 8) | rgb[:, 2].astype(np.int64)


def _unique_colors(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct colours of (N, 3) uint8-range pixels and the index of each pixel's colour (fast 1-D unique)."""
    import numpy as np

    uniq, inverse = np.unique(_codes(rgb), return_inverse=True)
    colors = np.stack([(uniq >> 16) & 255, (uniq >> 8) & 255, uniq & 255], axis=1)
    return colors, inverse.reshape(-1)


def foreground_pixels(region: np.ndarray, background: np.ndarray, threshold: float = 14.0) -> np.ndarray:
    """Pixels of ``region`` (N, 3) farther than ``threshold`` (ΔE76) from every background colour.

    Colours are quantised (32 levels) before comparing so the cost is uniques x uniques, not pixels.
    """
    import numpy as np

    if len(background) == 0:
        return region
    q = 8
    bg_u, bg_inv = _unique_colors((background // q) * q + q // 2)
    reg_u, inverse = _unique_colors((region // q) * q + q // 2)
    # A ring colour counts as background only if it is not much rarer around the box than inside it:
    # a few stray pixels of the object's own colour next to the box (a neighbour's label, a shadow)
    # must not erase the object.
    bg_share = np.bincount(bg_inv, minlength=len(bg_u)) / len(background)
    reg_share = dict(zip(_codes(reg_u).tolist(), (np.bincount(inverse, minlength=len(reg_u)) / len(region)).tolist()))
    inside_share = np.array([reg_share.get(c, 0.0) for c in _codes(bg_u).tolist()])
    bg_u = bg_u[bg_share >= 0.5 * inside_share]
    if len(bg_u) == 0:
        return region
    bg_lab, reg_lab = srgb_to_lab(bg_u).astype(np.float32), srgb_to_lab(reg_u).astype(np.float32)
    dmin = np.full(len(reg_u), np.inf, dtype=np.float32)
    for start in range(0, len(bg_lab), 64):
        chunk = bg_lab[start:start + 64]
        d = np.sqrt(((reg_lab[:, None, :] - chunk[None, :, :]) ** 2).sum(-1)).min(axis=1)
        dmin = np.minimum(dmin, d)
    return region[dmin[inverse] > threshold]


def color_votes(rgb: np.ndarray) -> dict[str, float]:
    """Share of pixels voting for each colour name, largest first."""
    import numpy as np

    if len(rgb) == 0:
        return {}
    counts = np.bincount(classify_pixels(rgb), minlength=len(GENEVAL_COLORS)).astype(float)
    shares = counts / counts.sum()
    order = np.argsort(-shares)
    return {GENEVAL_COLORS[i]: round(float(shares[i]), 4) for i in order if shares[i] > 0}
