"""Text boxes from words: where a requested string goes when the request only says "top" or nothing.

Why: planners (offline rules, an LLM) and benchmarks know *what* text is wanted and sometimes a
position word ("upper left corner"), colour or lettering style; this turns that into SceneTexts with
boxes that do not overlap, so ``text.render`` can draw each one large and legible.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.scene import Box, SceneText
from agent.text.fonts import family_for_style

# Position words (LeX-Bench uses these nine) name cells of a 3x3 grid. Corners own one cell; a side
# ("top", "left") or the center owns its middle cell and grows along its row/column into cells no
# other position claimed, so texts at different positions never overlap.
REGIONS: tuple[str, ...] = ("upper left corner", "upper right corner", "lower left corner", "lower right corner",
                            "top", "bottom", "left", "right", "center")
_CORNERS = {"upper left corner": (0, 0), "upper right corner": (2, 0), "lower left corner": (0, 2),
            "lower right corner": (2, 2)}
# side -> its middle cell, and the cells (in order of preference) it may grow into
_SIDES = {"top": ((1, 0), [(0, 0), (2, 0)]), "bottom": ((1, 2), [(0, 2), (2, 2)]),
          "left": ((0, 1), [(0, 0), (0, 2)]), "right": ((2, 1), [(2, 0), (2, 2)]),
          "center": ((1, 1), [(0, 1), (2, 1)])}
_EDGES = (0.03, 0.35, 0.65, 0.97)  # grid lines, same on both axes
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


def grid_regions(keys: set[str], gap: float = 0.01) -> dict[str, Box]:
    """A box for each position key: corners first, then top/bottom, left/right, center (see REGIONS)."""
    taken: set[tuple[int, int]] = {_CORNERS[k] for k in keys if k in _CORNERS}
    cells: dict[str, list[tuple[int, int]]] = {k: [_CORNERS[k]] for k in keys if k in _CORNERS}
    for key in ("top", "bottom", "left", "right", "center"):
        if key not in keys:
            continue
        middle, growth = _SIDES[key]
        own = [middle]
        for cell in growth:
            if cell not in taken and not any(cell == _SIDES[k][0] for k in keys if k in _SIDES and k != key):
                own.append(cell)
        taken.update(own)
        cells[key] = own
    out: dict[str, Box] = {}
    for key, own in cells.items():
        cx0, cx1 = min(c[0] for c in own), max(c[0] for c in own)
        cy0, cy1 = min(c[1] for c in own), max(c[1] for c in own)
        out[key] = (_EDGES[cx0] + gap, _EDGES[cy0] + gap, _EDGES[cx1 + 1] - gap, _EDGES[cy1 + 1] - gap)
    return out


def text_boxes(strings: Sequence[str], positions: Sequence[str | None] | None = None,
               colors: Sequence[str | None] | None = None, styles: Sequence[str | None] | None = None,
               prefix: str = "text") -> list[SceneText]:
    """SceneTexts for ``strings``: grouped by position region, stacked as rows inside each region.

    Texts sharing a region split it into rows rather than overlap, because ``text.render`` fits each
    string to its whole box and two texts in one box would both come out unreadable.

    Args:
        strings: the text contents, in request order (the ids follow it).
        positions: a position phrase per string ("upper left", "bottom", None); once any is known, the
            unknown ones share the center, so they never cover a placed one.
        colors: a colour word per string (None: the renderer picks black or white, whichever contrasts).
        styles: a lettering style per string, mapped to a font family ("handwritten" -> serif italic).
        prefix: the id stem (``text_1``, ``text_2``...): another one when the Scene already holds texts,
            since ids must be unique in a Scene.
    """
    n = len(strings)
    positions = list(positions or [None] * n)
    colors = list(colors or [None] * n)
    styles = list(styles or [None] * n)
    groups: dict[str | None, list[int]] = {}
    keys = [region_for(p) for p in positions]
    if any(k is not None for k in keys):  # mixed: unpositioned texts share the center
        keys = [k or "center" for k in keys]
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    regions = grid_regions({k for k in groups if k is not None})
    boxes: dict[int, Box] = {}
    for key, idxs in groups.items():
        region = regions[key] if key is not None else FULL
        for i, box in zip(idxs, split_rows(region, len(idxs))):
            boxes[i] = tuple(round(v, 4) for v in box)  # type: ignore[assignment]
    return [SceneText(id=f"{prefix}_{i + 1}", content=strings[i], box=boxes[i], color=colors[i],
                      font=family_for_style(styles[i])) for i in range(n)]
