"""A clear margin around the texts that stay where the plan put them, so a page reader finds them.

Why: a page reader (tesseract's page segmentation) groups ink by proximity. A pictogram a few pixels
from a word's first letter joins that letter's blob (the "P" of "Presentation" next to a hand's thumb
is read as part of the picture, and the word as "resentation"); a window frame or a skyline under the
letters joins them into one picture-like region, and the line is dropped. A person sees the same
clutter. So, before the texts are drawn:

- :func:`text_zones`: where the glyphs of each text that keeps its planned box (an image position
  such as "top left", or no drawn carrier) will go, estimated with the renderer's own fitting, plus a
  margin of about half a line.
- :func:`clear_of_zones`: a free-standing pictogram that reaches into a zone moves or shrinks into the
  largest part of its box outside the zones, if it keeps at least ``KEEP`` of its drawn area; a
  pictogram that cannot is faded under the zone instead (:func:`fade_in_zones`), so the thing stays
  drawn and recognisable.
- :func:`calm_backdrop`: the setting's features (clouds, windows, waves, skyline) give way to the
  plain sky/ground gradient inside the zones, with a soft edge.

Texts written on a carrier (a sign, a truck) are left alone: they go onto the carrier's flat area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from agent.scene import Scene, SceneText
    from plugins.sketch_placement import Placed

Rect = tuple[float, float, float, float]
# the clear margin around a text's glyph block, in font sizes, beside and above/below the line: a reader
# joins a blob in the line's own band from farther away than one above or below it...
MARGIN_SIZE = (1.0, 0.7)
MARGIN_MIN = 0.012  # ...and at least this share of the image height
KEEP = 0.45  # a moved / shrunk pictogram keeps at least this share of its drawn area, else it is faded
POKE = 0.2  # a picture that cannot leave is faded under a zone only when this share of it at most lies there
SMALL_FEATURE = 0.08  # a backdrop feature whose bounding box is at most this share of the image is small
FADE = 0.2  # what remains of a pictogram's opacity under a zone it could not leave


@dataclass(frozen=True)
class Ties:
    """Pictures that may not move freely out of a text's way.

    - ``carriers``: the texts' carriers: neither moved nor faded (a text with an image position may
      lie on its carrier, as planned);
    - ``fixed``: supports, wearers, worn and held things: moving one alone would tear its group apart,
      so it is faded where it reaches into a zone;
    - ``standing``: things resting on a support (load id -> support id): they may shrink or slide along
      the support, keeping their feet on it;
    - ``groups``: each support or wearer with everything tied to it: a group moves as one.
    """

    carriers: frozenset[str] = frozenset()
    fixed: frozenset[str] = frozenset()
    standing: dict[str, str] = field(default_factory=dict)
    groups: tuple[frozenset[str], ...] = ()


def tied_groups(deps: dict[str, list[tuple[str, str]]]) -> tuple[frozenset[str], ...]:
    """Each root of ``deps`` (target id -> [(dependant id, kind)], plugins.sketch_placement.dependants)
    with everything tied to it, directly or through others (a cup on a tray on a table)."""
    below = {d for ds in deps.values() for d, _ in ds}
    groups = []
    for root in (t for t in deps if t not in below):
        seen, todo = {root}, [root]
        while todo:
            for d, _ in deps.get(todo.pop(), []):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        groups.append(frozenset(seen))
    return tuple(groups)


def staying_texts(scene: Scene, drawn: set[str]) -> list[SceneText]:
    """The texts drawn in their planned box: those with an image region, and those whose carrier is not
    drawn (a text on a drawn carrier moves onto the carrier's flat area when the texts are rendered)."""
    return [t for t in scene.texts if t.region is not None or (t.on or "") not in drawn]


def glyph_block(text: SceneText, width: int, height: int) -> tuple[float, float, float, float, int] | None:
    """Where ``text``'s glyphs go in pixels (x0, y0, x1, y1) and their font size, as plugins.text_render
    fits them in its box (legibility floor, size cap, alignment); None for a rotated text or one with no
    installed font."""
    from agent.errors import PluginError
    from plugins.carriers import pixel_box
    from plugins.text_render import block_centre_x, place_text

    if text.rotation:
        return None
    try:
        p = place_text(text, width, height, legible_floor(text, height), True, True, True)
    except (PluginError, OSError):  # a text no font can draw fails in text.render, with its own message
        return None
    if p.fit is None:
        return None
    x0, y0, x1, y1 = pixel_box(p.box, width, height)
    bw, bh = x1 - x0, y1 - y0
    w, h = p.fit.width, p.fit.height
    cx = x0 + block_centre_x(text.align, bw, bh, p.fit)
    cy = y0 + bh / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, p.fit.size


def legible_floor(text: SceneText, height: int) -> int:
    """The smallest font size text.render may fit ``text`` at in an image ``height`` pixels tall."""
    from agent.text.fonts import choose_font
    from plugins.legibility import min_font_size

    return max(12, min_font_size(choose_font(text.font, text.content), height))


def text_zones(scene: Scene, drawn: set[str], width: int, height: int) -> list[Rect]:
    """The pixel rects to keep clear: each staying text's glyph block plus its margin (see module doc).

    Args:
        scene: the plan; its texts are read.
        drawn: ids of the objects the sketch draws (a text on one of them goes onto it, not in a zone).
        width, height: the image size in pixels.
    """
    from plugins.text_stack import grow_stacks

    texts = staying_texts(scene, drawn)
    if not texts:
        return []
    floors = {t.id: legible_floor(t, height) for t in texts}
    texts = grow_stacks(texts, width, height, floors)[0]  # as text.render grows a stack that needs more room
    zones = []
    for t in texts:
        block = glyph_block(t, width, height)
        if block is None:
            continue
        mx, my = (max(MARGIN_MIN * height, k * block[4]) for k in MARGIN_SIZE)
        zones.append((block[0] - mx, block[1] - my, block[2] + mx, block[3] + my))
    return zones


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _area(r: Rect) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _slides(box: Rect, zone: Rect, width: int, height: int) -> list[Rect]:
    """``box`` slid out of ``zone`` on each side, where it stays inside the image."""
    x0, y0, x1, y1 = box
    zx0, zy0, zx1, zy1 = zone
    w, h = x1 - x0, y1 - y0
    slides = [(zx0 - w, y0, zx0, y1), (zx1, y0, zx1 + w, y1), (x0, zy0 - h, x1, zy0), (x0, zy1, x1, zy1 + h)]
    return [s for s in slides if s[0] >= 0 and s[1] >= 0 and s[2] <= width and s[3] <= height]


def _candidates(box: Rect, zone: Rect, width: int, height: int) -> list[Rect]:
    """Boxes for a picture that clear ``zone``: ``box`` cut on each side of the zone, and ``box`` slid
    out of the zone on each side (kept inside the image)."""
    x0, y0, x1, y1 = box
    zx0, zy0, zx1, zy1 = zone
    cuts = [(x0, y0, min(x1, zx0), y1), (max(x0, zx1), y0, x1, y1), (x0, y0, x1, min(y1, zy0)),
            (x0, max(y0, zy1), x1, y1)]
    return [c for c in cuts + _slides(box, zone, width, height) if c[2] - c[0] > 1 and c[3] - c[1] > 1]


def cleared_box(p: Placed, zones: list[Rect], width: int, height: int,
                feet: tuple[float, float] | None = None) -> Rect | None:
    """The box for ``p`` whose drawn picture reaches into none of ``zones`` and keeps the most area (ties:
    the smallest move); ``p.box`` when it is clear already, None when no box keeps ``KEEP`` of its area.
    A picture standing on a support keeps its bottom edge, its centre within ``feet`` (the support's x
    range).

    Args:
        p: the placed picture (its box and aspect).
        zones: pixel rects to keep clear.
        width, height: the image size in pixels (a slid box stays inside).
        feet: for a picture standing on a support, the x range its centre must stay over.
    """
    from plugins.sketch_placement import fit_aspect

    def drawn(box: Rect) -> Rect:
        return box if p.aspect is None else fit_aspect(box, p.aspect)

    def clear(box: Rect) -> bool:
        return not any(_overlaps(drawn(box), z) for z in zones)

    if clear(p.box):
        return p.box
    boxes, frontier = [], [p.box]
    for _ in range(3):  # a picture between two zones is cut twice
        nxt = []
        for b in frontier:
            for z in (z for z in zones if _overlaps(drawn(b), z)):
                for c in _candidates(b, z, width, height):
                    (boxes if clear(c) else nxt).append(c)
        frontier = nxt[:16]
    full = _area(drawn(p.box))
    good = [b for b in boxes if _area(drawn(b)) >= KEEP * full and not (feet is not None and (
        abs(b[3] - p.box[3]) > 0.5 or not feet[0] <= (b[0] + b[2]) / 2 <= feet[1]))]
    if not good:
        return None
    cx, cy = (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2
    return max(good, key=lambda b: (round(_area(drawn(b)) / full, 2),
                                    -abs((b[0] + b[2]) / 2 - cx) - abs((b[1] + b[3]) / 2 - cy)))


def _slid(box: Rect, zones: list[Rect], width: int, height: int) -> tuple[float, float] | None:
    """The smallest (dx, dy) that moves ``box`` clear of every zone and keeps it inside the image (at
    most two slides: out of one zone, then out of the next); None when there is none."""
    found: list[tuple[float, float]] = []
    frontier = [box]
    for _ in range(2):
        nxt = []
        for b in frontier:
            for z in (z for z in zones if _overlaps(b, z)):
                for c in _slides(b, z, width, height):
                    if any(_overlaps(c, q) for q in zones):
                        nxt.append(c)
                    else:
                        found.append((c[0] - box[0], c[1] - box[1]))
        frontier = nxt[:8]
    return min(found, key=lambda d: abs(d[0]) + abs(d[1]), default=None)


def slide_groups(placed: list[Placed], zones: list[Rect], ties: Ties, width: int, height: int) -> None:
    """Move each tied group (a support and what rests on it, a wearer and what it wears) that reaches
    into a zone by one common offset, so nothing in it floats or comes off; groups holding a text's
    carrier stay.

    Args:
        placed: the pictures as settled, moved in place.
        zones: pixel rects to keep clear.
        ties: the groups and carriers (see :class:`Ties`).
        width, height: the image size in pixels (a group stays inside).
    """
    by_id = {p.obj.id: p for p in placed}
    for ids in ties.groups:
        members = [by_id[i] for i in ids if i in by_id]
        if not members or ids & ties.carriers:
            continue
        rects = [m.rect for m in members]
        union = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects),
                 max(r[3] for r in rects))
        move = _slid(union, zones, width, height) if any(_overlaps(union, z) for z in zones) else None
        for m in members if move else []:
            m.box = (m.box[0] + move[0], m.box[1] + move[1], m.box[2] + move[0], m.box[3] + move[1])


