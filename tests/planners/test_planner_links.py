"""Relations as people write them: who a phrase is about (the viewer's "we can see", pronouns across
sentences, support chains), relations said by verbs ("topped with", "has"), settings that a relation
needs drawn ("grass under sky"), and boxes that agree with "on" / "in" / "left of" the way a person
(and DSG's plan-level rule) reads them."""

from __future__ import annotations

from agent.layout.check import center
from agent.scene import Scene, SceneObject
from tests.planning import plan


def one(s: Scene, name: str) -> SceneObject:
    found = s.objects_named(name)
    assert found, f"no {name!r} in {[o.name for o in s.objects]}"
    return found[0]


def on(a: SceneObject, b: SceneObject) -> bool:
    """a rests on b: a's centre above b's, the boxes overlapping horizontally."""
    return center(a.box)[1] < center(b.box)[1] and a.box[0] < b.box[2] and b.box[0] < a.box[2]


def inside(a: SceneObject, b: SceneObject) -> bool:
    x, y = center(a.box)
    return b.box[0] <= x <= b.box[2] and b.box[1] <= y <= b.box[3]


def rels(s: Scene) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation, r.object) for r in s.relations}


# -- who a phrase is about --------------------------------------------------------------------------------
def test_the_viewers_verb_points_at_what_is_seen(planner):
    s = plan(planner, "In this image there is a floor. We can see a board on the door.")
    assert ("board", "on top of", "door") in rels(s)
    assert on(one(s, "board"), one(s, "door"))


def test_a_fronted_phrase_is_said_of_the_whole_list_after_it(planner):
    s = plan(planner, "I can see a car on the road. On which I can see headlights, front grilles and a number plate.")
    car = one(s, "car")
    for name in ("headlight", "grille", "plate"):
        assert all(on(o, car) for o in s.objects_named(name)), name
    boxes = [o.box for o in s.objects if o.name != "car"]
    assert len(set(boxes)) == len(boxes)  # side by side, never drawn over each other


def test_he_refers_to_the_person_of_an_earlier_sentence(planner):
    s = plan(planner, "A surfer is wearing a black wet suit. He is standing on top of a white surfboard.")
    assert ("surfer", "on top of", "surfboard") in rels(s)
    assert on(one(s, "surfer"), one(s, "surfboard"))
    assert "he" not in s.background.split(", ")  # a pronoun is never a noun (WordNet's "he" is helium)


def test_him_as_a_relation_object_is_the_earlier_person(planner):
    s = plan(planner, "A man wearing an orange shirt is sitting on a green chair. There is a silver table in front "
                      "of him.")
    assert ("table", "in front of", "man") in rels(s)
    assert (one(s, "table").z or 0) > (one(s, "man").z or 0)  # the front one is drawn over


def test_it_after_with_is_what_with_hangs_on(planner):
    s = plan(planner, "There is a white plate on the table with a fork on top of it.")
    assert ("fork", "on top of", "plate") in rels(s)
    s = plan(planner, "a test tube with a drop of liquid in it")
    drop = next(o for o in s.objects if o.name.startswith("drop"))
    assert inside(drop, one(s, "test tube"))


def test_what_is_had_is_what_a_phrase_describes(planner):
    s = plan(planner, "A man is laying in bed. He has a black cat right next to him.")
    assert ("cat", "next to", "man") in rels(s)


def test_a_chain_of_supports_stacks_bottom_up(planner):
    s = plan(planner, "The kitten is lying on the small blanket on top of the unmade bed.")
    kitten, blanket, bed = one(s, "kitten"), one(s, "blanket"), one(s, "bed")
    assert ("blanket", "on top of", "bed") in rels(s)
    assert on(kitten, blanket) and on(blanket, bed) and on(kitten, bed)


def test_a_bare_noun_said_again_is_the_same_thing(planner):
    s = plan(planner, "a photo of chair and dining table; dining table is left to chair")
    assert s.counts() == {"chair": 1, "dining table": 1}
    assert center(one(s, "dining table").box)[0] < center(one(s, "chair").box)[0]


