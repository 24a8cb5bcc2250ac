"""The sketch renderer must produce a picture a person can read: things where the plan puts them."""

import numpy as np
import pytest

import plugins.sketch as sketch
from agent.scene import Scene
from agent.vocab.pictograms import COLORS


def scene(**kw) -> Scene:
    base = {"prompt": "", "width": 256, "height": 256, "objects": [
        {"id": "apple_1", "name": "apple", "color": "blue", "box": [0.05, 0.5, 0.35, 0.8]},
        {"id": "bus_1", "name": "bus", "color": "red", "box": [0.5, 0.2, 0.95, 0.6]},
    ]}
    base.update(kw)
    return Scene.parse(base)


def box_pixels(img, box):
    w, h = img.size
    arr = np.asarray(img.convert("RGB")).astype(int)
    return arr[int(box[1] * h):int(box[3] * h), int(box[0] * w):int(box[2] * w)]


def dominant_color(pixels, background):
    """Nearest named colour of the pixels that differ from the background."""
    flat = pixels.reshape(-1, 3)
    fg = flat[np.abs(flat - background).sum(1) > 60]
    assert len(fg) > 0.15 * len(flat), "the box should be mostly drawn on"
    mean = fg.mean(0)
    return min(("red", "blue", "green", "yellow"), key=lambda c: np.abs(np.array(COLORS[c]) - mean).sum())


@pytest.mark.parametrize("emoji", [True, False])
def test_objects_are_drawn_in_their_boxes_with_their_colours(emoji, monkeypatch):
    if not emoji:
        real = sketch.font_path
        monkeypatch.setattr(sketch, "font_path", lambda family="sans": None if family == "emoji" else real(family))
        sketch.emoji_glyph.cache_clear()
    elif sketch.font_path("emoji") is None:
        pytest.skip("no colour-emoji font installed")
    s = scene()
    img = sketch.render_scene(s)
    background = sketch.draw_background(256, 256, "")
    bg = np.asarray(background).astype(int)
    for obj, colour in (("apple_1", "blue"), ("bus_1", "red")):
        o = next(x for x in s.objects if x.id == obj)
        px = box_pixels(img, o.box)
        bgpx = box_pixels(background, o.box)
        assert dominant_color(px, bgpx.reshape(-1, 3).mean(0)) == colour
    # Outside every box the image is just background.
    corner = np.asarray(img)[5:40, 5:40].astype(int)
    assert np.abs(corner - bg[5:40, 5:40]).max() <= 2
    sketch.emoji_glyph.cache_clear()


def test_background_words_change_the_picture():
    beach = np.asarray(sketch.draw_background(64, 64, "on a sunny beach")).astype(int)
    night = np.asarray(sketch.draw_background(64, 64, "at night")).astype(int)
    assert beach.mean() > night.mean() + 80
    assert beach[-1].mean(0)[0] > beach[-1].mean(0)[2]  # sand is warm


def test_unknown_object_gets_a_labelled_silhouette():
    s = scene(objects=[{"id": "x_1", "name": "blorft", "color": "green", "box": [0.1, 0.1, 0.9, 0.9]}])
    img = sketch.render_scene(s)
    px = box_pixels(img, s.objects[0].box).reshape(-1, 3)
    green = (np.abs(px - np.array(COLORS["green"])).sum(1) < 30).mean()
    assert green > 0.5
    labelled = (np.abs(px - np.array(COLORS["green"])).sum(1) > 200).mean()
    assert labelled > 0.005  # the name is written on it


def test_pictogram_lookup_uses_the_head_noun():
    assert sketch.pictogram_for("sports car") == sketch.pictogram_for("car")
    assert sketch.pictogram_for("zzzz") is None


def test_setting_words_match_whole_words_only():
    assert sketch.setting_word("two dogs on a sunny beach") == "beach"
    assert sketch.setting_word("a cat in the kitchen") == "kitchen"
    assert sketch.setting_word("a seasoned price list for a thousand") == ""  # not sea / ice / sand


