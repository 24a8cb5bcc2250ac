"""Glyph forms both readers tell apart: an I that is no bare bar, regular stems inside outlines."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.scene import SceneText
from agent.text.fonts import bare_bar, choose_font, font_path
from plugins.page_ink import is_ink, page_channels
from plugins.text_render import _reader_face, render_texts

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")
needs_both = pytest.mark.skipif(None in (font_path("DejaVuSans-Bold.ttf"), font_path("NotoSans-Bold.ttf")),
                                reason="DejaVu Sans Bold and Noto Sans Bold are both needed")


@needs_both
def test_a_bare_bar_capital_i_is_told_from_a_serifed_one():
    assert bare_bar(font_path("DejaVuSans-Bold.ttf"))
    assert not bare_bar(font_path("NotoSans-Bold.ttf"))


@needs_both
def test_a_text_with_a_capital_i_gets_a_face_whose_i_is_no_bar():
    with_i = choose_font(None, "MILK AND HONEY IN JARS")
    assert not bare_bar(with_i.path)
    assert choose_font(None, "ROSE GARDEN").path.name == "DejaVuSans-Bold.ttf"  # the family's own order
    assert not bare_bar(choose_font("condensed", "PRINT").path)  # other families too


def stem_width(img: Image.Image, color: tuple[int, int, int]) -> float:
    """Median width of the horizontal runs of ``color`` (the glyph fill)."""
    fill = (np.abs(np.asarray(img.convert("RGB")).astype(int) - np.array(color)).max(axis=-1) <= 40)
    runs = []
    for row in fill[fill.any(axis=1)]:
        edges = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(int), [0]])))
        runs += list(edges[1::2] - edges[::2])
    return float(np.median(runs))


@needs_fonts
def test_only_a_paper_fill_in_an_ink_outline_is_drawn_in_the_regular_weight():
    """Where the page reader's binariser loses the fill (paper) and keeps the outline (ink), a bold stem
    is a hollow ring: the regular weight closes it. Elsewhere outlined capitals stay bold (thinned,
    PP-OCR read 'TEA' as 'TEa' and 'BASEBALL' as 'BaSEbALL')."""
    t = SceneText(id="t", content="HUH", box=(0.1, 0.2, 0.9, 0.8), color="yellow")
    page = Image.new("RGB", (256, 256), (235, 235, 235))
    page.paste((90, 90, 90), (0, 0, 256, 40))  # a small dark area: the reader calls dark ink, light paper
    channels = page_channels(page)
    yellow, dark, pink = (255, 245, 160), (20, 20, 20), (200, 60, 140)
    assert not is_ink(yellow, channels) and is_ink(dark, channels) and is_ink(pink, channels)
    bold = choose_font(None, t.content)
    hollow, _ = _reader_face(t, (yellow, dark, None), 3, channels)
    inked, _ = _reader_face(t, (pink, dark, None), 3, channels)
    assert "Bold" in bold.path.name and "Bold" not in hollow.path.name
    assert inked.path == bold.path  # the fill is ink: it draws the letter, bold as chosen


@needs_fonts
def test_a_dark_fill_in_a_light_outline_stays_bold():
    t = SceneText(id="t", content="HUH", box=(0.1, 0.2, 0.9, 0.8), color="black")  # the fill is the letter
    page = Image.new("RGB", (512, 256), (170, 200, 235))
    outlined, _, _, _ = render_texts(page, [t], effect="stroke", legible=False)
    plain, _, _, _ = render_texts(page, [t], effect="none", legible=False)
    assert stem_width(outlined, (20, 20, 20)) > 0.85 * stem_width(plain, (20, 20, 20))
