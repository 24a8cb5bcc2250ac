"""Glyph forms both readers tell apart: an I that is no bare bar, regular stems inside outlines."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.scene import SceneText
from agent.text.fonts import bare_bar, choose_font, font_path
from plugins.text_render import render_texts

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
def test_a_light_fill_in_a_darker_outline_is_drawn_in_the_regular_weight():
    t = SceneText(id="t", content="HUH", box=(0.1, 0.2, 0.9, 0.8), color="yellow")
    sky = Image.new("RGB", (512, 256), (200, 222, 240))  # yellow hardly stands out: outlined in dark
    night = Image.new("RGB", (512, 256), (20, 24, 60))  # yellow stands out alone: no outline, bold
    outlined, _, _, _ = render_texts(sky, [t], effect="stroke", legible=False)
    plain, _, _, _ = render_texts(night, [t], effect="none", legible=False)
    yellow = tuple(np.asarray(plain)[128, :, :].reshape(-1, 3).max(axis=0).tolist())  # the fill as drawn
    assert stem_width(outlined, yellow) < 0.8 * stem_width(plain, yellow)


@needs_fonts
def test_a_dark_fill_in_a_light_outline_stays_bold():
    t = SceneText(id="t", content="HUH", box=(0.1, 0.2, 0.9, 0.8), color="black")  # the fill is the letter
    page = Image.new("RGB", (512, 256), (170, 200, 235))
    outlined, _, _, _ = render_texts(page, [t], effect="stroke", legible=False)
    plain, _, _, _ = render_texts(page, [t], effect="none", legible=False)
    assert stem_width(outlined, (20, 20, 20)) > 0.85 * stem_width(plain, (20, 20, 20))
