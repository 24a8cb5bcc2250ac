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


def _inside(inner, outer) -> bool:
    x, y = (inner.box[0] + inner.box[2]) / 2, (inner.box[1] + inner.box[3]) / 2
    return outer.box[0] <= x <= outer.box[2] and outer.box[1] <= y <= outer.box[3]


def test_a_thing_in_someones_hand_is_held_by_the_hands_owner(planner) -> None:
    s = plan(planner, "An old sailor in a coat and scarf with a pipe in his hand.")
    pipe, sailor = s.objects_named("pipe")[0], s.objects_named("sailor")[0]
    assert pipe.anchor is not None and (pipe.anchor.kind, pipe.anchor.target) == ("held_by", sailor.id)
    s = plan(planner, "Two boys walk down the lane. They carry lanterns in their hands.")
    boys = {o.id for o in s.objects_named("boy")}
    assert all(o.anchor is not None and o.anchor.target in boys for o in s.objects_named("lantern"))


def test_what_someone_eats_or_uses_is_in_their_hands_and_where_they_are(planner) -> None:
    s = plan(planner, "A sailor drinks a soda in an armchair")
    soda, man, chair = (s.objects_named(n)[0] for n in ("soda", "sailor", "armchair"))
    assert soda.anchor is not None and (soda.anchor.kind, soda.anchor.target) == ("held_by", man.id)
    assert _inside(soda, chair)
    s = plan(planner, "a boy using a tractor in a field")  # too big to hold
    assert s.objects_named("tractor")[0].anchor is None


def test_it_can_mean_what_a_subject_that_is_no_thing_is_of(planner) -> None:
    s = plan(planner, "the lamp is tall. the shade of the vase is pale green. it stands on a low shelf.")
    vase = s.objects_named("vase")[0]
    assert vase.anchor is not None and vase.anchor.kind == "on" and s.objects_named("lamp")[0].anchor is None


def test_a_thing_next_to_something_on_a_support_is_on_it_too(planner) -> None:
    s = plan(planner, "There is a teapot on the table next to a small jar.")
    bowl, counter = s.objects_named("jar")[0], s.objects_named("table")[0]
    assert bowl.anchor is not None and (bowl.anchor.kind, bowl.anchor.target) == ("on", counter.id)
    s = plan(planner, "A boy sits on a bench next to his grandmother.")  # people do not share the bench so
    assert s.objects_named("grandmother")[0].anchor is None


def test_each_other_relates_a_groups_own_instances(planner) -> None:
    s = plan(planner, "four crates stacked on top of each other beside a truck")
    crates = sorted(s.objects_named("crate"), key=lambda o: o.box[1])
    assert len(crates) == 4
    assert all(a.box[1] < b.box[1] for a, b in zip(crates, crates[1:]))  # a stack, top to bottom
    assert all(a.anchor is not None and a.anchor.target == b.id for a, b in zip(crates, crates[1:]))
    s = plan(planner, "three kittens sleeping next to one another")
    assert any(r.relation == "next to" and r.subject != r.object for r in s.relations)


def test_what_a_text_is_written_on_carries_it(planner) -> None:
    s = plan(planner, "a meadow of tulips, with the word 'spring' painted on them in white")
    tulips = {o.id for o in s.objects_named("tulip")}
    assert s.texts[0].on in tulips
    s = plan(planner, "a cartoon fox with the word 'hello' written in a speech bubble")
    assert s.texts[0].on == s.objects_named("bubble")[0].id
    s = plan(planner, "a red barn, with the word 'farm' next to a tractor")  # no verb of writing: no carrier
    assert s.texts[0].on is None or s.texts[0].on not in {o.id for o in s.objects_named("tractor")}
