"""One scene-edit engine: chat follow-ups and critique edit plans go through agent.edits.ops."""

from __future__ import annotations

from agent.critique.edit_plan import Edit, EditPlan, apply_edits
from agent.edits import apply_edit
from agent.scene import Scene


def _scene() -> Scene:
    return Scene.parse({
        "prompt": "a light blue cup left of a plate", "width": 256, "height": 256,
        "objects": [
            {"id": "cup_1", "name": "cup", "description": "a light blue cup", "color": "light blue",
             "box": [0.1, 0.5, 0.3, 0.7]},
            {"id": "plate_1", "name": "plate", "description": "a plate", "box": [0.6, 0.5, 0.9, 0.7]},
        ],
        "relations": [{"subject": "cup_1", "relation": "left of", "object": "plate_1"}],
        "texts": [{"id": "text_1", "content": "HOT", "on": "cup_1", "box": [0.12, 0.55, 0.28, 0.62]}],
    })


def test_recolour_reads_the_same_from_chat_and_critique() -> None:
    chat = apply_edit(_scene(), "make the cup red", llm=False)
    critique = apply_edits(_scene(), EditPlan(edits=[Edit(op="recolor", target="cup_1", value="red")]))
    assert chat.objects[0].description == critique.objects[0].description == "a red cup"
    assert chat.objects[0].color == critique.objects[0].color == "red"


def test_remove_takes_relations_and_texts_along() -> None:
    chat = apply_edit(_scene(), "remove the cup", llm=False)
    critique = apply_edits(_scene(), EditPlan(edits=[Edit(op="remove", target="cup_1")]))
    for s in (chat, critique):
        assert [o.id for o in s.objects] == ["plate_1"] and not s.relations and not s.texts


def test_an_added_object_leaves_the_others_in_place() -> None:
    before = _scene()
    after = apply_edits(before, EditPlan(edits=[Edit(op="add", target="apple", value="a green apple")]))
    assert [o.box for o in after.objects[:2]] == [o.box for o in before.objects]
    assert after.objects[2].id == "apple_1" and after.objects[2].box != (0.4, 0.4, 0.6, 0.6)


def test_a_new_text_is_boxed_by_the_layout_rule() -> None:
    from agent.layout.texts import place_texts

    chat = apply_edit(_scene(), "write 'OPEN' on the plate", llm=False)
    new = chat.texts[-1]
    assert new.on == "plate_1" and chat.texts[0].box == _scene().texts[0].box  # the old text stays put
    probe = chat.model_copy(update={"texts": [new]}, deep=True)
    place_texts(probe)
    assert probe.texts[0].box == new.box