# -- relations said by verbs ------------------------------------------------------------------------------
def test_topped_with_puts_the_things_on_the_subject(planner):
    s = plan(planner, "A table topped with bags and purses.")
    table = one(s, "table")
    assert all(on(o, table) for o in s.objects_named("bag"))


def test_a_thing_that_has_a_thing_carries_it(planner):
    s = plan(planner, "sofa has pillow. lamp near sofa.")
    assert on(one(s, "pillow"), one(s, "sofa"))
    s = plan(planner, "The old building has a window. A cat is sleeping.")
    assert on(one(s, "window"), one(s, "building"))


def test_with_a_smaller_thing_only(planner):
    s = plan(planner, "a table with four chairs")
    assert all(o.anchor is None for o in s.objects_named("chair"))  # chairs stand around it, not on it
    s = plan(planner, "In this image I can see the plate with food.")
    assert on(one(s, "food"), one(s, "plate"))


def test_in_a_uniform_is_worn_not_a_container(planner):
    s = plan(planner, "A man in a white baseball uniform is standing on top of dirt.")
    man = one(s, "man")
    assert man.anchor is None or man.anchor.target != one(s, "uniform").id
    assert on(man, one(s, "dirt"))


# -- settings a relation needs drawn ----------------------------------------------------------------------
def test_two_settings_in_a_relation_draw_the_ground_not_the_sky(planner):
    s = plan(planner, "person under sky. grass under sky")
    grass = one(s, "grass")
    assert "sky" in s.background and not s.objects_named("sky")
    assert grass.box[2] - grass.box[0] > 2 * (grass.box[3] - grass.box[1])  # a strip
    assert center(grass.box)[1] > 0.5  # along the bottom


def test_every_mention_of_a_promoted_setting_is_that_object(planner):
    s = plan(planner, "bus on street. street under bus. sky above street.")
    bus, street = one(s, "bus"), one(s, "street")
    assert len(s.objects_named("street")) == 1
    assert on(bus, street)
    assert bus.box[3] - bus.box[1] > 0.2  # a bus on a strip of road keeps its height


def test_clouds_at_the_top_of_the_image_stay_in_the_top_half(planner):
    s = plan(planner, "A horse eating grass. At the top of the image there are clouds in the sky.")
    clouds = s.objects_named("cloud")
    assert clouds and all(o.box[3] <= 0.55 for o in clouds)
    assert all(center(o.box)[1] < center(one(s, "horse").box)[1] for o in clouds)


def test_a_thing_on_a_setting_keeps_the_setting_as_background(planner):
    s = plan(planner, "two cars on the road")
    assert not s.objects_named("road") and "road" in s.background


def test_a_level_ground_said_beside_a_thing_is_drawn_beside_it(planner):
    s = plan(planner, "Three ducks rest on the shore. The gravel next to them is grey.")
    gravel = one(s, "gravel")
    assert gravel.box[2] - gravel.box[0] > 2 * (gravel.box[3] - gravel.box[1])  # a strip along the bottom
    assert "gravel" not in s.background


def test_relief_said_beside_a_thing_stays_the_backdrop(planner):
    s = plan(planner, "A hut stands alone. The mountain behind it is snowy.")
    assert not s.objects_named("mountain") and "mountain" in s.background


def test_who_walks_along_a_ground_stands_on_it_and_the_wider_setting_stays(planner):
    s = plan(planner, "two joggers running along a park path")
    path = one(s, "path")
    assert "park" in s.background and "park" not in path.description
    assert all(on(j, path) for j in s.objects_named("jogger"))


def test_flying_over_water_keeps_the_water_as_backdrop(planner):
    s = plan(planner, "four gulls flying over the lake")
    assert not s.objects_named("lake") and "lake" in s.background