def clear_of_zones(placed: list[Placed], zones: list[Rect], ties: Ties, width: int, height: int) -> set[str]:
    """Move tied groups, then move or shrink each free picture, out of ``zones`` (in place); returns the
    ids of pictures that could not leave and only poke into a zone (at most ``POKE`` of their drawn area
    inside it), to be faded there. A picture that lies largely under a text stays drawn: the text then
    gets a plate from text.render, and a veiled half-figure reads worse than either.

    Args:
        placed: the pictures as settled (plugins.sketch_placement.settle).
        zones: pixel rects to keep clear (:func:`text_zones`).
        ties: which pictures may not move freely (see :class:`Ties`).
        width, height: the image size in pixels.
    """
    stuck: set[str] = set()
    if not zones:
        return stuck
    slide_groups(placed, zones, ties, width, height)
    by_id = {p.obj.id: p for p in placed}
    for p in placed:
        oid = p.obj.id
        if p.pic is None or oid in ties.carriers:  # a labelled box names itself; a carrier holds the text
            continue
        support = by_id.get(ties.standing.get(oid, ""))
        feet = None if support is None else (support.rect[0], support.rect[2])
        box = cleared_box(p, zones, width, height, feet) if support is not None or oid not in ties.standing else None
        if box is not None and oid not in ties.fixed:
            p.box = box
        elif box != p.box and _inside(p.rect, zones) <= POKE * _area(p.rect):
            stuck.add(oid)
    return stuck


