"""Outlined text a page reader can take apart: letters kept apart, clutter cleared, labels kept away.

Issue 14 (tesseract finds every string): an outline grows each letter, so outlined letters must be drawn
apart; busy pixels under outlined light text are covered by a page-coloured plate; and the sketch does
not put an object's name label next to a text.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.scene import SceneObject, SceneText
from agent.text.fit import stroke_width
from agent.text.fonts import choose_font, font_path, load_face
from agent.text.tracking import draw_tracked, letter_tracks, tracked_width, tracking
from plugins.legibility import contrast
from plugins.sketch import label_near_text, render_scene
from plugins.text_render import render_texts
from tests.glyph_masks import ink_blobs

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")
LIGHT_PAGE = (225, 232, 240)


def ink_columns(mask: Image.Image) -> int:
    """How many separate runs of inked columns the mask has (one per letter when letters stand apart)."""
    cols = (np.asarray(mask) > 40).any(axis=0).astype(int)
    return int(np.count_nonzero(np.diff(np.concatenate([[0], cols])) == 1))



def test_tracking_is_twice_the_stroke_for_separate_letters_and_none_for_joined_scripts():
    assert tracking(4, "LOVE") == 8
    assert tracking(0, "LOVE") == 0  # no outline: the font's own spacing
    assert tracking(4, "مرحبا") == 0  # Arabic letters join
    assert tracking(4, "欢迎") == 0  # CJK is spaced by its em boxes
    assert tracking(4, "e\u0301t\u00e9") == 0  # a combining mark must stay on its letter


@needs_fonts
def test_outlined_letters_do_not_touch():
    t = SceneText(id="t", content="LOVE", box=(0.1, 0.3, 0.9, 0.7), color="yellow")
    _, mask, _, _ = render_texts(Image.new("RGB", (512, 512), LIGHT_PAGE), [t])  # yellow on light: outlined
    assert ink_blobs(mask) == 4  # four letters, each with its outline, none touching the next


@needs_fonts
def test_each_pair_of_outlined_letters_is_spaced_only_as_far_as_it_needs():
    """Outlines keep one stroke of paper between neighbours on every row they share, and pairs that
    stand apart at the font's own spacing ('LO') get less than pairs that nearly touch ('NT')."""
    from PIL import ImageDraw

    font = load_face(choose_font("sans", "TALON"), 56)
    sw = stroke_width(56)
    tracks = letter_tracks(font, "TALON", sw)
    assert len(tracks) == 4 and all(0 <= t <= tracking(sw, "TALON") for t in tracks)
    assert min(tracks) < max(tracks)  # not one even spacing for all pairs
    assert letter_tracks(font, "مرحبا", sw) == [0, 0, 0, 0]  # joined letters stay joined
    for pair, track in zip(("TA", "AL", "LO", "ON"), tracks, strict=True):
        a = Image.new("L", (300, 120), 0)  # each letter of the pair drawn alone where the line puts it
        b = Image.new("L", (300, 120), 0)
        x = 20 + font.getlength(pair[0]) + track
        ImageDraw.Draw(a).text((20, 90), pair[0], font=font, anchor="ls", fill=255, stroke_width=sw, stroke_fill=255)
        ImageDraw.Draw(b).text((x, 90), pair[1], font=font, anchor="ls", fill=255, stroke_width=sw, stroke_fill=255)
        ra, rb = np.asarray(a) >= 128, np.asarray(b) >= 128
        rows = ra.any(axis=1) & rb.any(axis=1)
        right = np.array([np.flatnonzero(r)[-1] for r in ra[rows]])
        left = np.array([np.flatnonzero(r)[0] for r in rb[rows]])
        assert (left - right - 1).min() >= sw - 1, pair  # a stroke of paper between the outlines (1 px rounding)


@needs_fonts
def test_an_ink_ring_round_the_outline_spaces_the_letters_for_its_own_width():
    font = load_face(choose_font("sans", "MELT"), 56)
    sw = stroke_width(56)
    plain, ringed = letter_tracks(font, "MELT", sw), letter_tracks(font, "MELT", sw, reach=sw + 3)
    assert all(r >= p for r, p in zip(ringed, plain, strict=True)) and sum(ringed) > sum(plain)
    assert max(ringed) <= tracking(sw, "MELT")  # never more than the fit reserved


