"""``text.render``: draws each Scene text as real glyphs inside its box on any image.

The font size is the largest that fits the box after word wrapping. When even the legible minimum
size does not fit, the box grows around its centre (reported in the output ``texts`` and a finding);
when the whole image is too small, the text is drawn smaller than legible with a ``clipped`` finding.
Text is never silently cut. A stroke (or shadow) in a contrasting colour keeps glyphs legible on busy
or similar-coloured backgrounds; non-Latin scripts get a Noto face and raqm shaping.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.errors import PluginError
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import SceneObject, SceneText
from agent.text.fit import Fit, fit_text, grown_boxes
from agent.text.fonts import (
    FontChoice,
    choose_font,
    missing_glyphs,
    text_script,
)
from plugins.carriers import band_across, clean_under, onto_flat_areas, pixel_box
from plugins.legibility import (
    CONTRAST_MIN,
    contrast,
    luminance,
    max_font_size,
    measured_contrast,
    min_font_size,
    outline_for,
    page_color,
)
from plugins.page_ink import Channel, open_onto_page, page_channels
from plugins.text_colors import Effect, parse_color
from plugins.text_layer import Drawn, TextPlacement, block_centre_x, text_inset, text_layer
from plugins.text_stack import grow_stacks

__all__ = ["Drawn", "TextPlacement", "block_centre_x", "contrast", "luminance", "outline_for", "parse_color",
           "render_texts", "text_inset", "text_layer"]

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext

RGB = tuple[int, int, int]
PASSES = 3  # drawings at most until the reader's thresholds of the result are those the colours were chosen for


# Debian packages with the Noto faces for each script (agent.text.fonts.SCRIPT_FONTS keys)
_PACKAGES = {"cjk": "fonts-noto-cjk", "hiragana": "fonts-noto-cjk", "hangul": "fonts-noto-cjk"}


def install_hint(missing: list[str]) -> str:
    """'install the Debian package fonts-noto-cjk (CJK script)' for characters no installed face has."""
    script = text_script("".join(missing))
    if script == "latin":  # a script agent.text.fonts has no faces listed for: name it from Unicode
        first = unicodedata.name(missing[0], "") if missing else ""
        if not first or first.startswith(("PRIVATE USE", "<")):
            return f"no Debian font package is known for U+{ord(missing[0]):04X}" if missing else "no font"
        if unicodedata.category(missing[0]).startswith("S"):  # an emoji or symbol is no script to install
            from agent.text.emoji import is_emoji_font, symbol_hint  # the emoji package, or: as words
            return symbol_hint(missing, first, installed=is_emoji_font(choose_font("emoji", "").path))
        return f"install the Debian package fonts-noto-core ({first.split(' ')[0].capitalize()} script)"
    name = {"cjk": "CJK", "hiragana": "Japanese", "hangul": "Korean"}.get(script, script.capitalize())
    return f"install the Debian package {_PACKAGES.get(script, 'fonts-noto-core')} ({name} script)"


def font_for(text: SceneText) -> FontChoice:
    """The face for ``text``; fails the node (one line naming the script and the Debian package) when
    no installed face has a glyph for every character, rather than drawing tofu boxes."""
    choice = choose_font(text.font, text.content)
    missing = missing_glyphs(choice, text.content)
    if missing:
        raise PluginError(f"text '{text.id}': no installed font has glyphs for {''.join(missing[:8])!r}; "
                          f"{install_hint(missing)}")
    return choice


def place_text(text: SceneText, width: int, height: int, min_size: int, grow: bool, outline: bool,
               cap: bool = False) -> TextPlacement:
    """Fit ``text`` in its box; grow the box if allowed; below-legible fits come with a finding. With
    ``cap`` the size stays under the legibility rule's largest (see plugins.legibility.max_font_size)."""
    choice = choose_font(text.font, text.content)
    findings: list[Finding] = []

    def try_box(box: tuple[float, float, float, float], lo: int, break_words: bool = False) -> Fit | None:
        x0, y0, x1, y1 = pixel_box(box, width, height)
        pad = text_inset(x1 - x0, y1 - y0)
        top = max(lo, max_font_size(choice, height)) if cap else None
        return fit_text(text.content, choice, x1 - x0 - 2 * pad, y1 - y0 - 2 * pad, lo, top, outline, break_words)

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


