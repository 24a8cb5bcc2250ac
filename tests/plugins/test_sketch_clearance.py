"""The sketch keeps pictures and backdrop clutter out of the way of texts that stay in their planned box
(plugins/sketch_clearance.py), so a page reader does not join a word's letters to a picture."""

from __future__ import annotations

import numpy as np
import pytest

from agent.scene import Scene
from plugins.sketch import cleared_objects, render_scene
from plugins.sketch_backdrops import background_colors, gradient, scene_setting_words
from plugins.sketch_clearance import Ties, clear_of_zones, cleared_box, text_zones
from plugins.sketch_placement import Placed
from tests.sketching import SIZE, needs_emoji


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _scene(objects: list[dict], texts: list[dict], background: str = "") -> Scene:
    return Scene.parse({"prompt": "test", "background": background, "objects": objects, "texts": texts})


WORD_TOP_RIGHT = {"id": "t1", "content": "Welcome", "box": [0.6, 0.1, 0.97, 0.3], "region": "top right"}


def test_the_zone_follows_the_glyphs_not_the_whole_box():
    s = _scene([], [{"id": "t1", "content": "Hi", "box": [0.04, 0.4, 0.96, 0.55], "region": "center"}])
    (zone,) = text_zones(s, set(), SIZE, SIZE)
    width = zone[2] - zone[0]
    assert width < 0.6 * 0.92 * SIZE  # two letters do not fill a box the width of the image
    assert zone[0] < 0.5 * SIZE < zone[2] and zone[1] < 0.475 * SIZE < zone[3]  # centred on the box's middle


def test_a_text_on_a_drawn_carrier_has_no_zone_but_one_with_an_image_position_has():
    sign = {"id": "sign_1", "name": "sign", "box": [0.2, 0.2, 0.8, 0.8]}
    on_sign = {"id": "t1", "content": "OPEN", "box": [0.3, 0.3, 0.7, 0.5], "on": "sign_1"}
    assert text_zones(_scene([sign], [on_sign]), {"sign_1"}, SIZE, SIZE) == []
    placed_top = {**on_sign, "region": "top"}
    assert len(text_zones(_scene([sign], [placed_top]), {"sign_1"}, SIZE, SIZE)) == 1


@needs_emoji
def test_a_free_picture_reaching_into_a_word_moves_out_and_stays_large():
    s = _scene([{"id": "dog_1", "name": "dog", "box": [0.35, 0.05, 0.75, 0.45]}], [WORD_TOP_RIGHT])
    placed, zones, stuck = cleared_objects(s, SIZE, SIZE)
    (dog,) = placed
    assert zones and not stuck
    assert not any(_overlaps(dog.rect, z) for z in zones)
    w0, h0 = 0.4 * SIZE, 0.4 * SIZE  # the dog's planned box is square; its picture keeps >= KEEP of it
    assert (dog.rect[2] - dog.rect[0]) * (dog.rect[3] - dog.rect[1]) >= 0.45 * 0.5 * w0 * h0


@needs_emoji
def test_the_carrier_of_a_text_stays_where_it_is():
    sign = {"id": "sign_1", "name": "sign", "box": [0.5, 0.05, 0.95, 0.45]}
    s = _scene([sign], [{**WORD_TOP_RIGHT, "on": "sign_1"}])
    plain = _scene([sign], [])
    assert cleared_objects(s, SIZE, SIZE)[0][0].box == cleared_objects(plain, SIZE, SIZE)[0][0].box
    assert cleared_objects(s, SIZE, SIZE)[2] == set()  # and is not faded under its own text


def test_a_picture_that_cannot_leave_stays_drawn_and_a_tied_one_that_pokes_in_is_faded():
    obj = _scene([{"id": "a", "name": "ball", "box": [0.1, 0.1, 0.9, 0.9]}], []).objects[0]
    zone = (0.3 * SIZE, 0.3 * SIZE, 0.7 * SIZE, 0.7 * SIZE)  # in the middle of a picture that fills the image
    big = Placed(obj, "⚽", (0.1 * SIZE, 0.1 * SIZE, 0.9 * SIZE, 0.9 * SIZE), 1.0)
    assert cleared_box(big, [zone], SIZE, SIZE) is None
    assert clear_of_zones([big], [zone], Ties(), SIZE, SIZE) == set()  # largely under the text: left as is
    assert big.box == (0.1 * SIZE, 0.1 * SIZE, 0.9 * SIZE, 0.9 * SIZE)
    near = Placed(obj, "⚽", (0.0, 0.3 * SIZE, 0.32 * SIZE, 0.62 * SIZE), 1.0)
    before = near.box
    assert clear_of_zones([near], [zone], Ties(fixed=frozenset({"a"})), SIZE, SIZE) == {"a"}
    assert near.box == before
    assert clear_of_zones([near], [zone], Ties(), SIZE, SIZE) == set() and near.box != before