def _inside(r: Rect, zones: list[Rect]) -> float:
    """The area of ``r`` inside the zones (overlaps between zones counted twice: an upper bound)."""
    return sum(_area((max(r[0], z[0]), max(r[1], z[1]), min(r[2], z[2]), min(r[3], z[3]))) for z in zones)


def zone_mask(size: tuple[int, int], zones: list[Rect], feather: float) -> Image.Image:
    """An L mask, 255 inside ``zones``, blurred by ``feather`` px so the edge is soft."""
    from PIL import Image, ImageDraw, ImageFilter

    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    for z in zones:
        d.rectangle(z, fill=255)
    return mask.filter(ImageFilter.GaussianBlur(feather)) if feather > 0 else mask


def fade_in_zones(img: Image.Image, before: Image.Image, zones: list[Rect]) -> None:
    """Keep only ``FADE`` of what was drawn since ``before`` (a copy of ``img``) inside ``zones`` (soft
    edges, so the picture reads as veiled behind the text, not cut)."""
    from PIL import Image

    feather = max(2.0, 0.01 * img.height)
    mask = zone_mask(img.size, zones, feather).point(lambda v: round(v * (1 - FADE)))
    img.paste(Image.composite(before, img, mask))


def calm_backdrop(img: Image.Image, plain: Image.Image, zones: list[Rect]) -> None:
    """The backdrop's features give way to the ``plain`` gradient where a text stays, in place.

    A small feature that reaches into a zone (a cloud, a window, a wave) is left out whole: cut at the
    zone's edge it would leave a stub beside the letters, which a page reader joins to them. A large one
    (a skyline, a row of tiles) is cut at the zone's edge, softly."""
    from PIL import Image

    if not zones:
        return
    feather = max(2.0, 0.008 * img.height)
    gone = feature_parts(img, plain, zones)
    mask = zone_mask(img.size, zones, feather)
    if gone is not None:
        from PIL import ImageChops, ImageFilter

        grown = gone.resize(img.size, Image.NEAREST).filter(ImageFilter.MaxFilter(5))
        mask = ImageChops.lighter(mask, grown.filter(ImageFilter.GaussianBlur(1)))
    img.paste(plain, (0, 0), mask)


