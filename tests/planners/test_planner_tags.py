"""Tag-style prompts, catalogue strings and hand-found gaps (issue 13, style lane): worn things WordNet files
as places, buildings put in a place, "style" that modifies a noun, lone pronouns, people's names, positions,
named landmarks, spaced digits. Prompts here are our own, not from any benchmark list."""

from __future__ import annotations

import pytest

from tests.planning import plan


@pytest.mark.parametrize("prompt, wearer, worn", [
    ("a fox wearing a golden crown", "fox", "crown"),
    ("an old king wears a crown of thorns", "king", "crown"),
])
def test_a_worn_thing_is_an_object_even_when_its_first_sense_is_a_place(planner, prompt, wearer, worn) -> None:
    s = plan(planner, prompt)
    thing = next(o for o in s.objects if o.name == worn)
    assert thing.anchor is not None and thing.anchor.target.startswith(wearer)
    assert worn not in s.background


@pytest.mark.parametrize("prompt, thing, place", [
    ("a small wooden cabin in a snowy forest", "cabin", "forest"),
    ("a tall library in a walled garden", "library", "garden"),
])
def test_a_building_put_in_a_place_is_a_thing_in_that_setting(planner, prompt, thing, place) -> None:
    s = plan(planner, prompt)
    assert thing in s.counts() and thing not in s.background and place in s.background


def test_style_before_a_noun_belongs_to_that_noun(planner) -> None:
    s = plan(planner, "a green armchair in a rustic style kitchen")
    assert "armchair" in s.counts() and "rustic style kitchen" in s.background
    assert "rustic style" not in s.style
    s = plan(planner, "a fox in a watercolor style, with flowers")
    assert "watercolor style" in s.style and "fox" in s.counts()


@pytest.mark.parametrize("prompt, person, held", [
    ("She wears a long coat and carries a green lantern", "woman", "lantern"),
    ("He is holding a kite on a windy beach", "man", "kite"),
    ("Somebody is carrying an old suitcase across the station", "person", "suitcase"),
])
def test_a_pronoun_with_no_antecedent_is_a_person(planner, prompt, person, held) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(person) == 1
    thing = next(o for o in s.objects if o.name == held)
    assert thing.anchor is not None and thing.anchor.kind == "held_by" and thing.anchor.target == f"{person}_1"


def test_a_pronoun_after_a_person_is_that_person(planner) -> None:
    s = plan(planner, "A girl waits at the bus stop. She holds a yellow balloon.")
    assert s.counts().get("girl") == 1 and "woman" not in s.counts()
    balloon = next(o for o in s.objects if o.name == "balloon")
    assert balloon.anchor is not None and balloon.anchor.target == "girl_1"


def test_a_pose_description_gets_no_extra_man(planner) -> None:
    """The pose's "he" is its one poser (a man the parts belong to), not a second man beside him."""
    s = plan(planner, "he stands on his right foot with his left knee raised and both arms out")
    assert s.counts().get("man") == 1 and "he" not in s.counts()
    man = s.objects_named("man")[0]
    assert all(o.anchor is not None and o.anchor.target == man.id for o in s.objects if o is not man)


@pytest.mark.parametrize("prompt, name", [
    ("Hermione Granger reading in a library", "hermione granger"),
    ("Sherlock Holmes smoking a pipe", "sherlock holmes"),
    ("Jane Potter waving from a boat", "jane potter"),
])
def test_a_person_s_full_name_is_one_person(planner, prompt, name) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(name) == 1
    last = name.split()[1]
    assert last not in s.counts()


@pytest.mark.parametrize("prompt, thing", [
    ("Statue of Freedom, dawn, watercolor painting", "statue"),
    ("the Bridge of Sighs under storm clouds", "bridge"),
])
def test_a_named_landmark_is_a_thing_not_a_style(planner, prompt, thing) -> None:
    s = plan(planner, prompt)
    obj = next(o for o in s.objects if o.name == thing)
    assert "of " in obj.description and thing not in s.style.split(", ")


