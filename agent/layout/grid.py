"""Grid: a column and a row for every group, from the order edges.

Vertically related groups share a column; columns follow the horizontal edges (Kahn's order, free
choices by seed); rows are longest paths over the vertical edges. Groups that would crowd one cell for no
reason are stacked instead, and scenes with no relation at all wrap onto shelves.
"""

from __future__ import annotations

import itertools
import random

from agent.layout.groups import FILL, Edges, Group, cycle_edges, layers


def assign_grid(groups: list[Group], e: Edges, rng: random.Random, shuffle: bool) -> int:
    """Give each group a column, a row (or None) and a slot within its cell; returns the column count.

    Args:
        groups: the groups to place (changed in place).
        e: the order edges between them.
        rng: the seeded random source.
        shuffle: shuffle the order of unrelated groups.
    """
    n = len(groups)
    parent = list(range(n))

    def find(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for a, b in e.v:
        if (a, b) not in e.h and (b, a) not in e.h:
            parent[find(a)] = find(b)
    classes = sorted({find(u) for u in range(n)})
    class_edges = {(find(a), find(b)) for a, b in e.h if find(a) != find(b)}
    for edge in cycle_edges(max(classes) + 1 if classes else 0, class_edges):
        class_edges.discard(edge)
    order = list(classes)
    if shuffle:
        rng.shuffle(order)
    # Kahn's algorithm, free choices in `order` order: keeps related columns adjacent and ordered.
    indeg = {c: 0 for c in classes}
    for _, b in class_edges:
        indeg[b] += 1
    placed: list[int] = []
    ready = [c for c in order if indeg[c] == 0]
    while ready:
        # prefer a class linked to the last placed one (next-to pairs stay adjacent)
        pick = next((c for c in ready if placed and (placed[-1], c) in class_edges), ready[0])
        ready.remove(pick)
        placed.append(pick)
        for a, b in sorted(class_edges):
            if a == pick:
                indeg[b] -= 1
                if indeg[b] == 0:
                    ready.append(b)
    placed += [c for c in order if c not in placed]
    if not e.h and not e.v and n >= 3:
        return _shelves(groups, placed)
    col_of = {c: i for i, c in enumerate(placed)}
    for u, g in enumerate(groups):
        g.col = col_of[find(u)]
    rows = _stacked_rows(groups, e, n)
    cells: dict[tuple[int, int | None], list[int]] = {}
    for u, g in enumerate(groups):
        g.row = rows.get(u)
        cells.setdefault((g.col, g.row), []).append(u)
    for members in cells.values():  # side by side inside a cell, ordered by any horizontal edge between them
        lay = layers(members, e.h)
        members.sort(key=lambda u: (lay[u], rng.random() if shuffle else u))
        for k, u in enumerate(members):
            groups[u].sub = k
    return len(placed)


def _stacked_rows(groups: list[Group], e: Edges, n: int) -> dict[int, int]:
    """Rows by longest path over vertical edges. Groups that would share a cell with no reason to sit
    side by side (no horizontal edge, nothing resting on or standing before them) are stacked instead,
    so each keeps a clean vertical line to what it is above or below."""
    v = set(e.v)
    tied = {u for pair in (*e.touch, *e.overlap) for u in pair}
    nodes = [u for u in range(n) if any(u in edge for edge in e.v)]
    rows = layers(nodes, v)
    for _ in range(n):
        cells: dict[tuple[int, int], list[int]] = {}
        for u in nodes:
            cells.setdefault((groups[u].col, rows[u]), []).append(u)
        added = False
        for members in cells.values():
            free = [u for u in members if u not in tied]
            pinned = [u for u in members if u in tied]  # they stay next to their partner: free ones move away
            pairs = list(itertools.pairwise(free))
            for t in pinned:
                partners = [q for pair in (*e.touch, *e.overlap) if t in pair for q in pair if q != t]
                partner_below = any(rows.get(q, -1) > rows[t] for q in partners)
                pairs += [(f, t) if partner_below else (t, f) for f in free]
            for a, b in pairs:
                if (a, b) not in e.h and (b, a) not in e.h and (a, b) not in v:
                    v.add((a, b))
                    added = True
        if not added:
            break
        rows = layers(nodes, v)
    return rows


def _shelves(groups: list[Group], order: list[int]) -> int:
    """Unrelated groups: wrap them onto 1-3 shelves (rows), whichever lets the objects be largest; groups
    put at the top of the frame come first, those at the bottom (a strip of ground) last."""
    order = sorted(order, key=lambda u: groups[u].place[1] if groups[u].place[1] is not None else 0.5)
    dw = [groups[u].grid[0] * groups[u].size[0] / FILL for u in order]
    dh = [groups[u].grid[1] * groups[u].size[1] / FILL for u in order]
    best: tuple[float, list[int]] = (-1.0, [0] * len(order))
    for k in range(1, min(3, len(order)) + 1):
        target, shelf, acc, assign = sum(dw) / k, 0, 0.0, []
        for w in dw:
            if acc > 0 and acc + w / 2 > target * (shelf + 1) and shelf < k - 1:
                shelf += 1
            assign.append(shelf)
            acc += w
        widths = [sum(w for w, s in zip(dw, assign) if s == r) for r in range(k)]
        heights = [max([h for h, s in zip(dh, assign) if s == r] or [0.0]) for r in range(k)]
        scale = min(0.96 / max(widths), 0.96 / sum(heights))
        if scale > best[0] * 1.08:
            best = (scale, assign)
    for k, (u, shelf) in enumerate(zip(order, best[1])):
        groups[u].col, groups[u].row, groups[u].sub = 0, shelf, best[1][:k].count(shelf)
    return 1