# -- body parts as relation ends -----------------------------------------------------------------------------
def test_a_thing_on_the_subjects_own_lap_is_the_thing_named_before(planner):
    s = plan(planner, "A tired man eating noodles from a bowl on his lap.")
    man, bowl = one(s, "man"), one(s, "bowl")
    assert bowl.anchor is not None and bowl.anchor.target == man.id and on(bowl, man)
    assert one(s, "noodle").anchor.target == bowl.id  # what he eats stays in the bowl


def test_on_a_mans_head_is_on_the_man(planner):
    s = plan(planner, "a pumpkin on a man's head")
    pumpkin, man = one(s, "pumpkin"), one(s, "man")
    assert on(pumpkin, man) and pumpkin.box[1] < man.box[1] + 0.1  # at the top of him


def test_on_his_lap_is_against_the_person_not_on_the_cat(planner):
    s = plan(planner, "A man sitting on a bench with a cat on his lap")
    cat, man = one(s, "cat"), one(s, "man")
    assert ("cat", "on top of", "man") in rels(s)
    assert inside(cat, man) and on(cat, man)


def test_what_is_written_on_a_board_is_on_it_not_the_writer(planner):
    s = plan(planner, "a robot writing the words 'Hello' on a blackboard")
    assert ("robot", "on top of", "blackboard") not in rels(s)


# -- more verbs and repairs --------------------------------------------------------------------------------
def test_contains_and_eating_from_put_the_thing_inside(planner):
    s = plan(planner, "a box containing three apples")
    assert all(inside(a, one(s, "box")) for a in s.objects_named("apple"))
    s = plan(planner, "A woman eating soup from a bowl.")
    assert inside(one(s, "soup"), one(s, "bowl"))


def test_a_word_that_names_a_thing_again_is_that_thing(planner):
    s = plan(planner, "a photo of suitcase and bench; bench is left to suitcase")
    assert s.counts() == {"suitcase": 1, "bench": 1}
    assert center(one(s, "bench").box)[0] < center(one(s, "suitcase").box)[0]


def test_a_sentence_that_is_a_relation_is_read_not_styled(planner):
    s = plan(planner, "person with skis. person on skis. person wear hat. skis below person. stove in cabinet")
    assert not s.style
    person, skis = one(s, "person"), one(s, "skis")
    assert on(person, skis) and center(skis.box)[1] > center(person.box)[1]  # skis at the feet
    assert inside(one(s, "stove"), one(s, "cabinet"))


def test_the_plate_is_a_big_plate_is_one_plate(planner):
    s = plan(planner, "The broccoli on the plate is green. The plate is a big square plate.")
    assert len(s.objects_named("plate")) == 1 and on(one(s, "broccoli"), one(s, "plate"))


def test_a_headline_noun_is_the_verbs_subject(planner):
    s = plan(planner, "wolf wearing a shirt and tie on the subway, silkscreen print")
    assert ("wolf", "on top of", "subway") in rels(s)


def test_a_thing_put_on_the_left_stays_in_the_left_half(planner):
    s = plan(planner, "a dog on the left")
    assert one(s, "dog").box[2] <= 0.52


def test_a_fronted_phrase_with_a_pronoun_is_said_of_the_thing_after_it(planner):
    s = plan(planner, "In the foreground there is a bench, behind it a large oak tree")
    assert ("oak tree", "behind", "bench") in rels(s)
    assert (one(s, "bench").z or 0) > (one(s, "oak tree").z or 0)


# -- absolute places -----------------------------------------------------------------------------------------
def test_a_place_said_first_belongs_to_the_thing_after_it(planner):
    s = plan(planner, "At the top of the picture there is a sun, at the bottom a boat on the sea")
    assert one(s, "sun").region == "top" and one(s, "boat").region == "bottom"
    assert center(one(s, "sun").box)[1] < 0.5 < center(one(s, "boat").box)[1]


def test_counted_things_at_the_top_stay_in_the_top_half(planner):
    s = plan(planner, "three birds at the top of the image and a house at the bottom")
    assert all(b.box[3] <= 0.52 for b in s.objects_named("bird"))
    assert one(s, "house").box[1] >= 0.48


