"""``text.render``: draws each Scene text as real glyphs inside its box on any image.

The font size is the largest that fits the box after word wrapping, so text is never silently
clipped; a stroke in a contrasting colour keeps it legible on any background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.artifacts import ImageRef
from agent.fonts import load_font
from agent.registry import Plugin, PluginIO, register
from agent.scene import SceneText
from plugins.pictograms import color_rgb

if TYPE_CHECKING:
    from PIL import Image, ImageFont

    from agent.context import RunContext


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Greedy word wrap; explicit newlines are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split(" ")
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if not line or font.getlength(trial) <= max_width:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fit_text(text: str, family: str, box_w: int, box_h: int) -> tuple[int, list[str]]:
    """Largest font size (binary search) whose wrapped lines fit the box; (size, lines)."""
    lo, hi, best = 4, max(4, box_h), (4, [text])
    while lo <= hi:
        mid = (lo + hi) // 2
        font = load_font(family, mid)
        lines = wrap_lines(text, font, box_w)
        widest = max(font.getlength(line) for line in lines)
        total_h = mid * 1.2 * len(lines)
        if widest <= box_w and total_h <= box_h:
            best, lo = (mid, lines), mid + 1
        else:
            hi = mid - 1
    return best


def draw_text(img: Image.Image, text: SceneText) -> None:
    from PIL import ImageDraw

    W, H = img.size
    x0, y0, x1, y1 = (round(text.box[0] * W), round(text.box[1] * H), round(text.box[2] * W), round(text.box[3] * H))
    pad = max(1, round(0.04 * min(x1 - x0, y1 - y0)))
    family = text.font or "sans-bold"
    size, lines = fit_text(text.content, family, x1 - x0 - 2 * pad, y1 - y0 - 2 * pad)
    font = load_font(family, size)
    fill = color_rgb(text.color) or (20, 20, 20)
    stroke = (255, 255, 255) if sum(fill) < 382 else (20, 20, 20)
    draw = ImageDraw.Draw(img)
    block_h = size * 1.2 * len(lines)
    y = (y0 + y1) / 2 - block_h / 2 + size * 0.6
    anchor_x = {"left": (x0 + pad, "lm"), "center": ((x0 + x1) / 2, "mm"), "right": (x1 - pad, "rm")}[text.align]
    for line in lines:
        draw.text((anchor_x[0], y), line, font=font, fill=fill, anchor=anchor_x[1], stroke_width=max(1, size // 12), stroke_fill=stroke)
        y += size * 1.2


@register
class TextRender(Plugin):
    """Render Scene texts as glyphs in their boxes over an image."""

    id = "text.render"
    version = "0.1.0"
    description = "Draw each planned text in its box, fitted and wrapped."

    class Input(PluginIO):
        image: ImageRef
        texts: list[SceneText]

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = ctx.load_image(inp.image).convert("RGB")
        for t in inp.texts:
            draw_text(img, t)
        return self.Output(image=ctx.save_image(img))