def test_a_material_colours_a_silhouette_when_no_colour_is_asked():
    s = scene(objects=[{"id": "t_1", "name": "blorft", "attributes": ["wooden"], "box": [0.1, 0.1, 0.9, 0.9]}])
    px = box_pixels(sketch.render_scene(s), s.objects[0].box).reshape(-1, 3).astype(int)
    assert (np.abs(px - np.array((150, 100, 60))).sum(1) < 30).mean() > 0.5


def test_labels_stay_under_their_own_pictogram():
    """Three narrow 'rubber duck' boxes side by side: each name shrinks to its duck, none runs into the next."""
    boxes = [[0.59 + 0.134 * i, 0.42, 0.70 + 0.134 * i, 0.58] for i in range(3)]
    s = scene(width=512, height=512, objects=[
        {"id": f"duck_{i}", "name": "rubber duck", "box": b} for i, b in enumerate(boxes)])
    with_labels = np.asarray(sketch.render_scene(s, labels=True)).astype(int)
    without = np.asarray(sketch.render_scene(s, labels=False)).astype(int)
    columns = np.nonzero(np.abs(with_labels - without).sum(axis=(0, 2)))[0]
    assert columns.size > 0  # the names are written
    spans = [(round(b[0] * 512) - 3, round(b[2] * 512) + 3) for b in boxes]
    assert all(any(lo <= c <= hi for lo, hi in spans) for c in columns), "a label crosses into the gap"
    for lo, hi in spans:  # each duck has its own label
        assert any(lo <= c <= hi for c in columns)


def test_snowy_settings_draw_snow():
    snowy = np.asarray(sketch.draw_background(64, 64, "snowy forest")).astype(int)
    assert snowy[-1].mean() > 235  # white ground, not the forest's green


def test_an_object_carrying_text_gets_no_name_label():
    """'a poster that says NAP TIME': the words are the poster's label; its name on top would garble them."""
    obj = {"id": "poster_1", "name": "poster", "color": "gray", "box": [0.1, 0.1, 0.9, 0.9]}
    plain = np.asarray(sketch.render_scene(scene(objects=[obj]))).astype(int)
    text = {"id": "t1", "content": "NAP TIME", "box": [0.2, 0.3, 0.8, 0.6], "on": "poster_1"}
    carried = np.asarray(sketch.render_scene(scene(objects=[obj], texts=[text]))).astype(int)
    unlabelled = np.asarray(sketch.render_scene(scene(objects=[obj]), labels=False)).astype(int)
    assert np.abs(plain - unlabelled).sum() > 0  # a lone poster is labelled
    assert np.array_equal(carried, unlabelled)  # sketch.render leaves the text itself to text.render


def test_the_compiled_sketch_node_leaves_text_carriers_unlabelled():
    from agent.compiler import compile_scene

    s = Scene.parse({"prompt": "a poster that says 'NAP TIME'", "objects": [
        {"id": "poster_1", "name": "poster", "box": [0.1, 0.1, 0.9, 0.9]},
        {"id": "cat_1", "name": "cat", "box": [0.1, 0.1, 0.3, 0.3]}],
        "texts": [{"id": "t1", "content": "NAP TIME", "box": [0.2, 0.3, 0.8, 0.6], "on": "poster_1"}]})
    node = next(n for n in compile_scene(s, "sketch").nodes if n.plugin == "sketch.render")
    assert node.params["unlabelled"] == ["poster_1"] and node.params["scene"]["texts"] == []


def test_a_name_with_no_picture_draws_the_noun_its_description_names():
    """A figure called by a pronoun ("he", drawn as "a man with ...") is drawn as that noun."""
    s = Scene.parse({"objects": [{"id": "he_1", "name": "he", "description": "a man with left leg, head",
                                  "box": [0.2, 0.2, 0.8, 0.9]}]})
    assert sketch.picture(s.objects[0])[0] == sketch.pictogram_for("man") is not None
