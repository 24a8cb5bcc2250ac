"""Emoji in lettering: drawn in colour with the emoji font where it is installed, else one line naming the
code points and the Debian package (never a box)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from agent.errors import PluginError
from agent.scene import SceneText
from agent.text import fonts
from agent.text.emoji import FILES, EmojiFace

EMOJI = next((fonts._index()[n] for n in FILES if n in fonts._index()), None)
needs_emoji = pytest.mark.skipif(EMOJI is None or fonts.font_path("sans-bold") is None,
                                 reason="fonts-noto-color-emoji (or DejaVu) not installed")


@needs_emoji
def test_emoji_face_measures_in_proportion_to_its_size():
    small, big = EmojiFace(EMOJI, 20), EmojiFace(EMOJI, 80)
    assert big.getlength("🌮") == pytest.approx(4 * small.getlength("🌮"), rel=0.02)
    assert 15 <= small.getbbox("🌮")[2] <= 30 and big.getmetrics()[0] > 3 * small.getmetrics()[0]


@needs_emoji
def test_a_sign_with_emoji_draws_them_in_colour_beside_the_letters():
    from plugins.text_render import render_texts

    text = SceneText(id="t", content="🌮 TACO NIGHT 🌮", box=(0.05, 0.3, 0.95, 0.7), color="black")
    out, glyphs, placed, _ = render_texts(Image.new("RGB", (320, 160), "white"), [text])
    rgb = np.asarray(out).astype(int)
    saturated = (rgb.max(axis=2) - rgb.min(axis=2)) > 80  # black letters on white have none
    cols = np.nonzero(saturated.any(axis=0))[0]
    ink = np.nonzero((np.asarray(glyphs) > 40).any(axis=0))[0]
    assert len(cols), "no colour drawn: the emoji are missing"
    assert cols.min() < ink.mean() < cols.max()  # a taco each side of the words
    assert rgb[:, cols.min():cols.max()].min() < 60  # and the black letters between them


def test_without_an_emoji_font_the_error_names_the_code_points_and_the_package(tmp_path, monkeypatch):
    from plugins.text_render import font_for

    dejavu = fonts.font_path("sans-bold")
    if dejavu is None:
        pytest.skip("no text font installed")
    shutil.copy(dejavu, tmp_path / dejavu.name)
    monkeypatch.setattr(fonts, "FONT_DIRS", [])
    monkeypatch.setenv("SCENECRAFT_FONT_DIRS", str(tmp_path))
    for cached in (fonts._index, fonts.choose_font):
        cached.cache_clear()
    try:
        with pytest.raises(PluginError) as err:
            font_for(SceneText(id="t", content="🎈 BALLOONS 🎈", box=(0.1, 0.1, 0.9, 0.5)))
    finally:
        for cached in (fonts._index, fonts.choose_font):
            cached.cache_clear()
    msg = str(err.value)
    assert "\n" not in msg and "U+1F388" in msg and "fonts-noto-color-emoji" in msg
