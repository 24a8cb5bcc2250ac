"""Pictures of a plan for people: the Scene's boxes over its image, and the TaskGraph with what ran.

Drawn with Pillow and networkx only (no plotting library), so the web UI and docs can show them
anywhere Scenecraft runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from agent.scene import Scene
from agent.text.fonts import load_font

if TYPE_CHECKING:
    from PIL import Image

PALETTE = [(230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180), (70, 240, 240),
           (240, 50, 230), (210, 245, 60), (0, 128, 128), (170, 110, 40)]
STATUS_FILL = {"cached": (205, 235, 208), "ok": (255, 216, 168), "failed": (255, 170, 170), "skipped": (220, 220, 220)}


def draw_boxes(image: Image.Image, scene: Scene) -> Image.Image:
    """A copy of ``image`` with each object's and text's box outlined and labelled by id."""
    from PIL import ImageDraw

    img = image.convert("RGB").copy()
    draw = ImageDraw.Draw(img)
    W, H = img.size
    font = load_font("sans-bold", max(10, min(W, H) // 40))
    items = [(o.id, o.box, False) for o in scene.objects] + [(t.id, t.box, True) for t in scene.texts]
    for i, (label, box, is_text) in enumerate(items):
        colour = (255, 255, 255) if is_text else PALETTE[i % len(PALETTE)]
        x0, y0, x1, y1 = box[0] * W, box[1] * H, box[2] * W, box[3] * H
        width = max(2, min(W, H) // 170)
        if is_text:  # dashed outline tells text boxes from object boxes
            for x in range(int(x0), int(x1), 10):
                draw.line([(x, y0), (min(x + 5, x1), y0)], fill=colour, width=width)
                draw.line([(x, y1), (min(x + 5, x1), y1)], fill=colour, width=width)
            for y in range(int(y0), int(y1), 10):
                draw.line([(x0, y), (x0, min(y + 5, y1))], fill=colour, width=width)
                draw.line([(x1, y), (x1, min(y + 5, y1))], fill=colour, width=width)
        else:
            draw.rectangle([x0, y0, x1, y1], outline=colour, width=width)
        tb = draw.textbbox((x0 + 3, y0 + 2), label, font=font)
        draw.rectangle([tb[0] - 2, tb[1] - 1, tb[2] + 2, tb[3] + 1], fill=(0, 0, 0))
        draw.text((x0 + 3, y0 + 2), label, font=font, fill=colour)
    return img


def draw_graph(graph: dict[str, Any], trace: dict[str, Any] | None = None, max_width: int = 1600) -> Image.Image:
    """The TaskGraph top to bottom in dependency layers; node colour = what the last run did.

    ``graph`` is ``graph.json``'s dict, ``trace`` is ``trace.json``'s (green = cache hit, orange = ran,
    red = failed, grey = skipped).
    """
    from PIL import Image, ImageDraw

    g = nx.DiGraph()
    for n in graph.get("nodes", []):
        g.add_node(n["id"], plugin=n["plugin"])
    for e in graph.get("edges", []):
        g.add_edge(e["source"], e["target"])
    status = {r["node"]: r["status"] for r in (trace or {}).get("nodes", [])}
    layers = [sorted(layer) for layer in nx.topological_generations(g)] if g.number_of_nodes() else []
    bw, bh, gap_x, gap_y, top = 170, 40, 16, 34, 30  # room above for a caption overlay
    per_row = max(1, (max_width - 20) // (bw + gap_x))
    rows: list[list[str]] = []
    for layer in layers:  # very wide layers wrap onto several rows
        rows += [layer[i:i + per_row] for i in range(0, len(layer), per_row)]
    width = max(360, 20 + max((len(r) for r in rows), default=1) * (bw + gap_x))
    height = top + 44 + len(rows) * (bh + gap_y)  # the legend goes along the bottom
    img = Image.new("RGB", (width, height), (250, 250, 252))
    draw = ImageDraw.Draw(img)
    font, small = load_font("sans-bold", 12), load_font("sans", 10)
    pos: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        x_start = (width - len(row) * (bw + gap_x) + gap_x) / 2
        for c, nid in enumerate(row):
            pos[nid] = (x_start + c * (bw + gap_x), top + 10 + r * (bh + gap_y))
    for s, t in g.edges:
        (sx, sy), (tx, ty) = pos[s], pos[t]
        a, b = (sx + bw / 2, sy + bh), (tx + bw / 2, ty)
        draw.line([a, b], fill=(120, 120, 130), width=2)
        draw.polygon([(b[0], b[1]), (b[0] - 5, b[1] - 9), (b[0] + 5, b[1] - 9)], fill=(120, 120, 130))
    for nid, (x, y) in pos.items():
        fill = STATUS_FILL.get(status.get(nid, ""), (235, 240, 250))
        draw.rounded_rectangle([x, y, x + bw, y + bh], radius=7, fill=fill, outline=(80, 80, 90), width=1)
        draw.text((x + bw / 2, y + 13), _clip(nid, 24), font=font, fill=(20, 20, 20), anchor="mm")
        draw.text((x + bw / 2, y + 29), _clip(g.nodes[nid]["plugin"], 28), font=small, fill=(70, 70, 80), anchor="mm")
    x, y = 10, height - 26
    for label, key in (("cache hit", "cached"), ("ran", "ok"), ("failed", "failed"), ("skipped", "skipped")):
        draw.rectangle([x, y, x + 14, y + 14], fill=STATUS_FILL[key], outline=(80, 80, 90))
        draw.text((x + 19, y + 7), label, font=small, fill=(40, 40, 40), anchor="lm")
        x += 30 + int(draw.textlength(label, font=small))
    return img


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
