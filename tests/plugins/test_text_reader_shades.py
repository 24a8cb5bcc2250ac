"""Glyph colours and weights that both readers take apart (plugins/page_ink.py, agent/text/fonts.py).

Issue 14 (tesseract finds every string, RapidOCR reads the case right): an outline is the weak spot of
both readers, so a shade of the requested colour that stands out alone is drawn without one; when an
outline is needed it lies on the other side of the page reader's threshold even where neither
near-black nor near-white does; and a hollow glyph (a paper fill in an ink outline) is drawn in the
regular weight of its face.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageDraw

from agent.scene import SceneText
from agent.text.fonts import choose_font, font_path, lighter_face
from agent.verify.colors import color_name, srgb_to_lab
from agent.vocab.pictograms import color_rgb
from plugins.legibility import DARK, LIGHT, contrast
from plugins.page_ink import (
    Channel,
    ink_shade,
    is_ink,
    page_channels,
    paper_extremes,
    reader_outline,
    standalone_shade,
)
from plugins.text_render import render_texts
from tests.glyph_masks import ink_blobs

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
SKY = (150, 205, 250)


def delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = srgb_to_lab(np.array([a])), srgb_to_lab(np.array([b]))
    return float(np.sqrt(((la - lb) ** 2).sum()))


def cloudy_sky() -> Image.Image:
    """A mid-blue sky with white clouds over a green field: white is a minority, so ink on one channel."""
    img = Image.new("RGB", (400, 300), SKY)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 200, 400, 300), (100, 170, 80))
    for x in (40, 200, 320):
        d.ellipse((x, 30, x + 70, 70), (250, 250, 250))
    return img


def test_a_deeper_shade_of_the_colour_stands_out_alone_on_a_mid_sky():
    purple = color_rgb("purple")
    assert contrast(purple, SKY) < 4.5  # as asked it would need an outline
    shade = standalone_shade("purple", purple, page_channels(cloudy_sky()), (SKY, SKY))
    assert shade is not None and contrast(shade, SKY) >= 4.5
    assert color_name(shade) == "purple" and delta_e(shade, purple) <= 30
    assert is_ink(shade, page_channels(cloudy_sky()))


def test_no_shade_of_white_stands_out_on_white():
    assert standalone_shade("white", color_rgb("white"), None, ((245, 245, 245), (250, 250, 250))) is None


def test_a_colour_that_stands_out_already_is_kept():
    navy = (20, 30, 110)
    assert standalone_shade("blue", navy, None, (LIGHT, (230, 230, 230))) == navy


def test_an_ink_fill_gets_a_paper_outline_even_when_white_and_black_are_both_ink():
    # red channel: its light minority is ink (white clouds); green channel: its dark class is ink
    channels = [Channel(180, +1), Channel(120, -1), Channel(150, 0)]
    purple = (120, 40, 170)
    assert is_ink(purple, channels) and is_ink(DARK, channels) and is_ink(LIGHT, channels)
    outline = reader_outline(purple, channels)
    assert not is_ink(outline, channels) and contrast(outline, purple) >= 4.5
    light, dark = paper_extremes(channels)
    assert not is_ink(light, channels) and not is_ink(dark, channels)


@needs_fonts
def test_the_regular_weight_of_a_bold_face_covers_the_text():
    bold = choose_font("sans-bold", "HERO")
    light = lighter_face(bold, "HERO")
    assert "Bold" in bold.path.name and "Bold" not in light.path.name
    regular = choose_font("sans", "HERO")
    assert lighter_face(regular, "HERO") == regular  # not bold: nothing lighter to take


def stem_share(img: Image.Image, color: tuple[int, int, int]) -> float:
    """Median width of the horizontal runs of ``color`` (the glyph fill) over the height of the glyphs."""
    fill = (np.abs(np.asarray(img.convert("RGB")).astype(int) - np.array(color)).max(axis=-1) <= 12)
    rows = np.flatnonzero(fill.any(axis=1))
    runs = []
    for row in fill[rows]:
        edges = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(int), [0]])))
        runs += list(edges[1::2] - edges[::2])
    return float(np.median(runs)) / max(1, rows.max() - rows.min() + 1)


@needs_fonts
def test_a_hollow_glyph_is_drawn_in_the_regular_weight():
    t = SceneText(id="t", content="HIH", box=(0.1, 0.2, 0.9, 0.8), color="white")
    light, _, _, _ = render_texts(Image.new("RGB", (512, 256), (232, 234, 238)), [t])  # white is paper: hollow
    dark, _, _, _ = render_texts(Image.new("RGB", (512, 256), (30, 30, 40)), [t])  # white is ink: solid, bold
    assert stem_share(light, LIGHT) < 0.8 * stem_share(dark, LIGHT)


@needs_tesseract
@needs_fonts
def test_tesseract_finds_white_words_on_a_light_picture():
    words = ["HERO", "Welcome", "number", "MILK"]
    found = 0
    for word in words:
        page = Image.new("RGB", (768, 384), (232, 234, 238))
        ImageDraw.Draw(page).rectangle((0, 300, 768, 384), (120, 160, 90))
        out, _, _, _ = render_texts(page, [SceneText(id="t", content=word, box=(0.2, 0.2, 0.8, 0.6),
                                                     color="white")])
        buf = io.BytesIO()
        out.save(buf, format="PNG")
        text = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "11"], input=buf.getvalue(),
                              capture_output=True, timeout=60, check=False).stdout.decode()
        found += word.lower() in text.replace(" ", "").lower()
    assert found == len(words)



@needs_fonts
def test_letters_are_spaced_only_when_their_outline_is_ink_to_the_reader():
    page = Image.new("RGB", (512, 256), (225, 232, 240))
    dark = SceneText(id="t", content="LOVE", box=(0.1, 0.2, 0.9, 0.8), color="black")
    _, mask, _, _ = render_texts(page, [dark], effect="stroke")  # black fill, a light (paper) outline
    assert ink_blobs(mask) < 4  # the font's own spacing: the outlines may touch
    light = dark.model_copy(update={"color": "yellow"})
    _, mask, _, _ = render_texts(page, [light], effect="stroke")  # yellow is paper: a dark (ink) outline
    assert ink_blobs(mask) == 4


def test_no_ink_shade_is_taken_that_no_paper_outline_can_part():
    # a very light picture: everything at or under 235 is ink, so a light grey "white" would be ink, but
    # only near-white is paper and it cannot outline a light grey at 4.5:1 (the pair would be one blob)
    channels = [Channel(235, -1)] * 3
    white = color_rgb("white")
    assert is_ink((228, 228, 228), channels) and not is_ink(white, channels)
    assert ink_shade("white", white, channels) == white  # stays as asked: hollow to the reader, not a blob