@needs_fonts
def test_hollow_letters_are_spaced_pair_by_pair_and_dark_letters_in_a_light_outline_evenly():
    from plugins.text_layer import _spacing

    font = load_face(choose_font("sans", "MELT"), 56)
    sw = stroke_width(56)
    hollow = _spacing(font, "MELT", (sw, 0), ((250, 220, 60), (20, 20, 20)))  # yellow in a black outline
    assert hollow == letter_tracks(font, "MELT", sw)
    assert _spacing(font, "MELT", (sw, 0), ((200, 30, 30), (255, 255, 255))) == tracking(sw, "MELT")  # red in white


@needs_fonts
def test_a_line_drawn_with_pair_tracks_has_one_blob_per_outlined_letter():
    from PIL import ImageDraw

    font = load_face(choose_font("sans", "TALON"), 56)
    sw = stroke_width(56)
    unspaced, paired = Image.new("L", (600, 120), 0), Image.new("L", (600, 120), 0)
    draw_tracked(ImageDraw.Draw(unspaced), (20, 90), "TALON", font, "ls", 0, fill=255, stroke_width=sw, stroke_fill=255)
    draw_tracked(ImageDraw.Draw(paired), (20, 90), "TALON", font, "ls", letter_tracks(font, "TALON", sw), fill=255,
                 stroke_width=sw, stroke_fill=255)
    assert ink_blobs(unspaced) < 5  # at the font's own spacing some outlines touch
    assert ink_blobs(paired) == 5


@needs_fonts
def test_the_fit_reserves_the_tracked_width():
    choice = choose_font("sans-bold", "WORLD")
    font = load_face(choice, 60)
    sw = stroke_width(60)
    plain = font.getbbox("WORLD", stroke_width=sw)
    assert tracked_width(font, "WORLD", sw, tracking(sw, "WORLD")) >= plain[2] - plain[0] + 4 * tracking(sw, "WORLD")


@needs_fonts
@pytest.mark.parametrize("color", ["yellow", "white", "cyan", "pink"])
def test_a_light_colour_gets_a_dark_outline_whose_contrast_is_measured(color):
    t = SceneText(id="t", content="HELLO", box=(0.1, 0.3, 0.9, 0.7), color=color)
    measured: dict[str, float] = {}
    out, mask, _, _ = render_texts(Image.new("RGB", (512, 512), LIGHT_PAGE), [t], contrasts=measured)
    arr, m = np.asarray(out).astype(int), np.asarray(mask) > 200
    assert (arr[m].sum(axis=1) < 150).mean() > 0.1  # part of the glyph area is a dark outline
    assert measured["t"] >= 4.5


@needs_fonts
def test_busy_pixels_under_light_outlined_text_are_cleared_by_a_page_coloured_plate():
    img = Image.new("RGB", (512, 512), LIGHT_PAGE)
    arr = np.asarray(img).copy()
    arr[:, ::12] = (40, 120, 40)  # thin green stripes: a line drawing under the text
    t = SceneText(id="t", content="SKY", box=(0.2, 0.35, 0.8, 0.65), color="white")
    measured: dict[str, float] = {}
    out, mask, _, _ = render_texts(Image.fromarray(arr), [t], contrasts=measured)
    x0, y0, x1, y1 = mask.getbbox()  # the plate and the glyphs
    inside = np.asarray(out)[y0 + 10:y1 - 10, x0 + 10:x1 - 10].reshape(-1, 3).astype(int)
    assert not (inside == (40, 120, 40)).all(axis=1).any()  # no stripe runs through the block
    colors, counts = np.unique(inside, axis=0, return_counts=True)
    plate = colors[counts.argmax()]
    assert counts.max() / len(inside) > 0.2 and plate.min() > 180  # one light plate: the page's own colour
    assert measured["t"] >= 4.5  # measured against the outline, not the light plate


