"""Stacks, worn things on an animal's own head, and the drawn generic shapes (issue 15, second round)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.scene import Scene
from plugins.sketch import draw_object, render_scene
from plugins.sketch_placement import dependants
from plugins.sketch_stacks import stacks
from plugins.sketch_wear import HEADS
from tests.sketching import SIZE, by_id, needs_emoji, on_surface, plan


def assert_stacked(members: list) -> None:
    """Each member lies on the one below it, roughly centred over it, drawn lying (wider than tall)."""
    for lower, upper in zip(members, members[1:], strict=False):
        assert on_surface(upper, lower)
        assert abs((upper.rect[0] + upper.rect[2]) - (lower.rect[0] + lower.rect[2])) / 2 < 0.1 * (
            lower.rect[2] - lower.rect[0])
    assert all(m.flat for m in members)


@needs_emoji
def test_a_stack_of_books_on_a_table_is_one_pile_on_its_top():
    s = plan("a stack of books on a table")
    placed = by_id(s)
    books = [placed[i] for i in stacks(s)[0]]
    table = next(p for p in placed.values() if p.obj.name == "table")
    assert len(books) >= 2 and on_surface(books[0], table)
    assert_stacked(books)
    order = list(placed)
    assert all(order.index(a.obj.id) < order.index(b.obj.id) for a, b in zip(books, books[1:], strict=False))


@needs_emoji
def test_a_stack_the_request_names_piles_up_even_without_anchors():
    s = plan("a stack of five red plates")
    assert all(o.anchor is None for o in s.objects)  # the planner spreads them in a grid
    placed = by_id(s)
    (group,) = stacks(s)
    assert len(group) == 5
    assert_stacked([placed[i] for i in group])


def test_same_name_on_anchors_chain_into_a_stack_and_only_the_bottom_is_on_the_support():
    s = Scene.parse({"objects": [
        {"id": "t", "name": "desk", "box": [0.2, 0.5, 0.8, 0.9]},
        {"id": "b1", "name": "box", "box": [0.3, 0.3, 0.5, 0.5], "anchor": {"kind": "on", "target": "t"}},
        {"id": "b2", "name": "box", "box": [0.6, 0.3, 0.8, 0.5], "anchor": {"kind": "on", "target": "b1"}},
        {"id": "b3", "name": "box", "box": [0.1, 0.1, 0.3, 0.3], "anchor": {"kind": "on", "target": "b2"}}]})
    assert stacks(s) == [["b1", "b2", "b3"]]
    deps = dependants(s)
    assert deps["t"] == [("b1", "on")] and deps["b1"] == [("b2", "on")] and deps["b2"] == [("b3", "on")]


def test_books_on_a_shelf_without_stack_words_stand_side_by_side():
    s = plan("three books on a shelf")
    assert stacks(s) == []
    placed = by_id(s)
    shelf = next(p for p in placed.values() if p.obj.name == "shelf")
    books = [p for p in placed.values() if p.obj.name == "book"]
    assert len(books) == 3 and all(on_surface(b, shelf) and not b.flat for b in books)


@needs_emoji
@pytest.mark.parametrize(("prompt", "animal", "thing"), [
    ("a cat wearing a wizard hat", "cat", "hat"), ("a horse wearing a hat", "horse", "hat"),
    ("a dog wearing sunglasses", "dog", "sunglasses"), ("a penguin wearing a hat", "penguin", "hat")])
def test_a_hat_or_glasses_sit_on_the_animals_own_head_at_its_scale(prompt, animal, thing):
    placed = {p.obj.name: p for p in by_id(plan(prompt)).values()}
    a, t = placed[animal], placed[thing]
    hx0, hy0, hx1, hy1 = HEADS[a.pic]
    ax0, ay0, ax1, ay1 = a.rect
    w, h = ax1 - ax0, ay1 - ay0
    head = (ax0 + hx0 * w, ay0 + hy0 * h, ax0 + hx1 * w, ay0 + hy1 * h)
    cx = (t.rect[0] + t.rect[2]) / 2
    assert head[0] <= cx <= head[2]  # over the head, not the middle of the picture
    if thing == "hat":
        assert abs(t.rect[3] - head[1]) <= 0.35 * (head[3] - head[1])  # its brim at the top of the head
    else:
        assert head[1] <= (t.rect[1] + t.rect[3]) / 2 <= head[3]  # glasses across the face
    assert t.rect[2] - t.rect[0] <= 1.1 * (head[2] - head[0])  # at the head's scale


@needs_emoji
def test_a_person_holds_things_in_the_hands_and_an_animal_in_its_mouth():
    def held(holder: str) -> tuple:
        s = Scene.parse({"objects": [{"id": "h", "name": holder, "box": [0.2, 0.2, 0.8, 0.9]},
                                     {"id": "t", "name": "fish", "box": [0.0, 0.0, 0.2, 0.2],
                                      "anchor": {"kind": "held_by", "target": "h"}}]})
        placed = by_id(s)
        return placed["h"], placed["t"]

    man, fish = held("man")
    assert fish.rect[0] > (man.rect[0] + man.rect[2]) / 2  # by the right hand, beside the body
    dog, bone = held("dog")
    hx0, hy0, hx1, hy1 = HEADS[dog.pic]
    dw, dh = dog.rect[2] - dog.rect[0], dog.rect[3] - dog.rect[1]
    head_bottom = dog.rect[1] + hy1 * dh
    assert abs((bone.rect[1] + bone.rect[3]) / 2 - head_bottom) < 0.3 * dh  # at the mouth, under the head
    assert (bone.rect[0] + bone.rect[2]) / 2 < dog.rect[0] + hx1 * dw  # on the side it faces


def test_the_drawn_pole_and_generic_solid_paint_in_their_colour():
    for shape, obj in (("@pole", {"id": "p", "name": "pole", "color": "red", "box": [0.4, 0.1, 0.6, 0.9]}),
                       ("@thing", {"id": "o", "name": "object", "color": "blue", "box": [0.2, 0.2, 0.8, 0.8]})):
        s = Scene.parse({"objects": [obj]})
        canvas = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        draw_object(canvas, s.objects[0], False, pic=shape, box=tuple(v * SIZE for v in obj["box"]))
        arr = np.asarray(canvas)
        drawn = arr[..., 3] > 0
        assert drawn.sum() > 0.05 * SIZE * SIZE * (obj["box"][2] - obj["box"][0])
        channel = 0 if obj["color"] == "red" else 2
        assert np.median(arr[drawn][:, channel]) > np.median(arr[drawn][:, 1])


@needs_emoji
def test_a_stack_renders_the_same_twice():
    s = plan("a pile of pancakes on a plate")
    a, b = np.asarray(render_scene(s, SIZE, SIZE)), np.asarray(render_scene(s, SIZE, SIZE))
    assert (a == b).all()
