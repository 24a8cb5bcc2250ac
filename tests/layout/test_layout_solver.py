"""The layout solver through its contract ``solve_layout(scene, seed) -> Scene``, on hand-written Scenes
(the way the LLM planner hands them over) as well as on the offline planner's."""

from __future__ import annotations

import itertools
import warnings

import pytest

from agent.layout import solve_layout, violations
from agent.layout.check import center, geneval_relations, iou, relation_holds
from agent.scene import Relation, Scene, SceneObject, SceneText

PLACEHOLDER = (0.0, 0.0, 1.0, 1.0)


def obj(oid: str, name: str, color: str | None = None, **kw) -> SceneObject:
    return SceneObject(id=oid, name=name, color=color, description=f"a {color + ' ' if color else ''}{name}",
                       box=PLACEHOLDER, **kw)


def scene(objects, relations=(), texts=(), **kw) -> Scene:
    return Scene(objects=list(objects), relations=[Relation(**r) for r in relations], texts=list(texts), **kw)


def test_keeps_identity_fields_and_moves_boxes() -> None:
    s = scene([obj("apple_1", "apple", "red"), obj("apple_2", "apple", "red"), obj("cup_1", "cup", "blue")],
              [{"subject": "apple", "relation": "left of", "object": "cup"}], negative=["fork"], background="a table")
    out = solve_layout(s)
    assert out is not s and s.objects[0].box == PLACEHOLDER  # a copy; the input is untouched
    for a, b in zip(s.objects, out.objects):
        assert (a.id, a.name, a.color, a.description) == (b.id, b.name, b.color, b.description)
        assert b.box != PLACEHOLDER
    assert (out.negative, out.background, out.relations) == (s.negative, s.background, s.relations)
    assert violations(out) == []


@pytest.mark.parametrize("rel", ["left of", "right of", "above", "below", "on top of", "under", "next to", "near",
                                 "in front of", "behind"])
@pytest.mark.parametrize("n", [1, 3])
def test_each_relation_with_margins(rel: str, n: int) -> None:
    objs = [obj(f"dog_{i + 1}", "dog") for i in range(n)] + [obj("bus_1", "bus")]
    out = solve_layout(scene(objs, [{"subject": "dog", "relation": rel, "object": "bus"}]))
    assert violations(out) == []
    bus = out.objects[-1].box
    for d in out.objects[:-1]:
        if rel in ("left of", "right of", "above", "below"):
            assert rel in geneval_relations([v * 512 for v in d.box], [v * 512 for v in bus])


def test_relations_by_id_split_a_name() -> None:
    s = scene([obj("cup_1", "cup", "red"), obj("cup_2", "cup", "blue")],
              [{"subject": "cup_1", "relation": "left of", "object": "cup_2"}])
    out = solve_layout(s)
    assert center(out.objects[0].box)[0] < center(out.objects[1].box)[0]
    assert violations(out) == []


def test_size_priors_keep_a_bus_bigger_than_an_apple() -> None:
    out = solve_layout(scene([obj("apple_1", "apple"), obj("bus_1", "bus")]))
    area = {o.name: (o.box[2] - o.box[0]) * (o.box[3] - o.box[1]) for o in out.objects}
    assert area["bus"] > 3 * area["apple"]


@pytest.mark.parametrize("n", [2, 5, 12, 20])
def test_counted_instances_never_merge(n: int) -> None:
    out = solve_layout(scene([obj(f"kite_{i}", "kite") for i in range(n)] + [obj("car_1", "car")]))
    boxes = [o.box for o in out.objects]
    for a, b in itertools.combinations(boxes, 2):
        assert iou(a, b) < 0.05
    assert violations(out) == []


def test_chain_of_relations_and_mixed_axes() -> None:
    s = scene([obj("a_1", "apple"), obj("b_1", "banana"), obj("c_1", "cake"), obj("d_1", "dog")],
              [{"subject": "apple", "relation": "left of", "object": "banana"},
               {"subject": "banana", "relation": "left of", "object": "cake"},
               {"subject": "dog", "relation": "below", "object": "cake"}])
    assert violations(solve_layout(s)) == []


def test_contradiction_warns_instead_of_failing() -> None:
    s = scene([obj("cat_1", "cat"), obj("dog_1", "dog")],
              [{"subject": "cat", "relation": "left of", "object": "dog"},
               {"subject": "dog", "relation": "left of", "object": "cat"}])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = solve_layout(s)
    messages = [str(w.message) for w in caught]
    assert any("contradicts" in m for m in messages) and any("unmet" in m for m in messages)
    assert len(violations(out)) == 1  # one of the two can hold, and does


def test_seeds_vary_but_stay_valid() -> None:
    s = scene([obj("cat_1", "cat"), obj("dog_1", "dog"), obj("bird_1", "bird"), obj("bird_2", "bird")],
              [{"subject": "cat", "relation": "left of", "object": "dog"}])
    outs = [solve_layout(s, seed=k) for k in range(5)]
    assert len({tuple(o.box for o in out.objects) for out in outs}) == 5
    for out in outs:
        assert violations(out) == []
    assert solve_layout(s, seed=2).objects == outs[2].objects  # a seed is reproducible


