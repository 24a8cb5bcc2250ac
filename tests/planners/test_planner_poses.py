"""Pose descriptions: the parts a prompt poses are drawn where a body has them, and the relations it states
between them hold in the boxes. Prompts written for these tests, not benchmark ones."""

from __future__ import annotations

import pytest

from agent.scene import Scene, SceneObject
from tests.planning import plan


def _centre(o: SceneObject) -> tuple[float, float]:
    return (o.box[0] + o.box[2]) / 2, (o.box[1] + o.box[3]) / 2


def _part(s: Scene, name: str, side: str | None = None) -> SceneObject:
    found = [o for o in s.objects if o.name == name and (side is None or side in o.description)]
    assert found, f"no {side or ''} {name} in {[o.description for o in s.objects]}"
    return found[0]


def test_posed_parts_of_a_named_figure_are_drawn_as_its_parts(planner) -> None:
    s = plan(planner, "The dancer rests on her left leg, the right knee is raised and both arms are stretched out.")
    dancer = s.objects_named("dancer")[0]
    for name in ("leg", "knee", "arm"):
        o = _part(s, name)
        assert o.anchor is not None and (o.anchor.kind, o.anchor.target) == ("part_of", dancer.id)
    assert "leg" in dancer.description  # the figure's own description still says what it does


def test_parts_that_only_describe_stay_in_the_description(planner) -> None:
    s = plan(planner, "a girl with long red hair and green eyes holding an umbrella")
    assert sorted(s.counts()) == ["girl", "umbrella"]


def test_parts_lie_where_a_body_has_them(planner) -> None:
    s = plan(planner, "A climber stands on his right foot with the left leg bent and the left hand on his head.")
    climber = s.objects_named("climber")[0]
    foot, head = _part(s, "foot"), _part(s, "head")
    assert _centre(head)[1] < _centre(climber)[1] < _centre(foot)[1]  # the figure stands on its foot
    assert climber.box[0] <= _centre(foot)[0] <= climber.box[2]
    # facing the viewer: the right foot is on the picture's left, the left leg on its right
    assert _centre(foot)[0] < _centre(climber)[0] < _centre(_part(s, "leg", "left"))[0]


def test_a_relation_between_two_parts_moves_the_first(planner) -> None:
    s = plan(planner, "a woman kneeling with her right foot above her left knee. Her left arm is under her right arm.")
    assert _centre(_part(s, "foot"))[1] < _centre(_part(s, "knee"))[1]  # a raised foot, above the knee
    assert _centre(_part(s, "arm", "left"))[1] > _centre(_part(s, "arm", "right"))[1]


def test_body_parts_the_tagger_took_for_verbs_are_parts(planner) -> None:
    s = plan(planner, "knees bent low, hands right in front of the chest, head tilted down")
    assert s.counts().get("knee") == 2 and s.counts().get("hand") == 2


def test_a_part_said_only_as_a_height_or_a_joint_is_described_not_drawn(planner) -> None:
    """ "at shoulder height", "level with the hip", "bent at the elbow": where the posed part is, not a part of
    its own; the figure's description still names it."""
    s = plan(planner, "The skater stands on her left leg. Her right arm is bent at the elbow, her left hand is level "
                      "with her hip and her right foot is raised to knee level.")
    names = s.counts()
    assert "elbow" not in names and "hip" not in names and "knee" not in names, names
    assert {"leg", "arm", "foot"} <= set(names) and any("hand" in n for n in names), names
    skater = s.objects_named("skater")[0]
    assert "elbow" in skater.description and "hip" in skater.description


def test_the_whole_body_as_a_landmark_is_the_figure(planner) -> None:
    s = plan(planner, "The man stands tall with his left arm folded across his body and his right hand in front "
                      "of the body.")
    assert "body" not in s.counts() and s.counts().get("man") == 1
    assert {"arm", "hand"} <= set(s.counts())


def test_the_weight_of_the_body_is_about_the_body(planner) -> None:
    s = plan(planner, "Both palms are flat on the floor and the weight of the body rests on the wrists.")
    assert "body" in s.counts()


def test_a_region_of_a_part_is_said_with_the_part(planner) -> None:
    s = plan(planner, "The girl is kneeling, the tip of her right thumb touches the bridge of her nose.")
    names = s.counts()
    assert "tip" not in names and "bridge" not in names, names
    assert "bridge of nose" in s.objects_named("girl")[0].description


def test_left_and_right_parts_said_with_their_are_two(planner) -> None:
    s = plan(planner, "The boy holds their left arm out straight and their right arm high above their head.")
    arms = [o for o in s.objects if o.name == "arm"]
    assert len(arms) == 2 and {"left", "right"} <= {w for o in arms for w in o.description.split()}


