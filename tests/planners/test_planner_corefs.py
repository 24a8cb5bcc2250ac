"""Coreference the offline planner reads: "the one ..." picks an instance out of a group said before.
Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

from tests.planning import plan


def test_the_one_picks_instances_with_their_own_colour_and_place(planner) -> None:
    s = plan(planner, "Two vans are parked by the road. The one in front is red and the one behind it is grey.")
    vans = s.objects_named("van")
    assert len(vans) == 2 and sorted(v.color or "" for v in vans) == ["gray", "red"]
    red = next(v for v in vans if v.color == "red")
    grey = next(v for v in vans if v.color == "gray")
    assert any(r.subject == red.id and r.relation == "in front of" and r.object == grey.id for r in s.relations)
    assert (red.z or 0) > (grey.z or 0)  # the front one is drawn over the other


def test_what_is_said_of_the_group_holds_for_each_picked_one(planner) -> None:
    s = plan(planner, "Two lamps stand on a desk; the one on the left is green and the one on the right is white.")
    lamps = sorted(s.objects_named("lamp"), key=lambda o: o.box[0])
    assert [lamp.color for lamp in lamps] == ["green", "white"]
    assert s.counts().get("desk") == 1
    assert all(lamp.anchor is not None and lamp.anchor.kind == "on" for lamp in lamps)


def test_a_place_said_in_either_order_puts_the_thing_there(planner) -> None:
    s = plan(planner, "There is a vase on a shelf and a small clock in the right bottom.")
    clock = s.objects_named("clock")[0]
    assert (clock.box[0] + clock.box[2]) / 2 > 0.5 and (clock.box[1] + clock.box[3]) / 2 > 0.5