@needs_fonts
def test_a_fill_that_contrasts_with_the_plate_gets_no_outline():
    img = Image.new("RGB", (512, 512), LIGHT_PAGE)
    arr = np.asarray(img).copy()
    arr[:, ::12] = (40, 40, 40)
    t = SceneText(id="t", content="BLUE", box=(0.2, 0.35, 0.8, 0.65), color="#1e40c8")
    assert contrast((30, 64, 200), LIGHT_PAGE) >= 4.5
    out, mask, _, _ = render_texts(Image.fromarray(arr), [t])
    o, m = np.asarray(out).astype(int), np.asarray(mask) > 200
    glyph = o[m]
    near_white = (glyph.min(axis=1) > 235).mean()
    assert near_white < 0.02  # no light outline around blue letters on a light plate


def test_no_label_next_to_a_text():
    texts = [SceneText(id="t", content="HELLO", box=(0.1, 0.1, 0.5, 0.2))]
    assert label_near_text((60, 110, 200, 250), texts, 512, 512)  # just under the text
    assert not label_near_text((300, 300, 450, 450), texts, 512, 512)  # far away


@needs_fonts
def test_the_sketch_draws_no_label_beside_a_text_but_keeps_others():
    cat = SceneObject(id="cat_1", name="cat", box=(0.1, 0.25, 0.4, 0.55))
    dog = SceneObject(id="dog_1", name="dog", box=(0.55, 0.6, 0.9, 0.95))
    from agent.scene import Scene

    texts = [SceneText(id="t", content="HELLO", box=(0.05, 0.15, 0.45, 0.24))]  # just above the drawn cat
    with_text = Scene(width=512, height=512, objects=[cat, dog], texts=texts)
    without = with_text.model_copy(update={"texts": []})
    a = np.asarray(render_scene(with_text)).astype(int)
    b = np.asarray(render_scene(without)).astype(int)
    cat_px = (slice(round(0.25 * 512), round(0.55 * 512)), slice(round(0.1 * 512), round(0.4 * 512)))
    dog_px = (slice(round(0.6 * 512), round(0.95 * 512)), slice(round(0.55 * 512), round(0.9 * 512)))
    assert (a[cat_px] != b[cat_px]).any()  # the cat's label is gone next to the text
    assert (a[dog_px] == b[dog_px]).all()  # the dog, far from it, keeps its label


def test_clean_under_leaves_a_text_grown_off_its_carriers_area_alone():
    from plugins.carriers import FlatArea, clean_under
    from plugins.text_render import Drawn

    img = Image.new("RGB", (200, 200), (250, 250, 250))
    img.paste((40, 40, 40), (0, 20, 200, 22))  # a decoration under the glyph rows
    img.paste((40, 40, 40), (0, 150, 200, 152))  # and one on the far area
    layer = Image.new("RGBA", (100, 30), (0, 0, 0, 0))
    layer.paste((0, 0, 0, 255), (10, 5, 90, 25))
    drawn = Drawn(layer, Image.new("L", (100, 30), 0), (50, 10))  # glyph rows 15..35 px
    before = np.asarray(img).copy()
    clean_under(img, drawn, FlatArea(box=(0.2, 0.6, 0.8, 0.9), color=(200, 0, 0)))  # area rows 120..180 px
    assert (np.asarray(img) == before).all()  # nothing of the area lies under the glyphs: nothing painted
    clean_under(img, drawn, FlatArea(box=(0.2, 0.0, 0.8, 0.5), color=(200, 0, 0)))
    assert (np.asarray(img)[20:22, 60:140] > 200).all()  # the decoration under the glyphs is painted over


def test_a_text_with_an_image_region_stays_there_when_its_carrier_is_worn():
    from agent.scene import Scene
    from plugins.sketch import settled_texts

    woman = SceneObject(id="woman_1", name="woman", box=(0.16, 0.13, 0.84, 0.53))
    shirt = SceneObject(id="shirt_1", name="shirt", box=(0.02, 0.02, 0.98, 0.92))
    texts = [SceneText(id="a", content="RADIO", box=(0.04, 0.1, 0.34, 0.28), on="shirt_1", region="top left"),
             SceneText(id="b", content="LIFE", box=(0.36, 0.2, 0.96, 0.34), on="shirt_1")]
    scene = Scene(width=512, height=512, objects=[woman, shirt], texts=texts)
    out = {t.id: t for t in settled_texts(scene, 512, 512)}
    assert out["a"].box == texts[0].box  # the image position wins
    assert out["b"].box != texts[1].box  # a text without one follows the shirt as drawn on the torso