def feature_parts(img: Image.Image, plain: Image.Image, zones: list[Rect], work: int = 256) -> Image.Image | None:
    """A mask (at ``work`` px on the long side) of the backdrop features that touch a zone and are small
    (each connected part's bounding box at most ``SMALL_FEATURE`` of the image), or None when none are.

    Args:
        img: the backdrop with its features.
        plain: the same backdrop without them (the gradient); a feature is where the two differ.
        zones: pixel rects of the texts.
        work: the analysis size (long side, px): flood fills at full size would be slow.
    """
    import numpy as np
    from PIL import Image, ImageDraw

    k = work / max(img.size)
    size = (max(1, round(img.width * k)), max(1, round(img.height * k)))
    diff = np.abs(np.asarray(img.convert("RGB").resize(size), np.int16)
                  - np.asarray(plain.convert("RGB").resize(size), np.int16)).max(axis=-1) > 12
    canvas = Image.fromarray(diff.astype(np.uint8) * 255).copy()  # fromarray may share a read-only buffer
    out = np.zeros(diff.shape, bool)
    for z in zones:
        x0, y0 = max(0, int(z[0] * k)), max(0, int(z[1] * k))
        x1, y1 = min(size[0], int(z[2] * k) + 1), min(size[1], int(z[3] * k) + 1)
        for _ in range(64):  # one flood fill per part still unvisited in the zone
            arr = np.asarray(canvas)
            ys, xs = np.nonzero(arr[y0:y1, x0:x1] == 255)
            if len(ys) == 0:
                break
            ImageDraw.floodfill(canvas, (int(xs[0]) + x0, int(ys[0]) + y0), 100)
            part = np.asarray(canvas) == 100
            if not part.any():
                break
            rows, cols = np.nonzero(part.any(axis=1))[0], np.nonzero(part.any(axis=0))[0]
            box_share = (rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1) / part.size
            if box_share <= SMALL_FEATURE:
                out |= part
            canvas = Image.fromarray(np.where(part, 50, np.asarray(canvas)).astype(np.uint8)).copy()
    return Image.fromarray(out.astype(np.uint8) * 255) if out.any() else None


LABEL_CLEARANCE = 0.04  # no name label on an object closer than this share of the image to a text's box


def label_near_text(box: tuple[float, float, float, float], texts: list, width: int, height: int) -> bool:
    """Whether an object drawn in ``box`` lies within LABEL_CLEARANCE of any text's box.

    Args:
        box: the object's drawn box in pixels (x0, y0, x1, y1).
        texts: the Scene's texts (boxes in image fractions).
        width: the image width in pixels.
        height: the image height in pixels.
    """
    mx, my = LABEL_CLEARANCE * width, LABEL_CLEARANCE * height
    x0, y0, x1, y1 = box
    for t in texts:
        tx0, ty0, tx1, ty1 = t.box[0] * width, t.box[1] * height, t.box[2] * width, t.box[3] * height
        if x0 < tx1 + mx and tx0 - mx < x1 and y0 < ty1 + my and ty0 - my < y1:
            return True
    return False
