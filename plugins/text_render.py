"""``text.render``: draws each Scene text as real glyphs inside its box on any image.

The font size is the largest that fits the box after word wrapping. When even the legible minimum
size does not fit, the box grows around its centre (reported in the output ``texts`` and a finding);
when the whole image is too small, the text is drawn smaller than legible with a ``clipped`` finding.
Text is never silently cut. A stroke (or shadow) in a contrasting colour keeps glyphs legible on busy
or similar-coloured backgrounds; non-Latin scripts get a Noto face and raqm shaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from agent.artifacts import ImageRef
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import SceneText
from agent.text.fit import Fit, fit_text, grown_boxes, line_pitch
from agent.text.fonts import RTL_SCRIPTS, choose_font, draw_line, load_face, missing_glyphs
from agent.vocab.pictograms import color_rgb

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext

Effect = Literal["auto", "stroke", "shadow", "plate", "none"]
PLATE_SPREAD = 0.16  # luminance std under the box above which "auto" adds a backing plate
PLATE_ALPHA = 215
RGB = tuple[int, int, int]


def parse_color(value: str | None) -> RGB | None:
    """A colour word ('dark blue' -> blue) or '#rrggbb'; None when unknown."""
    if not value:
        return None
    v = value.strip()
    if v.startswith("#") and len(v) == 7:
        try:
            return (int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16))
        except ValueError:
            return None
    return color_rgb(v)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0..1)."""
    def lin(c: float) -> float:
        c = c / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def pixel_box(box: tuple[float, float, float, float], w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return round(x0 * w), round(y0 * h), max(round(x1 * w), round(x0 * w) + 1), max(round(y1 * h), round(y0 * h) + 1)


def region_stats(img: Image.Image, box: tuple[int, int, int, int]) -> tuple[RGB, float]:
    """Mean colour and luminance spread of the background under a box (to choose the outline)."""
    import numpy as np

    arr = np.asarray(img.crop(box).convert("RGB"), dtype=np.float32)
    mean = tuple(int(v) for v in arr.reshape(-1, 3).mean(axis=0))
    lum = arr @ np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0
    return mean, float(lum.std())  # type: ignore[return-value]


def outline_for(fill: RGB) -> RGB:
    """Near-black outline for light glyphs, near-white for dark ones (maximises contrast)."""
    return (20, 20, 20) if contrast(fill, (20, 20, 20)) >= contrast(fill, (250, 250, 250)) else (250, 250, 250)


@dataclass
class TextPlacement:
    """Where and how big one text is drawn; ``findings`` say what was changed or could not be met."""

    text: SceneText
    box: tuple[float, float, float, float]
    fit: Fit | None
    findings: list[Finding]


def place_text(text: SceneText, width: int, height: int, min_size: int, grow: bool, outline: bool) -> TextPlacement:
    """Fit ``text`` in its box; grow the box if allowed; below-legible fits come with a finding."""
    choice = choose_font(text.font, text.content)
    findings: list[Finding] = []

    def try_box(box: tuple[float, float, float, float], lo: int, break_words: bool = False) -> Fit | None:
        x0, y0, x1, y1 = pixel_box(box, width, height)
        pad = max(1, round(0.04 * min(x1 - x0, y1 - y0)))
        return fit_text(text.content, choice, x1 - x0 - 2 * pad, y1 - y0 - 2 * pad, lo, None, outline, break_words)

    fit = try_box(text.box, min_size)
    box = text.box
    if fit is None and grow:
        for candidate in grown_boxes(text.box):
            fit = try_box(candidate, min_size)
            if fit is not None:
                box = candidate
                findings.append(Finding(check="text.fit", target=text.id, problem="ok", box=box,
                                        expected=f"fits at >= {min_size}px",
                                        message=f"box grown from {[round(v, 3) for v in text.box]} to fit"))
                break
    if fit is None:
        # Below the legible size: the largest size that fits (breaking words if it must), reported.
        fit = try_box(box, 4) or try_box(box, 4, break_words=True)
        observed = f"{fit.size}px" if fit else "does not fit at 4px"
        findings.append(Finding(check="text.fit", target=text.id, problem="clipped", box=box, confidence=1.0,
                                expected=f">= {min_size}px", observed=observed,
                                message=f"text '{text.id}' cannot fit its box at a legible size"))
    return TextPlacement(text, box, fit, findings)


def text_layer(placement: TextPlacement, img: Image.Image, effect: Effect) -> tuple[Image.Image, tuple[int, int]]:
    """The glyphs of one text on a transparent layer, and where its top-left goes in ``img``."""
    from PIL import Image, ImageDraw, ImageFilter

    text, fit = placement.text, placement.fit
    assert fit is not None
    W, H = img.size
    x0, y0, x1, y1 = pixel_box(placement.box, W, H)
    bw, bh = x1 - x0, y1 - y0
    bg_mean, bg_spread = region_stats(img, (x0, y0, x1, y1))
    fill = parse_color(text.color)
    if fill is None:
        dark, light = (20, 20, 20), (250, 250, 250)
        fill = dark if contrast(dark, bg_mean) >= contrast(light, bg_mean) else light
    plate = effect == "plate" or (effect == "auto" and bg_spread > PLATE_SPREAD)
    if effect == "auto":
        effect = "stroke" if contrast(fill, bg_mean) < 4.5 or bg_spread > 0.08 else "none"
    choice = choose_font(text.font, text.content)
    font = load_face(choice, fit.size)
    sw = fit.stroke if effect == "stroke" else 0
    pitch = line_pitch(font, fit.stroke)
    layer = Image.new("RGBA", (bw, bh), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    pad = max(1, round(0.04 * min(bw, bh)))
    align = text.align
    anchor_x = {"left": (pad + fit.stroke, "la"), "center": (bw / 2, "ma"), "right": (bw - pad - fit.stroke, "ra")}
    direction = "rtl" if choice.script in RTL_SCRIPTS else None
    top = (bh - fit.height) / 2 + fit.stroke
    outline = outline_for(fill)
    if plate:  # a busy background (pictograms, labels, texture): a soft plate behind the block
        cx = {"left": pad + fit.width / 2, "center": bw / 2, "right": bw - pad - fit.width / 2}[align]
        m = max(2, fit.size // 6)
        draw.rounded_rectangle((cx - fit.width / 2 - m, (bh - fit.height) / 2 - m / 2,
                                cx + fit.width / 2 + m, (bh + fit.height) / 2 + m / 2),
                               radius=m, fill=(*outline, PLATE_ALPHA))
    if effect == "shadow":
        shadow = Image.new("RGBA", (bw, bh), (0, 0, 0, 0))
        sd = ImageDraw.Draw(shadow)
        off = max(1, fit.size // 16)
        for i, line in enumerate(fit.lines):
            x, anchor = anchor_x[align]
            draw_line(sd, (x + off, top + i * pitch + off), line, font, anchor, fill=(*outline, 200),
                      direction=direction)
        layer = Image.alpha_composite(layer, shadow.filter(ImageFilter.GaussianBlur(max(1, fit.size // 20))))
        draw = ImageDraw.Draw(layer)
    for i, line in enumerate(fit.lines):
        x, anchor = anchor_x[align]
        draw_line(draw, (x, top + i * pitch), line, font, anchor, fill=(*fill, 255), stroke_width=sw,
                  stroke_fill=(*outline, 255), direction=direction)
    pos = (x0, y0)
    if text.rotation:
        rotated = layer.rotate(text.rotation, resample=Image.BICUBIC, expand=True)
        scale = min(1.0, bw / rotated.width, bh / rotated.height)
        if scale < 1.0:
            rotated = rotated.resize((max(1, round(rotated.width * scale)), max(1, round(rotated.height * scale))),
                                     Image.LANCZOS)
        layer = rotated
        pos = (x0 + (bw - layer.width) // 2, y0 + (bh - layer.height) // 2)
    return layer, pos


def render_texts(img: Image.Image, texts: list[SceneText], min_size: int = 12, grow: bool = True,
                 effect: Effect = "auto") -> tuple[Image.Image, Image.Image, list[SceneText], list[Finding]]:
    """Draw ``texts`` on a copy of ``img``; returns (image, glyph mask, texts as placed, findings)."""
    from PIL import Image

    out = img.convert("RGB").copy()
    mask = Image.new("L", out.size, 0)
    placed: list[SceneText] = []
    findings: list[Finding] = []
    for t in texts:
        if t.color and parse_color(t.color) is None:
            findings.append(Finding(check="text.render", target=t.id, problem="other", expected=t.color,
                                    message=f"unknown colour '{t.color}' for text '{t.id}'; "
                                            "drawn in a contrasting colour"))
        missing = missing_glyphs(choose_font(t.font, t.content), t.content)
        if missing:
            findings.append(Finding(check="text.render", target=t.id, problem="other", expected=t.content,
                                    observed="".join(missing),
                                    message=f"no installed font has glyphs for {''.join(missing)!r}"))
        p = place_text(t, out.width, out.height, min_size, grow, effect != "none")
        findings.extend(p.findings)
        placed.append(t.model_copy(update={"box": p.box}))
        if p.fit is None:
            continue
        layer, pos = text_layer(p, out, effect)
        out.paste(layer, pos, layer)
        mask.paste(layer.getchannel("A"), pos, layer.getchannel("A"))
    return out, mask, placed, findings


@register
class TextRender(Plugin):
    """Render Scene texts as glyphs in their boxes over an image."""

    id = "text.render"
    version = "0.2.0"
    description = "Draw each planned text in its box: fitted, wrapped, outlined; grown or reported if too long."

    class Input(PluginIO):
        image: ImageRef
        texts: list[SceneText]
        min_size: int = Field(default=12, ge=4, le=512, description="smallest legible font size in px")
        grow: bool = Field(default=True, description="grow a box around its centre when the text cannot fit")
        effect: Effect = Field(default="auto",
                               description="legibility aid: auto = stroke on low contrast, "
                                           "plus a plate on busy backgrounds")

    class Output(PluginIO):
        image: ImageRef
        mask: ImageRef  # white where glyphs were drawn (what a blend step may touch)
        texts: list[SceneText]  # as placed: boxes after any growth
        findings: list[Finding]

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = ctx.load_image(inp.image)
        out, mask, placed, findings = render_texts(img, inp.texts, inp.min_size, inp.grow, inp.effect)
        return self.Output(image=ctx.save_image(out), mask=ctx.save_mask(mask), texts=placed, findings=findings)