def test_a_portrait_of_a_named_person_stays_a_portrait(planner) -> None:
    s = plan(planner, "Portrait of Ada Lovelace, pencil sketch")
    assert "portrait" in s.style and "portrait" not in s.counts() and "ada lovelace" in s.counts()


@pytest.mark.parametrize("prompt", ["an owl on a branch, centered, moody light", "a single red apple centered"])
def test_centered_puts_the_subject_in_the_center(planner, prompt) -> None:
    s = plan(planner, prompt)
    first = s.objects[0] if s.objects[0].anchor is None else next(o for o in s.objects if o.anchor is None)
    assert first.region == "center"


def test_in_the_center_is_a_position(planner) -> None:
    s = plan(planner, "a blue kite in the center of the picture, two birds at the top")
    kite = next(o for o in s.objects if o.name == "kite")
    assert kite.region == "center" and abs((kite.box[0] + kite.box[2]) / 2 - 0.5) < 0.15


def test_a_picture_adjective_tag_is_style_and_a_bough_is_a_thing(planner) -> None:
    s = plan(planner, "a sparrow on a branch, moody light")
    assert "moody light" in s.style and "moody" not in s.counts()
    assert {"sparrow", "branch"} <= set(s.counts())


def test_digits_typed_one_by_one_are_one_number(planner) -> None:
    s = plan(planner, "a 1 9 6 0 s style travel poster of a seaside town, 8 k")
    assert "1 9 6 0 s style" in s.style and "8k" in s.style  # read as one number, written as the user spaced it
    assert not any(o.name.isdigit() or o.name in ("s", "k") for o in s.objects)
    s = plan(planner, "team logo, summer cup 2 0 2 2")
    assert not s.counts().get("cup", 1) > 1 and "2022" not in s.counts()


def test_two_spaced_digits_are_left_alone() -> None:
    from agent.planners.prompt_syntax import read_syntax
    assert "3 4" in read_syntax("rows 3 4 and 5", 512, 512).text


@pytest.mark.parametrize("prompt, style, thing", [
    ("retro style travel poster of a hot air balloon", "retro style travel poster", "hot air balloon"),
    ("anime style drawing of a fox", "anime style drawing", "fox"),
])
def test_a_styled_picture_word_is_the_picture(planner, prompt, style, thing) -> None:
    s = plan(planner, prompt)
    assert style in s.style and thing in s.counts() and "poster" not in s.counts()


def test_a_styled_poster_hung_somewhere_is_a_thing(planner) -> None:
    s = plan(planner, "a vintage style poster on the wall of a diner")
    assert "poster" in s.counts()


def test_a_weather_tag_is_the_sky_s_look_not_things(planner) -> None:
    s = plan(planner, "a ruined abbey, altocumulus clouds, golden hour")
    assert "altocumulus clouds" in s.style and set(s.counts()) == {"abbey"}
    s = plan(planner, "portrait of a boy drifting in the clouds, soft light")
    assert "boy" in s.counts()


def test_waves_are_scenery_not_dropped(planner) -> None:
    s = plan(planner, "glowing waves at dusk, sparkling foam")
    assert "wave" in s.background or "waves" in s.background


@pytest.mark.parametrize("prompt, label, things", [
    ("arrows: set of six hand-drawn icons", "arrows", {"icon"}),
    ("EXPO 1999: a robot shakes hands with a child", "EXPO 1999", {"robot", "child"}),
])
def test_a_short_label_before_a_colon_is_a_caption(planner, prompt, label, things) -> None:
    s = plan(planner, prompt)
    assert label in s.style and set(s.counts()) == things


def test_a_position_before_a_colon_is_no_label(planner) -> None:
    s = plan(planner, "Bottom: a red car on a bridge")
    assert "Bottom" not in s.style and "car" in s.counts()


def test_catalogue_measurements_are_not_things() -> None:
    from agent.planners.prompt_syntax import read_syntax
    text = read_syntax("oak bench, 48 1/4 x 15 x 18 in (122.5 x 38 x 46 cm)", 512, 512).text
    assert "cm" not in text and "x" not in text.split() and "oak bench" in text
    assert "4 x 4" in read_syntax("a 4 x 4 grid of tiles", 512, 512).text  # a grid, not a measure


