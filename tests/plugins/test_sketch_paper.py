"""A picture carrying text reads as paper where the text goes, to a reader that binarises the whole page."""

from __future__ import annotations

import numpy as np

from agent.scene import Scene
from plugins.sketch import cleared_objects, render_scene, scene_lift
from plugins.sketch_backdrops import background_colors
from plugins.sketch_paper import LIFTS, gradient_tones, lifted, reads_as_paper

# a study with a dark wooden floor; the word goes at the bottom of the image, over the floor
STUDY = {"prompt": "a lamp in a study", "width": 256, "height": 256, "background": "a quiet study room",
         "objects": [{"id": "lamp_1", "name": "lamp", "color": "yellow", "box": [0.35, 0.2, 0.65, 0.6]}]}
WORDS = [{"id": "t1", "content": "QUIET", "box": [0.25, 0.72, 0.75, 0.8], "region": "bottom"}]


def test_lifted_keeps_the_hue_and_only_pales():
    brown = (150, 100, 60)
    pale = lifted(brown, 0.4)
    assert all(p > b for p, b in zip(pale, brown, strict=True))
    assert pale[0] > pale[1] > pale[2]  # still a warm, brownish tone
    assert lifted(brown, 0.0) == brown


def test_a_floor_under_words_is_lifted_until_the_reader_takes_it_for_paper():
    scene = Scene.parse({**STUDY, "texts": WORDS})
    sky, ground, _ = background_colors("a quiet study room")
    lift = scene_lift(scene, 256, 256, True, frozenset())
    assert lift in LIFTS and lift > 0  # the dark floor splits the page from the wall as drawn
    img = render_scene(scene)
    zones = cleared_objects(scene, 256, 256)[1]  # the word's glyph block and its margin
    assert zones
    assert reads_as_paper(img, gradient_tones(lifted(sky, lift), lifted(ground, lift)), zones) >= 0.9
    # the floor is still the floor: paler, but warmer than the wall above it, and darker
    arr = np.asarray(img).astype(int)
    wall, floor = arr[10, 10], arr[-40, 10]
    assert floor.sum() < wall.sum() and floor[0] - floor[2] > 20


def test_a_picture_without_words_keeps_its_tones():
    plain = Scene.parse(STUDY)
    assert scene_lift(plain, 256, 256, True, frozenset()) == 0.0
    _, ground, _ = background_colors("a quiet study room")
    floor = np.asarray(render_scene(plain)).astype(int)[-40, 10]
    assert np.abs(floor - np.array(ground)).max() <= 0.1 * max(ground) + 2  # the gradient's own shading only


def test_a_backdrop_already_paper_is_not_lifted():
    """A plain white studio is paper for any reader: the words need nothing from it."""
    scene = Scene.parse({**STUDY, "background": "a plain white studio", "texts": WORDS})
    assert scene_lift(scene, 256, 256, True, frozenset()) == 0.0