def render_texts(img: Image.Image, texts: list[SceneText], min_size: int = 12, grow: bool = True,
                 effect: Effect = "auto", objects: list[SceneObject] | None = None, legible: bool = True,
                 contrasts: dict[str, float] | None = None,
                 ) -> tuple[Image.Image, Image.Image, list[SceneText], list[Finding]]:
    """Draw ``texts`` on a copy of ``img``; returns (image, glyph mask, texts as placed, findings).

    Texts on one of ``objects`` (those without an image region) move onto its largest flat area, whose
    decorations under the glyphs are painted over in its own colour. With ``legible`` the cap-height
    rule raises ``min_size``. The glyph contrast measured for each text goes into ``contrasts``."""
    base = img.convert("RGB").copy()
    texts, areas = onto_flat_areas(base, texts, objects or [])
    floors = {t.id: max(min_size, min_font_size(font_for(t), base.height)) if legible else min_size for t in texts}
    findings: list[Finding] = []
    if grow:
        texts, findings = grow_stacks(texts, base.width, base.height, floors, effect != "none")
    for t in texts:
        if t.color and parse_color(t.color) is None:
            findings.append(Finding(check="text.render", target=t.id, problem="other", expected=t.color,
                                    message=f"unknown colour '{t.color}' for text '{t.id}'; "
                                            "drawn in a contrasting colour"))
    page, channels = page_color(base), page_channels(base)
    for _ in range(PASSES):  # the texts and plates move the reader's thresholds: draw, read them, draw again
        drawn = _draw_texts(base, texts, areas, floors, (min_size, grow, effect, legible), objects or [], page,
                            channels)
        after = page_channels(drawn[0])
        if after == channels:
            break
        channels = after
    out, mask, placed, more, measured = drawn
    if contrasts is not None:
        contrasts.update(measured)
    return out, mask, placed, findings + more


def _draw_texts(base: Image.Image, texts: list[SceneText], areas: dict, floors: dict[str, int],
                opts: tuple[int, bool, Effect, bool], objects: list[SceneObject], page: RGB,
                channels: list[Channel]) -> tuple[Image.Image, Image.Image, list[SceneText], list[Finding],
                                                  dict[str, float]]:
    """One drawing of every text on a copy of ``base``, for the reader's thresholds ``channels``."""
    from PIL import Image

    min_size, grow, effect, legible = opts
    out = base.copy()
    mask = Image.new("L", out.size, 0)
    findings: list[Finding] = []
    placed: list[SceneText] = []
    measured: dict[str, float] = {}
    drawn: list[tuple[SceneText, Drawn, bytes]] = []  # each text as drawn, with the pixels right after
    for t in texts:
        p = place_text(t, out.width, out.height, floors[t.id], grow, effect != "none", legible)
        findings.extend(p.findings)
        placed.append(t.model_copy(update={"box": p.box}))
        if p.fit is None:
            continue
        on_object = any(_overlap(p.box, o.box) for o in objects)
        d = text_layer(p, out, effect, on_object, page, channels)
        if t.id in areas:
            clean_under(out, d, areas[t.id])
            d = text_layer(p, out, effect, on_object, page, channels)  # colours chosen again over the cleaned pixels
        band_across(out, d, objects, [q.box for q in placed[:-1]] + [q.box for q in texts[len(placed):]],
                    areas.get(t.id))
        if d.plate is not None:
            open_onto_page(out, d.plate[1], d.plate[0], channels)
        out.paste(d.layer, d.pos, d.layer)
        mask.paste(d.layer.getchannel("A"), d.pos, d.layer.getchannel("A"))
        drawn.append((t, d, _under(out, d)))
    for t, d, seen in drawn:
        if _under(out, d) != seen:  # a later text's band or plate went over these glyphs: back on top
            out.paste(d.layer, d.pos, d.layer)
        findings.extend(_check_contrast(out, d, t, measured))
    return out, mask, placed, findings, measured