def test_a_standing_picture_keeps_its_feet():
    obj = _scene([{"id": "a", "name": "vase", "box": [0.1, 0.1, 0.5, 0.6]}], []).objects[0]
    p = Placed(obj, "🏺", (0.3 * SIZE, 0.1 * SIZE, 0.6 * SIZE, 0.6 * SIZE), 1.0)
    zone = (0.0, 0.0, 0.4 * SIZE, 0.3 * SIZE)
    box = cleared_box(p, [zone], SIZE, SIZE, feet=(0.2 * SIZE, 0.7 * SIZE))
    assert box is not None and box[3] == p.box[3] and 0.2 * SIZE <= (box[0] + box[2]) / 2 <= 0.7 * SIZE


def test_the_backdrop_is_plain_under_a_staying_text():
    s = _scene([], [WORD_TOP_RIGHT], background="a city street")
    (zone,) = text_zones(s, set(), SIZE, SIZE)
    img = np.asarray(render_scene(s, lift=0.0)).astype(int)  # unlifted, to compare with the plain gradient
    sky, ground, horizon = background_colors(scene_setting_words(s))
    plain = np.asarray(gradient(SIZE, SIZE, sky, ground, horizon)).astype(int)
    busy = np.asarray(render_scene(s.model_copy(update={"texts": []}))).astype(int)
    x0, y0, x1, y1 = (round(v) for v in zone)
    x0, y0 = max(0, x0 + 8), max(0, y0 + 8)  # inside the soft edge
    inner = (slice(y0, y1 - 8), slice(x0, min(SIZE, x1 - 8)))
    assert np.abs(busy[inner] - plain[inner]).max() > 40  # the skyline is there without the text...
    assert np.abs(img[inner] - plain[inner]).max() <= 2  # ...and gives way to the plain sky with it


@needs_emoji
def test_a_support_and_its_load_move_together():
    cup = {"id": "cup_1", "name": "cup", "box": [0.35, 0.15, 0.5, 0.3], "anchor": {"kind": "on", "target": "table_1"}}
    objects = [{"id": "table_1", "name": "table", "box": [0.3, 0.3, 0.7, 0.55]}, cup]
    text = {"id": "t1", "content": "Tea", "box": [0.3, 0.5, 0.7, 0.6], "region": "center"}
    before = {p.obj.id: p.rect for p in cleared_objects(_scene(objects, []), SIZE, SIZE)[0]}
    placed, zones, stuck = cleared_objects(_scene(objects, [text]), SIZE, SIZE)
    after = {p.obj.id: p.rect for p in placed}
    moves = {i: (after[i][0] - before[i][0], after[i][1] - before[i][1]) for i in after}
    assert moves["table_1"] != (0, 0) and moves["table_1"] == pytest.approx(moves["cup_1"])
    assert not stuck and not any(_overlaps(r, z) for r in after.values() for z in zones)


@needs_emoji
def test_a_support_that_cannot_move_is_faded_where_a_text_pokes_into_it():
    cup = {"id": "cup_1", "name": "cup", "box": [0.1, 0.2, 0.25, 0.35], "anchor": {"kind": "on", "target": "table_1"}}
    objects = [{"id": "table_1", "name": "table", "box": [0.02, 0.3, 0.98, 0.98]}, cup]
    text = {"id": "t1", "content": "Tea", "box": [0.3, 0.55, 0.7, 0.7], "region": "center"}
    s = _scene(objects, [text])
    _, zones, stuck = cleared_objects(s, SIZE, SIZE)
    assert stuck == {"table_1"}
    img, empty, full = (np.asarray(render_scene(x)).astype(int) for x in (
        s, _scene([], [text]), s.model_copy(update={"texts": []})))
    x0, y0, x1, y1 = (round(v) for v in zones[0])
    inner = (slice(y0 + 8, y1 - 8), slice(max(0, x0 + 8), min(SIZE, x1 - 8)))
    drawn, veiled = np.abs(full[inner] - empty[inner]).mean(), np.abs(img[inner] - empty[inner]).mean()
    assert drawn > 10 and veiled < 0.35 * drawn


def test_a_small_backdrop_feature_touching_a_text_goes_whole_and_a_large_one_is_cut():
    from PIL import Image, ImageDraw

    from plugins.sketch_clearance import calm_backdrop

    plain = Image.new("RGB", (SIZE, SIZE), (120, 170, 220))
    img = plain.copy()
    d = ImageDraw.Draw(img)
    d.ellipse((100, 100, 180, 160), fill=(250, 250, 250))  # a cloud poking into the zone from the left
    d.rectangle((0, 300, SIZE - 1, 420), fill=(90, 90, 110))  # a skyline as wide as the picture
    zone = (170.0, 120.0, 400.0, 340.0)
    calm_backdrop(img, plain, [zone])
    arr, flat = np.asarray(img).astype(int), np.asarray(plain).astype(int)
    assert np.abs(arr[110:150, 105:160] - flat[110:150, 105:160]).max() <= 2  # the cloud is gone, not cut
    assert np.abs(arr[360:400, 10:100] - flat[360:400, 10:100]).min() > 20  # the skyline stays outside...
    assert np.abs(arr[310:330, 200:380] - flat[310:330, 200:380]).max() <= 2  # ...and is cut inside the zone


def test_a_rotated_text_gets_no_zone():
    # text.render turns the block; the straight-box estimate would clear the wrong place
    s = _scene([], [{**WORD_TOP_RIGHT, "rotation": 30.0}])
    assert text_zones(s, set(), SIZE, SIZE) == []