def test_a_list_shares_a_phrase_only_with_things_that_have_none_of_their_own(planner):
    s = plan(planner, "an apple behind four buses, and four robots under the bus")
    assert ("robot", "under", "bus") in rels(s) and ("apple", "under", "bus") not in rels(s)
    s = plan(planner, "six red tulips and two white tulips in a vase")
    assert all(inside(t, one(s, "vase")) for t in s.objects_named("tulip"))


def test_a_named_kind_of_thing_is_that_thing(planner) -> None:
    """ "a lamp kind of object": the noun before "kind" names the thing; the vague noun after "of" is no
    second object, and the fronted place holds for the named thing."""
    s = plan(planner, "On the shelf there is a lamp kind of object. Next to it there is a basket sort of thing.")
    assert not s.objects_named("object") and not s.objects_named("thing"), [o.name for o in s.objects]
    assert ("lamp", "on top of", "shelf") in rels(s)
    assert on(one(s, "lamp"), one(s, "shelf"))
    s = plan(planner, "A strange kind of bird sits on a fence.")
    assert one(s, "bird") and on(one(s, "bird"), one(s, "fence"))


def test_a_place_said_of_a_list_holds_for_the_setting_word_in_it(planner) -> None:
    """ "rocks and sand on the hill": the sand (a setting word) is drawn on the hill like the rocks."""
    s = plan(planner, "There are rocks and sand on the hill.")
    assert one(s, "sand") and one(s, "rock")
    assert "hill" in s.background and "sand" not in s.background


# -- lettering objects ----------------------------------------------------------------------------------------
def test_lettering_stands_where_its_material_stands(planner):
    s = plan(planner, "the word 'HONEY' formed from cookies, piled on a tray")
    word, tray = one(s, "word"), one(s, "tray")
    assert word.anchor is not None and word.anchor.target == tray.id
    assert on(word, tray)


def test_lettering_a_container_comes_with_is_inside_it(planner):
    s = plan(planner, "a mug of cocoa with marshmallow letters that spell 'hi'")
    letter, mug = one(s, "letter"), one(s, "mug")
    assert inside(letter, mug)


# -- places said bare --------------------------------------------------------------------------------------------
def test_a_bare_place_fronting_a_clause_places_what_follows(planner):
    s = plan(planner, "There is a fountain in a park. Left bottom there is a small bench.")
    bench = one(s, "bench")
    assert bench.region == "bottom left" and center(bench.box)[0] < 0.5 < center(bench.box)[1]



def test_a_ground_the_viewer_names_on_its_own_is_drawn(planner):
    s = plan(planner, "In this photo there are two dogs running. There is sand. We can see the sea and a boat.")
    sand = one(s, "sand")
    assert one(s, "sea").box[3] > 0.8  # a band along the bottom too
    assert "sand" not in s.background and "sea" not in s.background
    assert all(center(d.box)[1] < center(sand.box)[1] for d in s.objects_named("dog"))


def test_with_after_the_surface_a_verb_puts_things_on_is_said_of_that_surface(planner):
    s = plan(planner, "a teacher drawing a triangle on a whiteboard, with arrows and charts")
    board = one(s, "whiteboard")
    for name in ("arrow", "chart"):
        assert all(o.anchor is not None and o.anchor.target == board.id for o in s.objects_named(name)), name


def test_an_overhead_thing_hangs_above_what_it_comes_with(planner):
    s = plan(planner, "a chef at a stove, with an overhead lamp glowing")
    lamp, chef = one(s, "lamp"), one(s, "chef")
    assert ("lamp", "above", "chef") in rels(s) and center(lamp.box)[1] < center(chef.box)[1]


def test_a_stated_relation_of_an_overhead_thing_wins(planner):
    s = plan(planner, "an overhead fan next to a window")
    assert not any(r.relation == "above" for r in s.relations)