def _under(img: Image.Image, d: Drawn) -> bytes:
    """The pixels of ``img`` under a drawn text's layer (to tell whether something was painted over it)."""
    return img.crop((*d.pos, d.pos[0] + d.layer.width, d.pos[1] + d.layer.height)).tobytes()


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_contrast(out: Image.Image, d: Drawn, t: SceneText, measured: dict[str, float]) -> list[Finding]:
    box = (*d.pos, d.pos[0] + d.layer.width, d.pos[1] + d.layer.height)
    glyphs = d.glyph_mask if d.glyph_mask is not None else d.layer.getchannel("A")
    ratio = measured_contrast(out.crop(box), d.fill_mask, glyphs)
    if ratio is None:
        return []
    measured[t.id] = round(ratio, 2)
    if ratio >= CONTRAST_MIN:
        return []
    return [Finding(check="text.legibility", target=t.id, problem="other", expected=f">= {CONTRAST_MIN}:1",
                    observed=f"{ratio:.1f}:1", confidence=0.8,
                    message=f"text '{t.id}' contrasts only {ratio:.1f}:1 with what lies around its glyphs")]


@register
class TextRender(Plugin):
    """Render Scene texts as glyphs in their boxes over an image."""

    id = "text.render"
    version = "0.8.2"  # 0.8.2: pair spacing keeps 1.5 strokes of paper; dark bold letters in light outlines evenly
    # 0.8.1: carriers that binarise as ink made paper (plugins.carrier_paper)
    # 0.8: outlined letters spaced pair by pair, only as far as each pair needs
    # 0.7: outlined glyphs in regular weight, a face whose I is no bar for texts with I
    # 0.6.1: a later text's band never hides earlier glyphs
    # 0.6: shades that need no outline, regular weight for hollow glyphs, spacing only for
    # ink outlines; 0.5: colours for the page reader's binariser (plugins/page_ink.py); 0.4: legibility rule
    description = "Draw each planned text in its box: fitted, wrapped, outlined; grown or reported if too long."

    class Input(PluginIO):
        image: ImageRef
        texts: list[SceneText]
        min_size: int = Field(default=12, ge=4, le=512, description="smallest legible font size in px")
        grow: bool = Field(default=True, description="grow a box around its centre when the text cannot fit")
        effect: Effect = Field(default="auto",
                               description="legibility aid: auto = a plate behind the text on low contrast "
                                           "or a busy background")
        objects: list[SceneObject] = Field(default_factory=list, description="the Scene's objects as drawn: "
                                           "a text written on one moves onto its largest flat area")
        legible: bool = Field(default=True, description="cap height >= 3% of the image height and >= 16 px")

    class Output(PluginIO):
        image: ImageRef
        mask: ImageRef  # white where glyphs were drawn (what a blend step may touch)
        texts: list[SceneText]  # as placed: boxes after any growth
        findings: list[Finding]
        contrast: dict[str, float] = Field(default_factory=dict)  # measured glyph contrast per text id (WCAG ratio)

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = ctx.load_image(inp.image)
        measured: dict[str, float] = {}
        out, mask, placed, findings = render_texts(img, inp.texts, inp.min_size, inp.grow, inp.effect, inp.objects,
                                                   inp.legible, measured)
        return self.Output(image=ctx.save_image(out), mask=ctx.save_mask(mask), texts=placed, findings=findings,
                           contrast=measured)
