"""apply_edit: each kind of follow-up changes exactly what it names and leaves the rest untouched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.edits import EditError, apply_edit, describe_scene
from agent.errors import ScenecraftError
from agent.scene import Scene


def kitchen() -> Scene:
    return Scene.parse({
        "prompt": "two red apples left of a blue cup, a dog, and a sign that says OPEN",
        "background": "a wooden kitchen table",
        "objects": [
            {"id": "apple_1", "name": "apple", "description": "a shiny red apple", "color": "red",
             "box": [0.05, 0.5, 0.2, 0.7]},
            {"id": "apple_2", "name": "apple", "description": "a shiny red apple", "color": "red",
             "box": [0.22, 0.5, 0.37, 0.7]},
            {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue",
             "box": [0.45, 0.45, 0.62, 0.7]},
            {"id": "dog_1", "name": "dog", "description": "a dog", "box": [0.1, 0.75, 0.35, 0.97]},
            {"id": "sign_1", "name": "sign", "description": "a wooden sign", "box": [0.7, 0.1, 0.95, 0.4]},
        ],
        "relations": [{"subject": "apple", "relation": "left of", "object": "cup"}],
        "texts": [{"id": "text_1", "content": "OPEN", "box": [0.73, 0.15, 0.92, 0.3], "on": "sign_1"}],
    })


def boxes(scene: Scene) -> dict[str, tuple]:
    return {o.id: o.box for o in scene.objects}


def center(box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def test_recolour_changes_only_that_object_and_never_the_input():
    s = kitchen()
    before = s.to_json()
    out = apply_edit(s, "make the cup green")
    assert s.to_json() == before
    cup = out.objects_named("cup")[0]
    assert cup.color == "green" and cup.description == "a green cup"
    assert boxes(out) == boxes(s)
    assert [o.color for o in out.objects if o.id != "cup_1"] == [o.color for o in s.objects if o.id != "cup_1"]
    assert "green cup" in out.prompt and "blue cup" not in out.prompt


def test_recolour_plural_ordinal_and_ambiguity():
    s = kitchen()
    assert {o.color for o in apply_edit(s, "paint the apples yellow").objects_named("apple")} == {"yellow"}
    out = apply_edit(s, "make the second apple green")
    assert [o.color for o in out.objects_named("apple")] == ["red", "green"]
    assert out.objects[1].description == "a shiny green apple"
    with pytest.raises(EditError, match=r"which apple\? there are 2 \(apple_1, apple_2\)"):
        apply_edit(s, "make the apple green")
    assert apply_edit(s, "make the text red").texts[0].color == "red"


def test_add_a_third_apple_keeps_other_boxes_and_inherits_colour():
    s = kitchen()
    out = apply_edit(s, "add a third apple")
    apples = out.objects_named("apple")
    assert len(apples) == 3 and apples[-1].id == "apple_3" and apples[-1].color == "red"
    assert {k: v for k, v in boxes(out).items() if k != "apple_3"} == boxes(s)
    x0, y0, x1, y1 = apples[-1].box
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_add_with_relation_places_it_and_records_the_relation():
    s = kitchen()
    out = apply_edit(s, "add a black cat left of the cup")
    cat = out.objects_named("cat")[0]
    assert cat.color == "black" and center(cat.box)[0] < center(out.objects_named("cup")[0].box)[0]
    assert any(r.subject == cat.id and r.relation == "left of" and r.object == "cup_1" for r in out.relations)
    two = apply_edit(s, "add two birds")
    assert [o.id for o in two.objects_named("bird")] == ["bird_1", "bird_2"]
    hat = apply_edit(s, "put a hat on the dog").objects_named("hat")[0]
    assert center(hat.box)[1] < center(s.objects_named("dog")[0].box)[1]


def test_between_several_at_once_replace_and_swap():
    s = kitchen()
    out = apply_edit(s, "add a red ball between the cup and the dog")
    ball = out.objects_named("ball")[0]
    cup, dog = s.objects_named("cup")[0].box, s.objects_named("dog")[0].box
    assert center(ball.box) == pytest.approx(((center(cup)[0] + center(dog)[0]) / 2,
                                              (center(cup)[1] + center(dog)[1]) / 2),
                                             abs=0.02)
    assert any(r.relation == "between" and r.object == "cup_1" and r.object2 == "dog_1" for r in out.relations)
    both = apply_edit(s, "add a cat and two birds")
    assert both.counts()["cat"] == 1 and both.counts()["bird"] == 2
    mug = apply_edit(s, "turn the cup into a white mug")
    assert "cup" not in mug.counts() and mug.objects_named("mug")[0].color == "white"
    assert mug.objects_named("mug")[0].box == s.objects_named("cup")[0].box
    assert mug.relations[0].object == "mug"  # the relation followed the object
    flag = apply_edit(s, "change the sign to a flag")
    assert "flag" in flag.counts() and flag.texts[0].content == "OPEN"
    assert flag.texts[0].on == flag.objects_named("flag")[0].id
    swapped = apply_edit(s, "swap the cup and the dog")
    assert center(swapped.objects_named("cup")[0].box) == pytest.approx(center(dog), abs=0.01)  # clamped to the frame
    assert center(swapped.objects_named("dog")[0].box) == pytest.approx(center(cup), abs=1e-3)


def test_remove_drops_dangling_relations_and_texts():
    s = kitchen()
    out = apply_edit(s, "remove the cup")
    assert "cup" not in out.counts() and out.relations == [] and "cup" in out.negative
    out = apply_edit(s, "delete the sign")
    assert out.texts == []
    assert apply_edit(s, "remove an apple").counts()["apple"] == 1
    with pytest.raises(EditError, match="there is no unicorn in the scene"):
        apply_edit(s, "remove the unicorn")


def test_move_direction_and_relation():
    s = kitchen()
    out = apply_edit(s, "move the dog to the right")
    old, new = s.objects_named("dog")[0].box, out.objects_named("dog")[0].box
    assert new[0] > old[0] and new[1] == old[1] and new[2] - new[0] == pytest.approx(old[2] - old[0])
    assert {k: v for k, v in boxes(out).items() if k != "dog_1"} == {k: v for k, v in boxes(s).items() if k != "dog_1"}
    edge = apply_edit(out, "move the dog all the way to the right")
    with pytest.raises(EditError, match="cannot move further"):
        apply_edit(edge, "move the dog to the right")
    above = apply_edit(s, "put the dog above the cup")
    assert center(above.objects_named("dog")[0].box)[1] < center(above.objects_named("cup")[0].box)[1]
    assert any(r.subject == "dog_1" and r.relation == "above" and r.object == "cup_1" for r in above.relations)


def test_move_that_breaks_a_relation_drops_it():
    s = kitchen()
    out = apply_edit(s, "put the cup left of the apples")
    assert not any(r.relation == "left of" and r.subject == "apple" for r in out.relations)
    assert any(r.subject == "cup_1" and r.relation == "left of" for r in out.relations)


def test_count_changes():
    s = kitchen()
    assert apply_edit(s, "make it five apples").counts()["apple"] == 5
    one = apply_edit(s, "only one apple")
    assert one.counts()["apple"] == 1 and boxes(one)["apple_1"] == boxes(s)["apple_1"]
    assert apply_edit(s, "set the number of apples to 3").counts()["apple"] == 3
    with pytest.raises(EditError, match="already 2 apples"):
        apply_edit(s, "two apples")


def test_text_edits_keep_case_and_pick_the_right_text():
    s = kitchen()
    assert apply_edit(s, "change the sign to CLOSED").texts[0].content == "CLOSED"
    assert apply_edit(s, "replace OPEN with 'Back soon'").texts[0].content == "Back soon"
    two = apply_edit(s, "write \"SALE\" on the cup")
    assert two.texts[1].content == "SALE" and two.texts[1].on == "cup_1"
    assert apply_edit(two, "change the sign to CLOSED").texts[0].content == "CLOSED"  # the text on the sign
    with pytest.raises(EditError, match="which text"):
        apply_edit(two, "change the text to HELLO")
    assert apply_edit(s, "change the sign to red").objects_named("sign")[0].color == "red"


def test_background_style_and_size():
    s = kitchen()
    assert apply_edit(s, "change the background to a sunny beach").background == "a sunny beach"
    assert apply_edit(s, "make it a watercolor").style == "watercolor"
    assert apply_edit(s, "change the style to oil painting").style == "oil painting"
    big = apply_edit(s, "make the cup bigger").objects_named("cup")[0].box
    old = s.objects_named("cup")[0].box
    assert (big[2] - big[0]) > (old[2] - old[0]) and center(big) == pytest.approx(center(old), abs=1e-3)


def test_unknown_empty_and_session_commands_are_clear_errors():
    s = kitchen()
    with pytest.raises(EditError, match="cannot understand the edit 'sing a song'.*objects: apple, cup, dog, sign"):
        apply_edit(s, "sing a song", llm=False)
    with pytest.raises(EditError, match="empty instruction"):
        apply_edit(s, "   ")
    with pytest.raises(EditError, match="session command"):
        apply_edit(s, "undo")
    assert issubclass(EditError, ScenecraftError)


def test_llm_required_but_absent_is_an_error_not_a_guess(monkeypatch):
    for key in ("OPENAI_API_KEY", "SCENECRAFT_LLM_BASE_URL", "SCENECRAFT_LLM_MODEL", "SCENECRAFT_LLM_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(EditError):
        apply_edit(kitchen(), "sing a song", llm=True)


def test_describe_scene_counts_and_colours():
    assert describe_scene(kitchen()).startswith("two red apples, a blue cup, a dog and a sign")


EDITS = ["make the cup green", "add a third apple", "add a cat", "remove the cup", "move the dog to the right",
         "move the dog up", "put the cat above the dog", "change the sign to CLOSED", "make it four apples",
         "change the background to a beach", "make the dog smaller", "add a bird next to the sign",
         "remove the apples", "make the apples blue", "make the dog bigger", "move the sign to the bottom left corner"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=6))
def test_any_sequence_of_edits_gives_a_valid_scene_or_a_clear_error(seq):
    s = kitchen()
    for ins in seq:
        before = s
        try:
            s = apply_edit(s, ins)
        except EditError as exc:
            assert str(exc)
            continue
        Scene.parse(s.model_dump(mode="json"))  # round-trips through the contract
        for o in s.objects:
            assert 0 <= o.box[0] < o.box[2] <= 1 and 0 <= o.box[1] < o.box[3] <= 1
        # objects the instruction does not name keep their boxes
        named = {o.id for o in before.objects if o.name in ins or o.name + "s" in ins}
        for o in s.objects:
            if o.id not in named and o.id in boxes(before) and "apples" not in ins:
                assert o.box == boxes(before)[o.id], (ins, o.id)


def test_removing_an_anchor_target_frees_what_hung_on_it() -> None:
    from agent.edits import apply_edit
    from agent.scene import Scene

    scene = Scene.parse({"objects": [
        {"id": "cat_1", "name": "cat", "box": [0.2, 0.3, 0.6, 0.9]},
        {"id": "hat_1", "name": "hat", "box": [0.3, 0.2, 0.5, 0.35], "anchor": {"kind": "worn_by", "target": "cat_1"}},
    ]})
    out = apply_edit(scene, "remove the cat")
    assert [o.id for o in out.objects] == ["hat_1"] and out.objects[0].anchor is None
    assert Scene.parse(out.to_json()).objects[0].anchor is None  # the result is a valid Scene again
    assert scene.objects[1].anchor is not None  # the input is untouched
