"""text.render: what is painted for a later text (its band across an object) never hides the glyphs of
a text drawn before it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

import plugins.text_render as text_render
from agent.scene import SceneText
from agent.text.fonts import font_path

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")


@needs_fonts
def test_a_band_painted_for_a_later_text_leaves_the_earlier_glyphs_on_top(monkeypatch):
    real_band = text_render.band_across

    def wide_band(img, drawn, objects, others, area=None):
        """The carrier's band, plus a plain strip over the whole top of the picture for the second text
        (as a band across a wide object reaching over a neighbour's box does)."""
        real_band(img, drawn, objects, others, area)
        if drawn.pos[1] > 100:
            ImageDraw.Draw(img).rectangle((0, 0, img.width - 1, 110), fill=(230, 230, 225))

    monkeypatch.setattr(text_render, "band_across", wide_band)
    top = SceneText(id="t1", content="ROSE", box=(0.25, 0.05, 0.75, 0.2), color="black")
    low = SceneText(id="t2", content="FERN", box=(0.25, 0.6, 0.75, 0.75), color="black")
    out, _, _, _ = text_render.render_texts(Image.new("RGB", (512, 512), (245, 245, 240)), [top, low])
    strip = np.asarray(out.convert("L").crop((128, 26, 384, 102)), dtype=float)
    assert (strip < 100).mean() > 0.02  # the top text still shows: not one plain strip