def test_a_vector_set_is_the_sheet_and_a_tea_set_a_thing(planner) -> None:
    s = plan(planner, "golden star badges - vector set")
    assert "set" not in s.counts() and "set" in s.style and "badge" in s.counts()
    assert "tea set" in plan(planner, "a porcelain tea set on a tray").counts()


@pytest.mark.parametrize("prompt, said", [
    ("a quiet harbour at dawn", "at dawn"),
    ("an empty playground in winter", "in winter"),
])
def test_a_time_keeps_its_preposition_in_the_background(planner, prompt, said) -> None:
    assert said in plan(planner, prompt).background


def test_a_viewpoint_is_the_camera_and_its_owner_stays(planner) -> None:
    s = plan(planner, "a giant mushroom seen from the point of view of a snail")
    assert "point of view" in s.style and {"mushroom", "snail"} <= set(s.counts())
    s = plan(planner, "a crowded market seen through the eyes of a puppy")
    assert "point of view" in s.style and "eye" not in s.style and "puppy" in s.counts()


def test_a_tag_list_s_things_the_tagger_took_for_verbs(planner) -> None:
    s = plan(planner, "pirate maid at the docks, wooden barrels, seagulls, golden hour")  # "maid": a verb to the tagger
    assert "maid" in s.counts()


def test_camera_angle_and_lens_tags_are_style(planner) -> None:
    s = plan(planner, "a knight on horseback, super wide angle, anamorphic lens, dusk")
    assert "super wide angle" in s.style and "anamorphic lens" in s.style
    assert set(s.counts()) <= {"knight", "horse", "horseback"}


def test_a_picture_taken_is_not_drawn(planner) -> None:
    s = plan(planner, "three friends take a selfie on a rooftop")
    assert "selfie" not in s.counts() and "friend" in s.counts()


def test_a_cover_or_poster_tag_is_the_picture(planner) -> None:
    s = plan(planner, "a fox in a tuxedo, vintage magazine cover, halftone print")
    assert "vintage magazine cover" in s.style and "cover" not in s.counts() and "fox" in s.counts()


def test_a_set_with_things_is_the_sheet(planner) -> None:
    s = plan(planner, "Collection with four vintage teapots. watercolor")
    assert s.style.startswith("collection") and s.counts() == {"teapot": 4}


def test_a_thing_doing_something_in_a_tag_is_a_thing(planner) -> None:
    s = plan(planner, "a castle under siege, cannons firing, dramatic lighting")
    assert "cannon" in s.counts() and "dramatic lighting" in s.style


@pytest.mark.parametrize("prompt, person, other", [
    ("He rides his horse across a meadow", "man", "horse"),
    ("She and her brother fly a kite on a hill", "woman", "brother"),
])
def test_a_subject_pronoun_is_a_person_even_when_others_follow(planner, prompt, person, other) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(person) == 1 and other in s.counts()


def test_a_described_subject_before_a_colon_is_no_label(planner) -> None:
    s = plan(planner, "Owl: snowy white, perched on a fence post")
    assert "owl" in s.counts() and "Owl" not in s.style


def test_a_wood_named_bare_after_a_made_thing_is_its_material(planner) -> None:
    assert "oak" not in plan(planner, "set of four bar stools in oak").counts()
    assert "oak" in plan(planner, "a squirrel in an oak").counts()


def test_a_wood_after_a_thing_whose_first_sense_is_no_object_is_its_material_too(planner) -> None:
    # WordNet files "table" first as a group (of people at a table); its furniture sense still makes it
    counts = plan(planner, "a low table in teak beside a sofa").counts()
    assert "teak" not in counts and counts.get("table") == 1


def test_a_title_case_prompt_keeps_its_things(planner) -> None:
    s = plan(planner, "A Basket Of Apples On A Bench")
    assert {"basket", "apple", "bench"} <= set(s.counts())
