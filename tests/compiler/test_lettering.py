"""Lettering as a thing: "the word 'BEE' made from bees" plans a "word" object that carries its text, so the
layout places it among the other things; renderers draw only the text there (no grey box, no region
asking a diffusion model to paint a word)."""

from __future__ import annotations

import warnings

import numpy as np

from agent.compiler import compile_scene
from agent.compiler.diffusion import image_scene
from agent.compiler.sketch import drawable_scene
from agent.planners import get_planner
from agent.scene import Scene
from plugins.sketch import render_scene


def plan(prompt: str) -> Scene:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_planner("offline").plan(prompt)


def test_a_word_written_on_nothing_is_an_object_carrying_its_text() -> None:
    s = plan("the word 'BEE' made from bees next to a flower pot")
    (word,) = s.objects_named("word")
    assert [(t.content, t.on) for t in s.texts] == [("BEE", word.id)]
    tb, wb = s.texts[0].box, word.box
    assert wb[0] <= tb[0] and tb[2] <= wb[2] and wb[1] <= tb[1] and tb[3] <= wb[3]  # the text is in its box


def test_a_word_on_a_sign_stays_the_signs_text() -> None:
    s = plan("a sign with the word 'OPEN'")
    assert not s.objects_named("word") and s.texts[0].on == s.objects_named("sign")[0].id


def test_the_sketch_draws_the_lettering_as_text_only() -> None:
    s = plan("the word 'BEE' made from bees next to a flower pot")
    word = s.objects_named("word")[0]
    drawn = Scene.parse(drawable_scene(s))
    assert word.id not in {o.id for o in drawn.objects}
    text_node = next(n for n in compile_scene(s, "sketch").nodes if n.plugin == "text.render")
    assert word.id not in {o["id"] for o in text_node.params.get("objects", [])}
    # nothing is painted in the word's box before the text node: it matches the bare backdrop there
    sketch = np.asarray(render_scene(drawn)).astype(int)
    bare = np.asarray(render_scene(drawn.model_copy(update={"objects": [], "relations": []}))).astype(int)
    x0, y0, x1, y1 = (round(v * n) for v, n in zip(word.box, (s.width, s.height, s.width, s.height), strict=True))
    assert np.abs(sketch[y0:y1, x0:x1] - bare[y0:y1, x0:x1]).max() < 8


def test_diffusion_sees_no_lettering_object_nor_its_relations() -> None:
    s = Scene.parse({"prompt": "the word 'BEE' left of a pot", "objects": [
        {"id": "word_1", "name": "word", "attributes": ["lettering"], "box": [0.05, 0.4, 0.45, 0.6]},
        {"id": "pot_1", "name": "pot", "box": [0.55, 0.4, 0.9, 0.8]}],
        "relations": [{"subject": "word", "relation": "left of", "object": "pot"}],
        "texts": [{"id": "text_1", "content": "BEE", "on": "word_1", "box": [0.1, 0.45, 0.4, 0.55]}]})
    img = image_scene(s)
    assert [o.id for o in img.objects] == ["pot_1"] and img.relations == [] and img.texts == []
    unwritten = s.model_copy(update={"texts": []})  # a word object with no text on it is drawn as usual
    assert [o.id for o in image_scene(unwritten).objects] == ["word_1", "pot_1"]


def test_a_mail_letter_with_writing_is_a_thing_not_lettering() -> None:
    s = plan("a letter that says 'Dear John' on a desk")
    letter = s.objects_named("letter")[0]
    assert s.texts[0].on == letter.id and "lettering" not in letter.attributes
    assert letter.id in {o["id"] for o in drawable_scene(s)["objects"]}