def test_texts_go_on_their_surface_or_in_a_free_band() -> None:
    s = scene([obj("sign_1", "sign"), obj("dog_1", "dog"), obj("dog_2", "dog")],
              texts=[SceneText(id="text_1", content="OPEN", box=PLACEHOLDER, on="sign_1"),
                     SceneText(id="text_2", content="Best dogs", box=PLACEHOLDER)])
    out = solve_layout(s)
    sign = out.objects[0].box
    on, free = out.texts[0].box, out.texts[1].box
    assert sign[0] <= on[0] < on[2] <= sign[2] and sign[1] <= on[1] < on[3] <= sign[3]
    for o in out.objects:
        assert iou(free, o.box) == 0.0 and free[3] <= o.box[1]


def test_non_square_canvas_and_no_objects() -> None:
    s = scene([obj("giraffe_1", "giraffe"), obj("zebra_1", "zebra")],
              [{"subject": "giraffe", "relation": "right of", "object": "zebra"}], width=1024, height=512)
    out = solve_layout(s)
    assert violations(out) == []
    g = out.objects[0].box
    assert (g[3] - g[1]) * 512 > (g[2] - g[0]) * 1024  # a giraffe stays taller than wide in pixels
    empty = solve_layout(scene([], texts=[SceneText(id="t", content="hi", box=PLACEHOLDER)]))
    assert empty.texts[0].box != PLACEHOLDER


def test_relation_checks_apply_the_geneval_margin() -> None:
    # centres 40 px apart but boxes 200 px wide: 0.1 * 400 = 40 eats the whole offset
    a, b = (0, 0, 200, 100), (40, 0, 240, 100)
    assert geneval_relations(a, b) == set()
    assert "left of" in geneval_relations((0, 0, 100, 100), (200, 0, 300, 100))
    assert not relation_holds("left of", (0.0, 0.0, 0.4, 0.2), (0.08, 0.0, 0.48, 0.2))
    assert relation_holds("left of", (0.0, 0.4, 0.3, 0.6), (0.6, 0.4, 0.9, 0.6))


def test_many_random_planner_scenes_are_valid() -> None:
    from agent.planners import get_planner

    p = get_planner("offline")
    things = ["cat", "bus", "apple", "umbrella", "robot", "teddy bear", "wine glass", "giraffe"]
    rels = ["left of", "right of", "above", "below", "next to", "on top of", "under", "behind"]
    nums = ["a", "two", "three", "four"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a, r, b, n in itertools.islice(itertools.product(things, rels, things[::-1], nums), 0, None, 7):
            if a == b:
                continue
            s = p.plan(f"{n} {a}s {r} a {b}" if n != "a" else f"a {a} {r} a {b}")
            assert violations(s) == [], s.prompt


@pytest.mark.parametrize("top", ["roof", "ceiling"])
def test_a_roof_closes_what_stands_under_it(top: str) -> None:
    """No relation names it, yet a roof or a ceiling is drawn above the other things and spans them."""
    s = scene([obj("shed_1", "shed"), obj("gate_1", "gate"), obj("lamp_1", "lamp"), obj("top_1", top)])
    out = solve_layout(s)
    over = out.objects[-1]
    for o in out.objects[:-1]:
        assert center(over.box)[1] < center(o.box)[1], (o.name, o.box, over.box)
        assert over.box[0] < o.box[2] and o.box[0] < over.box[2], (o.name, o.box, over.box)


@pytest.mark.parametrize("place, left", [("in the bottom left corner", True), ("on the right", False),
                                         ("in the top right corner", False)])
def test_a_thing_put_on_one_side_stays_there_beside_things_put_nowhere(place, left) -> None:
    s = scene([obj("lamp_1", "lamp"), obj("chair_1", "chair", attributes=[place]), obj("rug_1", "rug")])
    for seed in range(4):
        out = solve_layout(s, seed=seed)
        x = center(out.objects[1].box)[0]
        assert (x < 0.5) if left else (x > 0.5), (seed, out.objects[1].box)


def test_ground_in_no_relation_is_a_band_along_the_bottom_under_the_things() -> None:
    s = scene([obj("kid_1", "kid"), obj("sand_1", "sand", attributes=["at the bottom"]), obj("kite_1", "kite"),
               obj("sea_1", "sea")])
    out = solve_layout(s)
    sand, sea = out.objects[1], out.objects[3]
    for band in (sand, sea):
        assert band.box[0] <= 0.05 and band.box[2] >= 0.95 and band.box[3] > 0.8  # full width, at the bottom
    assert sand.box[1] < sea.box[1]  # stacked in the order said
    for thing in (out.objects[0], out.objects[2]):
        assert center(thing.box)[1] < center(sand.box)[1]  # standing above the ground's middle


def test_ground_a_thing_rests_on_is_laid_out_with_it() -> None:
    s = scene([obj("bus_1", "bus", anchor={"kind": "on", "target": "road_1"}), obj("road_1", "road")],
              [{"subject": "bus", "relation": "on top of", "object": "road"}])
    out = solve_layout(s)
    assert violations(out) == []
