"""Issue 14: texts where the prompt puts them, large and high-contrast, on a carrier's flat area, in any script."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from PIL import Image

from agent.errors import PluginError
from agent.planners import get_planner
from agent.scene import SceneText
from agent.text.fonts import choose_font, font_path, missing_glyphs
from plugins.carriers import flat_area, largest_rectangle
from plugins.legibility import CAP_MIN_PX, contrast, min_font_size
from plugins.sketch import emoji_glyph, render_scene
from plugins.text_render import render_texts

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")
needs_emoji = pytest.mark.skipif(emoji_glyph("🚚") is None, reason="Noto Color Emoji not installed")
TRICK = ('A picture of a black and orange Halloween-themed sign on a dark background, with the text on it: '
         '"TRICK" at the upper left corner of the image, "TREAT" at the upper right corner of the image.')
TRUCK = 'A picture of a snow removal truck, with the text on it: "SNOW" in cyan, "BANK" in white, "REMOVAL" in blue.'


def plan(prompt: str, size: int = 512):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_planner("offline").plan(prompt, width=size, height=size)


def centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def test_trick_and_treat_are_planned_in_the_two_upper_corners():
    scene = plan(TRICK)
    texts = {t.content: t for t in scene.texts}
    assert texts["TRICK"].region == "top left" and texts["TREAT"].region == "top right"
    (lx, ly), (rx, ry) = centre(texts["TRICK"].box), centre(texts["TREAT"].box)
    assert lx < 0.4 and ly < 0.4 and rx > 0.6 and ry < 0.4
    sign = scene.objects[0]  # the carrier moved to serve the position: the texts lie on it
    for t in texts.values():
        assert sign.box[0] <= t.box[0] and t.box[2] <= sign.box[2] and sign.box[1] <= t.box[1]


@pytest.mark.parametrize(("words", "region", "test"), [
    ("at the bottom of the image", "bottom", lambda x, y: y > 0.6),
    ("at the left of the image", "left", lambda x, y: x < 0.4),
    ("at the lower right corner of the image", "bottom right", lambda x, y: x > 0.6 and y > 0.6),
    ("at the center of the image", "center", lambda x, y: abs(x - 0.5) < 0.05 and abs(y - 0.5) < 0.05),
])
def test_an_image_position_puts_the_text_in_that_region(words, region, test):
    scene = plan(f'a poster of a dog, with the text on it: "HELLO" {words}, "WORLD"')
    texts = {t.content: t for t in scene.texts}
    assert texts["HELLO"].region == region and test(*centre(texts["HELLO"].box))
    assert texts["WORLD"].region is None  # other strings still go where the prompt names


def test_a_place_that_follows_no_text_stays_the_objects():
    scene = plan("a cat on the left and a dog")
    assert "on the left" in scene.objects[0].attributes and not scene.texts


@needs_fonts
@needs_emoji
def test_truck_text_is_large_and_on_the_cargo_box_not_the_cab():
    scene = plan(TRUCK)
    truck = next(o for o in scene.objects if o.name == "truck")
    img = render_scene(scene)
    area = flat_area(img, truck.box)
    assert area is not None
    tx0, _, tx1, _ = truck.box
    assert (area.box[0] + area.box[2]) / 2 > (tx0 + tx1) / 2  # the cargo box: the rear half (the cab faces left)
    contrasts: dict[str, float] = {}
    _, mask, placed, _ = render_texts(img, scene.texts, objects=scene.objects, contrasts=contrasts)
    for t in placed:
        cx, cy = centre(t.box)
        assert area.box[0] <= cx <= area.box[2] and area.box[1] <= cy <= area.box[3]
    assert all(c >= 4.5 for c in contrasts.values()) and len(contrasts) == 3


@needs_fonts
def test_cap_height_is_at_least_3_percent_and_16_px():
    t = SceneText(id="t", content="HI", box=(0.45, 0.45, 0.55, 0.5))  # far too small a box
    for size in (256, 1024):
        _, mask, placed, findings = render_texts(Image.new("RGB", (size, size), "white"), [t])
        ys = np.nonzero(np.asarray(mask) > 128)[0]
        assert ys.max() - ys.min() + 1 >= max(CAP_MIN_PX, 0.03 * size) - 1  # H's height is the cap height
        assert any(f.check == "text.fit" for f in findings)  # the box grew, and says so
    assert min_font_size(choose_font(None, "HI"), 1024) > min_font_size(choose_font(None, "HI"), 256)


@needs_fonts
@pytest.mark.parametrize("color", [None, "yellow", "white", "gray"])
def test_glyphs_contrast_at_least_4_5_with_what_is_around_them(color):
    bg = Image.new("RGB", (256, 128), (235, 235, 225))
    bg.paste((30, 30, 40), (0, 0, 128, 128))  # half dark, half light: no single fill contrasts with both
    t = SceneText(id="t", content="MIXED", box=(0.05, 0.2, 0.95, 0.8), color=color)
    measured: dict[str, float] = {}
    render_texts(bg, [t], contrasts=measured)
    assert measured["t"] >= 4.5


@needs_fonts
@needs_emoji
def test_no_decoration_shows_under_the_glyphs_of_a_sign():
    scene = plan('a white sign that says "OPEN"')
    img = render_scene(scene)
    out, mask, placed, _ = render_texts(img, scene.texts, objects=scene.objects, effect="none")
    x0, y0, x1, y1 = (round(v * 512) for v in placed[0].box)
    ink = np.asarray(mask)[y0:y1, x0:x1] > 0
    pix = np.asarray(out)[y0:y1, x0:x1].astype(int)
    rows = np.nonzero(ink.any(axis=1))[0]
    band = pix[rows.min():rows.max() + 1][~ink[rows.min():rows.max() + 1]]
    # around the letters there is only the board's colour (no grey slot strokes)
    assert contrast(tuple(np.percentile(band, 5, axis=0)), tuple(np.percentile(band, 95, axis=0))) < 1.3


def test_largest_rectangle():
    m = np.zeros((6, 8), bool)
    m[1:5, 2:7] = True
    m[3, 4] = False
    assert largest_rectangle(m) == (2, 1, 7, 3) or largest_rectangle(m) == (5, 1, 7, 5)


@needs_fonts
def test_cjk_text_gets_a_face_whose_cmap_covers_it():
    choice = choose_font("serif", "欢迎光临")
    if choice.path is None or "CJK" not in choice.path.name:
        pytest.skip("fonts-noto-cjk not installed")
    assert missing_glyphs(choice, "欢迎光临") == []  # the serif family has no CJK: the fallback does


@needs_fonts
def test_a_script_no_installed_font_covers_fails_in_one_line_naming_the_package(monkeypatch):
    import agent.text.fonts as fonts

    only_latin = {k: v for k, v in fonts._index().items() if k.startswith("DejaVu")}
    monkeypatch.setattr(fonts, "_index", lambda: only_latin)
    fonts.choose_font.cache_clear()
    try:
        with pytest.raises(PluginError) as err:
            render_texts(Image.new("RGB", (128, 128)), [SceneText(id="t", content="欢迎光临", box=(0, 0, 1, 1))])
    finally:
        fonts.choose_font.cache_clear()
    msg = str(err.value)
    assert "\n" not in msg and "fonts-noto-cjk" in msg and "CJK" in msg