def test_an_object_predicate_is_no_thing(planner) -> None:
    s = plan(planner, "Her right leg is swung out a perfect straight behind her while she balances.")
    assert "straight" not in s.counts()


def test_his_or_her_part_belongs_to_the_person_not_the_pet(planner) -> None:
    s = plan(planner, "an old sailor with a green parrot on his shoulder")
    assert "shoulder" in s.objects_named("sailor")[0].description
    assert "shoulder" not in s.objects_named("parrot")[0].description


def test_the_part_of_someone_named_after_of_is_theirs(planner) -> None:
    s = plan(planner, "a puppy asleep on the lap of a farmer")
    assert "lap" in s.objects_named("farmer")[0].description and "lap" not in s.counts()
    s = plan(planner, "a boy riding on the back of a camel")
    assert "back" in s.objects_named("camel")[0].description
    s = plan(planner, "a label on the back of the bottle")
    assert "back" not in s.objects_named("bottle")[0].description


def test_a_part_someone_stands_beside_is_a_thing_of_its_own(planner) -> None:
    s = plan(planner, "woman in the front of hand. woman holds cup")
    assert s.counts().get("hand") == 1


def test_the_back_posed_or_owned_is_the_bodys_back(planner) -> None:
    s = plan(planner, "feet together, the back is arched, both arms hang loosely")
    assert s.counts().get("back") == 1
    s = plan(planner, "a dog lying on its back in the grass")
    assert "back" in s.objects_named("dog")[0].description and "back" not in s.counts()
    s = plan(planner, "The boy kneels on his left knee with his right hand resting behind his back.")
    assert "back" not in s.counts() and "back" in s.objects_named("boy")[0].description
    assert {"knee", "hand"} <= set(s.counts())


def test_the_description_keeps_the_pose_of_figure_and_parts(planner) -> None:
    """The sketch and a model draw from the description: it says the posture and each part's state."""
    s = plan(planner, "a sailor kneeling on the deck with his arms raised")
    assert "kneeling" in s.objects_named("sailor")[0].description
    assert "arms raised" in s.objects_named("sailor")[0].description
    s = plan(planner, "The boy sits on a bench with his left hand up.")
    d = s.objects_named("boy")[0].description
    assert "sitting" in d and "left hand up" in d, d
    s = plan(planner, "a girl with long brown hair reading a book")
    assert "hair" in s.objects_named("girl")[0].description and "reading" not in s.objects_named("girl")[0].description


def test_a_person_the_tagger_read_as_an_adjective_before_an_act_is_drawn(planner) -> None:
    s = plan(planner, "a fisherman kneeling on the pier")
    assert s.counts().get("fisherman") == 1 and "kneeling" in s.objects_named("fisherman")[0].description


def test_a_pose_named_after_a_thing_draws_no_thing(planner) -> None:
    s = plan(planner, "a girl balancing in tree pose on the sand")
    assert "tree" not in s.counts() and s.counts().get("girl") == 1
    s = plan(planner, "The position is almost that of a table. The hands are raised.")
    assert "table" not in s.counts()
    s = plan(planner, "The stance is that of a person jumping.")
    assert s.counts().get("person") == 1


@pytest.mark.parametrize("prompt, pose, who", [
    ("a man stretching in cobra pose on a rug", "cobra", "man"),
    ("a woman in warrior pose by a lake", "warrior", "woman"),
])
def test_a_pose_named_after_a_person_or_animal_draws_no_one(planner, prompt, pose, who) -> None:
    """A creature right before the pose word names the pose; whoever holds it is the only one drawn."""
    s = plan(planner, prompt)
    assert pose not in s.counts() and s.counts().get(who) == 1


@pytest.mark.parametrize("prompt, who", [("two dancers pose for a photo", "dancer"), ("the women pose", "woman")])
def test_people_who_pose_are_drawn(planner, prompt, who) -> None:
    """ "pose" as the verb of its subject: the subject poses, it names no pose (a plural is no exception)."""
    assert (plan(planner, prompt).counts().get(who) or 0) >= 2


def test_a_bare_plural_of_a_paired_part_alone_is_two(planner) -> None:
    assert plan(planner, "the hands are off the table").counts().get("hand") == 2


def test_a_joint_bent_right_after_its_limb_is_the_limbs_bend(planner) -> None:
    s = plan(planner, "right leg raised behind with knee bent, left arm stretched forward")
    assert "knee" not in s.counts() and {"leg", "arm"} <= set(s.counts())
    assert "knee" in s.objects_named("leg")[0].description
    s = plan(planner, "The runner lifts her left knee, the right leg straight behind her.")
    assert "knee" in s.counts()  # a joint with its own side is posed itself
