"""The sketch draws a person in the pose the description says (prompts written for these tests)."""

from __future__ import annotations

from plugins.sketch import emoji_glyph, picture, render_scene
from plugins.sketch_poses import posed
from tests.sketching import needs_emoji, plan


def test_posture_words_pick_the_posture_pictogram_with_the_same_gender() -> None:
    assert posed("🧍\u200d♀", "a woman kneeling on a rug") == "🧎\u200d♀"
    assert posed("👨", "a man running with a dog") == "🏃\u200d♂"
    assert posed("🧍", "a person with legs crossed, right arm") == "🧍"  # no posture, no raised arm
    assert posed("🐕", "a dog sitting") == "🐕"  # only person figures take a posture


def test_raised_arms_say_which_arms() -> None:
    assert posed("🧍\u200d♂", "a man with arms raised").endswith("+arms-up")
    assert posed("🧍", "a person with left hand up").endswith("+left-arm-up")
    assert posed("🧍", "a person with raised right arm").endswith("+right-arm-up")


@needs_emoji
def test_a_raised_arm_figure_is_drawn_above_the_head() -> None:
    standing, raised = emoji_glyph("🧍\u200d♂"), emoji_glyph("🧍\u200d♂+arms-up")
    assert standing is not None and raised is not None
    assert raised.height > standing.height and raised.width == standing.width
    top_rows = raised.crop((0, 0, raised.width, raised.height - standing.height))
    alpha = top_rows.getchannel("A")
    left, right = alpha.crop((0, 0, raised.width // 4, alpha.height)), alpha.crop(
        (3 * raised.width // 4, 0, raised.width, alpha.height))
    assert left.getbbox() is not None and right.getbbox() is not None  # a hand above each side of the head


@needs_emoji
def test_a_planned_pose_reaches_the_drawn_picture() -> None:
    s = plan("a fisherman kneeling on the pier")
    fisher = next(o for o in s.objects if o.name == "fisherman")
    assert picture(fisher)[0].startswith("🧎")
    img = render_scene(plan("a teacher standing with both arms raised"), 256, 256)
    assert img.size == (256, 256)


def test_every_raised_arm_said_counts_not_just_the_first() -> None:
    assert posed("🧍", "a dancer with the right hand up and the left hand up").endswith("+arms-up")
    assert posed("🧍\u200d♀", "a girl raising her left arm").endswith("+left-arm-up")
    assert posed("🧍", "a referee lifting both hands").endswith("+arms-up")
    assert posed("🧍", "a runner holding up one hand").endswith("+right-arm-up")
