"""The page reader's binariser, emulated (plugins/page_ink.py), and the text colours chosen from it.

Issue 14 (tesseract finds every string): tesseract binarises the whole picture with a per-channel Otsu
threshold; a glyph fill on the paper side of it is lost or comes out hollow. The renderer picks the
nearest shade of the requested colour that is ink, and an outline on the other side from the fill.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from agent.scene import SceneText
from agent.text.fonts import font_path
from agent.verify.colors import color_name
from agent.vocab.pictograms import color_rgb
from plugins.legibility import DARK, LIGHT
from plugins.page_ink import (
    Channel,
    ink_mask,
    ink_ring,
    ink_shade,
    is_ink,
    open_onto_page,
    otsu,
    page_channels,
    paper_page,
    reader_outline,
)
from plugins.text_render import render_texts

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def meadow() -> Image.Image:
    """A pale sky over a pale field, with a large dark barn: a picture whose pink is on the paper side."""
    img = Image.new("RGB", (400, 300), (200, 222, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 180, 400, 300), (214, 206, 186))
    d.rectangle((40, 60, 190, 240), (110, 100, 95))  # the barn: a mid-tone class, the split lies just above it
    d.ellipse((250, 40, 300, 90), (250, 245, 200))
    return img


def binarised(img: Image.Image) -> np.ndarray:
    return ink_mask(np.asarray(img.convert("RGB")), page_channels(img))


def test_otsu_splits_two_tones_between_them():
    hist = np.zeros(256, int)
    hist[40], hist[200] = 100, 300
    t, low, total = otsu(hist)
    assert 40 <= t < 200 and low == 100 and total == 400


def test_on_a_light_picture_dark_is_ink_and_light_is_paper():
    channels = page_channels(meadow())
    assert is_ink(DARK, channels)
    assert not is_ink(LIGHT, channels)
    assert not is_ink((250, 245, 200), channels)  # the pale sun is paper like the sky


def test_on_a_dark_picture_the_sides_swap():
    img = Image.new("RGB", (300, 300), (20, 25, 60))
    ImageDraw.Draw(img).rectangle((100, 100, 160, 160), (240, 240, 240))
    channels = page_channels(img)
    assert is_ink(LIGHT, channels) and not is_ink(DARK, channels)


def test_a_channel_split_near_half_and_half_has_no_say():
    img = Image.new("RGB", (200, 200), (200, 200, 200))
    ImageDraw.Draw(img).rectangle((0, 0, 99, 199), (200, 200, 60))  # blue splits 50/50; red, green are flat
    assert [c.ink_side for c in page_channels(img)][2] != 0  # the only channel with a split decides anyway
    img2 = img.copy()
    ImageDraw.Draw(img2).rectangle((150, 150, 170, 170), (30, 30, 30))  # a small dark spot gives red a say
    channels = page_channels(img2)
    assert channels[0].ink_side == -1 and channels[2].ink_side == 0


def three_tones() -> Image.Image:
    """A pale wall, a dark floor and a green rug: every channel splits between 25% and 75%, so none has a
    say, and the most lopsided one (green: 65% light) decides."""
    img = Image.new("RGB", (300, 300), (200, 200, 200))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 156, 300, 260), (60, 60, 60))
    d.rectangle((0, 261, 300, 300), (60, 200, 60))
    return img


def test_with_no_channel_having_a_say_the_most_lopsided_decides():
    channels = page_channels(three_tones())
    assert [c.ink_side for c in channels] == [0, -1, 0]


@needs_tesseract
@pytest.mark.parametrize("picture", [meadow, three_tones])
def test_the_emulation_matches_what_tesseract_binarises(picture):
    img = picture()
    ImageDraw.Draw(img).text((220, 120), "BARN", fill=(230, 80, 150))
    with tempfile.TemporaryDirectory() as d:
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        subprocess.run(["tesseract", "stdin", "stdout", "--psm", "11", "-c", "tessedit_write_images=1"],
                       input=buf.getvalue(), cwd=d, capture_output=True, timeout=60, check=False)
        seen = np.asarray(Image.open(Path(d) / "stdout.processed.tif").convert("L")) < 128
    assert (seen == binarised(img)).mean() > 0.999


def test_a_paper_pink_becomes_a_deeper_pink_that_is_ink():
    channels = page_channels(meadow())
    pink = color_rgb("pink")
    assert not is_ink(pink, channels)
    shade = ink_shade("pink", pink, channels)
    assert shade != pink and is_ink(shade, channels) and color_name(shade) == "pink"


def test_no_yellow_or_white_is_dark_enough_so_they_stay_as_asked():
    channels = page_channels(meadow())
    for word in ("yellow", "white"):
        assert ink_shade(word, color_rgb(word), channels) == color_rgb(word)


def test_an_ink_colour_is_left_alone():
    channels = page_channels(meadow())
    assert ink_shade("black", DARK, channels) == DARK


def test_the_outline_goes_to_the_other_side_of_the_binariser():
    light_page = [Channel(120, -1), Channel(120, -1), Channel(120, -1)]
    assert reader_outline(color_rgb("yellow"), light_page) == DARK  # paper fill: an ink outline (hollow, not gone)
    assert reader_outline((30, 30, 120), light_page) == LIGHT  # ink fill: a paper outline keeps it apart
    assert reader_outline(color_rgb("yellow"), None) == DARK  # without a binariser: the stronger contrast


@needs_fonts
def test_rendered_glyphs_of_a_requested_pink_are_ink_and_still_pink():
    img = meadow()
    t = SceneText(id="t", content="BARN", box=(0.5, 0.05, 0.95, 0.3), color="pink")
    out, mask, _, _ = render_texts(img, [t])
    pix = np.asarray(out)[np.asarray(mask) > 250]
    pix = pix[pix.max(axis=1) > 90]  # not the dark outline (regular-weight stems can be thinner than it)
    colors, counts = np.unique(pix, axis=0, return_counts=True)
    fill = tuple(int(v) for v in colors[np.argmax(counts)])  # the glyphs' own colour
    assert is_ink(fill, page_channels(out)) and color_name(fill) == "pink"  # ink on the picture as drawn


def test_a_page_colour_on_the_ink_side_is_replaced_by_a_paper_one():
    light_page = [Channel(150, -1), Channel(150, -1), Channel(150, -1)]
    assert paper_page((200, 210, 220), light_page) == (200, 210, 220)
    assert paper_page((120, 120, 130), light_page) == LIGHT  # a mid-tone ring on the ink side


def coat_with_label() -> tuple[Image.Image, tuple[int, int, int, int]]:
    """A black coat on a pale wall, a pale label across its middle that does not reach its edges."""
    img = Image.new("RGB", (400, 400), (215, 225, 235))
    d = ImageDraw.Draw(img)
    d.rectangle((100, 80, 330, 360), (25, 25, 25))
    plate = (150, 200, 260, 240)
    d.rectangle(plate, (210, 220, 230))
    return img, plate


def test_a_plate_enclosed_by_an_ink_object_is_opened_on_its_nearer_side():
    img, plate = coat_with_label()
    channels = page_channels(img)
    painted = open_onto_page(img, plate, (210, 220, 230), channels)
    assert painted is not None and painted[0] <= 97 and painted[1] <= plate[0] + 3  # left: 50 px beats 70
    row = ink_mask(np.asarray(img)[220:221], channels)[0]
    assert not row[:plate[0]].any()  # a paper path from the plate to the wall


def test_a_plate_with_paper_beside_it_is_left_alone():
    img, _ = coat_with_label()
    channels = page_channels(img)
    before = np.asarray(img).copy()
    assert open_onto_page(img, (20, 20, 90, 60), (210, 220, 230), channels) is None  # on the wall itself
    assert (np.asarray(img) == before).all()


def test_a_ring_goes_around_when_neither_fill_nor_outline_is_ink():
    only_blue = [Channel(0, 0), Channel(0, 0), Channel(120, -1)]  # a cream wall over a brown floor: blue decides
    blue = color_rgb("blue")
    assert not is_ink(blue, only_blue) and not is_ink(LIGHT, only_blue)
    assert ink_ring(blue, LIGHT, only_blue) == DARK  # the letters reach the reader as dark-ringed outlines
    assert ink_ring(blue, DARK, only_blue) is None  # the outline is ink already
    assert ink_ring(color_rgb("yellow"), DARK, only_blue) is None
    assert ink_ring(blue, LIGHT, None) is None
