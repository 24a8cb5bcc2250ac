"""Text boxes from words: where a requested string goes when the request only says "top" or nothing.

Why: planners (offline rules, an LLM) and benchmarks know *what* text is wanted and sometimes a
position word ("upper left corner"), colour or lettering style; this turns that into SceneTexts with
boxes that do not overlap, so ``text.render`` can draw each one large and legible.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.fonts import family_for_style
from agent.scene import Box, SceneText

# Position words (LeX-Bench uses these nine) -> the region texts at that position share.
REGIONS: dict[str, Box] = {
    "top": (0.06, 0.03, 0.94, 0.30),
    "bottom": (0.06, 0.70, 0.94, 0.97),
    "left": (0.03, 0.12, 0.48, 0.88),
    "right": (0.52, 0.12, 0.97, 0.88),
    "center": (0.18, 0.32, 0.82, 0.68),
    "upper left corner": (0.03, 0.03, 0.47, 0.36),
    "upper right corner": (0.53, 0.03, 0.97, 0.36),
    "lower left corner": (0.03, 0.64, 0.47, 0.97),
    "lower right corner": (0.53, 0.64, 0.97, 0.97),
}
_ALIASES = {"middle": "center", "centre": "center", "top left": "upper left corner", "top right": "upper right corner",
            "bottom left": "lower left corner", "bottom right": "lower right corner", "upper": "top",
            "lower": "bottom"}
# Without a position, texts stack as rows down the whole image.
FULL: Box = (0.05, 0.04, 0.95, 0.96)


def region_for(position: str | None) -> str | None:
    """Normalise a position phrase to a REGIONS key ('top left' -> 'upper left corner'), None if unknown."""
    if not position:
        return None
    p = " ".join(position.lower().replace("-", " ").split())
    if p in REGIONS:
        return p
    for alias, key in _ALIASES.items():
        if alias in p:
            return key
    for key in sorted(REGIONS, key=len, reverse=True):
        if key in p:
            return key
    return None


def split_rows(region: Box, n: int, gap: float = 0.02) -> list[Box]:
    """``n`` equal rows inside ``region`` with a small gap between them."""
    x0, y0, x1, y1 = region
    h = (y1 - y0 - gap * (n - 1)) / n
    return [(x0, y0 + i * (h + gap), x1, y0 + i * (h + gap) + h) for i in range(n)]


def _area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def carve(region: Box, taken: Sequence[Box], gap: float = 0.02) -> Box:
    """The largest part of ``region`` left of, right of, above or below each overlapping taken box."""
    x0, y0, x1, y1 = region
    for tx0, ty0, tx1, ty1 in taken:
        if tx0 >= x1 or tx1 <= x0 or ty0 >= y1 or ty1 <= y0:
            continue
        parts = [(x0, y0, min(x1, tx0 - gap), y1), (max(x0, tx1 + gap), y0, x1, y1),
                 (x0, y0, x1, min(y1, ty0 - gap)), (x0, max(y0, ty1 + gap), x1, y1)]
        best = max(parts, key=_area)
        if _area(best) <= 0:
            return (x0, y0, x1, y1)  # fully covered: share the space rather than vanish
        x0, y0, x1, y1 = best
    return (x0, y0, x1, y1)


def text_boxes(strings: Sequence[str], positions: Sequence[str | None] | None = None,
               colors: Sequence[str | None] | None = None, styles: Sequence[str | None] | None = None,
               prefix: str = "text") -> list[SceneText]:
    """SceneTexts for ``strings``: grouped by position region, stacked as rows inside each region."""
    n = len(strings)
    positions = list(positions or [None] * n)
    colors = list(colors or [None] * n)
    styles = list(styles or [None] * n)
    groups: dict[str | None, list[int]] = {}
    for i in range(n):
        groups.setdefault(region_for(positions[i]), []).append(i)
    # Specific regions first (corners, then top/bottom, then left/right, then center, then the free rows), so that a
    # broader region overlapping them ("bottom" with "lower right corner") is carved around them.
    rank = {"top": 1, "bottom": 1, "left": 2, "right": 2, "center": 3}
    order = sorted(groups, key=lambda k: 4 if k is None else 0 if "corner" in k else rank[k])
    taken: list[Box] = []
    boxes: dict[int, Box] = {}
    for key in order:
        region = carve(REGIONS[key] if key else FULL, taken)
        for i, box in zip(groups[key], split_rows(region, len(groups[key]))):
            boxes[i] = tuple(round(v, 4) for v in box)  # type: ignore[assignment]
        taken.append(region)
    return [SceneText(id=f"{prefix}_{i + 1}", content=strings[i], box=boxes[i], color=colors[i],
                      font=family_for_style(styles[i])) for i in range(n)]
