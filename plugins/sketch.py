"""``sketch.render``: draws a Scene as a readable picture with no model weights.

Each object is drawn in its box as a colour-emoji pictogram (Noto Color Emoji when installed), tinted
toward the object's requested colour, with a small name label; when no glyph or font exists it becomes
a clean labelled silhouette. The background reflects the Scene's background words. This is the
embedded default's image and the layout the sketch-guided diffusion path starts from.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.compiler.sketch import text_carriers
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene, SceneObject
from agent.text.fonts import font_path, load_font
from agent.vocab.pictograms import BACKGROUNDS, DEFAULT_BACKGROUND, EMOJI, color_rgb, material_rgb, setting_word

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

    from agent.context import RunContext

EMOJI_SIZE = 109  # the one bitmap size Noto Color Emoji carries


@lru_cache(maxsize=512)
def emoji_glyph(char: str) -> Image.Image | None:
    """The pictogram as a tight RGBA crop, or None when no colour-emoji font is installed."""
    from PIL import Image, ImageDraw, ImageFont

    path = font_path("emoji")
    if path is None:
        return None
    font = ImageFont.truetype(str(path), EMOJI_SIZE)
    canvas = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((8, 8), char, font=font, embedded_color=True)
    bbox = canvas.getchannel("A").getbbox()
    if bbox is None:  # the font lacks this glyph
        return None
    return canvas.crop(bbox)


def pictogram_for(name: str) -> str | None:
    """Emoji for a category; tries the full name, then its last word ('red sports car' -> 'car')."""
    key = name.lower().strip()
    if key in EMOJI:
        return EMOJI[key]
    words = key.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in EMOJI:
            return EMOJI[tail]
    return None


def tint(glyph: Image.Image, rgb: tuple[int, int, int]) -> Image.Image:
    """Recolour a glyph toward ``rgb`` while keeping its shading, so a 'blue apple' reads as blue."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(glyph).astype(np.float32)
    alpha = arr[..., 3:4]
    lum = (0.299 * arr[..., 0] + 0.587 * arr[..., 1] + 0.114 * arr[..., 2])[..., None] / 255.0
    visible = alpha[..., 0] > 0
    mean = float(lum[visible].mean()) if visible.any() else 0.5
    shade = np.clip(1.0 + 0.6 * (lum - mean), 0.55, 1.35)
    out = np.clip(np.array(rgb, dtype=np.float32)[None, None, :] * shade, 0, 255)
    return Image.fromarray(np.concatenate([out, alpha], axis=-1).astype(np.uint8), "RGBA")


def background_colors(words: str) -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    key = setting_word(words)
    for keys, sky, ground, horizon in BACKGROUNDS:
        if key in keys:
            return sky, ground, horizon
    return DEFAULT_BACKGROUND


def draw_background(width: int, height: int, words: str) -> Image.Image:
    """Sky/wall above a horizon, ground/floor below, with a soft vertical gradient."""
    import numpy as np
    from PIL import Image

    sky, ground, horizon = background_colors(words)
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    top = np.array(sky, np.float32)
    bottom = np.array(ground, np.float32)
    sky_rows = top * (1.05 - 0.15 * (y / max(horizon, 1e-3)))
    ground_rows = bottom * (0.95 + 0.1 * ((y - horizon) / max(1 - horizon, 1e-3)))
    rows = np.where(y < horizon, sky_rows, ground_rows)
    arr = np.clip(np.repeat(rows[:, None, :], width, axis=1), 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def _pixel_box(box: tuple[float, float, float, float], w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return round(x0 * w), round(y0 * h), max(round(x1 * w), round(x0 * w) + 1), max(round(y1 * h), round(y0 * h) + 1)


def draw_object(img: Image.Image, obj: SceneObject, labels: bool) -> None:
    """Pictogram (or silhouette) fitted inside the object's box, plus its label."""
    from PIL import Image, ImageDraw

    W, H = img.size
    x0, y0, x1, y1 = _pixel_box(obj.box, W, H)
    bw, bh = x1 - x0, y1 - y0
    rgb = color_rgb(obj.color)
    char = pictogram_for(obj.name)
    glyph = emoji_glyph(char) if char else None
    draw = ImageDraw.Draw(img)
    if glyph is not None:
        if rgb is not None:
            glyph = tint(glyph, rgb)
        scale = min(bw / glyph.width, bh / glyph.height)
        size = (max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale)))
        g = glyph.resize(size, Image.LANCZOS)
        gx, gy = x0 + (bw - size[0]) // 2, y0 + (bh - size[1]) // 2
        img.paste(g, (gx, gy), g)
    else:
        fill = rgb or material_rgb(obj.attributes) or (150, 150, 160)
        outline = tuple(max(0, c - 70) for c in fill)
        r = max(2, min(bw, bh) // 5)
        draw.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=r, fill=fill, outline=outline,
                               width=max(1, min(bw, bh) // 30))
        if not labels:
            return
        text_rgb = (255, 255, 255) if sum(fill) < 382 else (20, 20, 20)
        size = max(6, min(bh // 4, int(1.6 * bw / max(len(obj.name), 1))))
        font = load_font("sans-bold", size)
        draw.text(((x0 + x1) / 2, (y0 + y1) / 2), obj.name, font=font, fill=text_rgb, anchor="mm")
        return
    if labels and bh >= 24:
        _label(draw, obj.name, gx + size[0] / 2, gy + size[1] - 2, max(size[0], bw // 2), max(7, min(14, H // 40)))


def _label(draw: ImageDraw.ImageDraw, text: str, cx: float, bottom: float, room: int, largest: int) -> None:
    """The name centred under the pictogram it names, shrunk to the pictogram's width so that neighbours'
    labels do not run into each other ("rubber duck" x3); left out when even 7 px would not fit."""
    for px in range(largest, 6, -1):
        font = load_font("sans", px)
        if draw.textlength(text, font=font) <= room + 4:
            draw.text((cx, bottom), text, font=font, fill=(20, 20, 20), anchor="md", stroke_width=2,
                      stroke_fill=(255, 255, 255))
            return


def render_scene(scene: Scene, width: int | None = None, height: int | None = None, labels: bool = True,
                 unlabelled: set[str] | frozenset[str] = frozenset()) -> Image.Image:
    """The whole sketch: background, then objects from largest to smallest so small ones stay visible.

    Objects in ``unlabelled`` or carrying one of the scene's texts get no name label.
    """
    W, H = width or scene.width, height or scene.height
    img = draw_background(W, H, f"{scene.background} {scene.prompt if not scene.background else ''}")
    order = sorted(scene.objects, key=lambda o: -(o.box[2] - o.box[0]) * (o.box[3] - o.box[1]))
    quiet = text_carriers(scene) | set(unlabelled)
    for obj in order:
        draw_object(img, obj, labels and obj.id not in quiet)
    return img


@register
class SketchRender(Plugin):
    """Render a Scene's objects as pictograms in their boxes over a themed background."""

    id = "sketch.render"
    version = "0.2.0"  # 0.2: labels centred under their pictogram and shrunk to fit; none on text carriers
    description = "Draw each Scene object as a pictogram in its box (no model weights)."

    class Input(PluginIO):
        scene: Scene
        width: int | None = Field(default=None, ge=8, le=8192)
        height: int | None = Field(default=None, ge=8, le=8192)
        labels: bool = True
        unlabelled: list[str] = Field(default_factory=list, description="object ids drawn without a name label "
                                      "(the compiler lists those a text is written on)")

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = render_scene(inp.scene, inp.width, inp.height, inp.labels, set(inp.unlabelled))
        return self.Output(image=ctx.save_image(img))
