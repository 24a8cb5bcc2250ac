"""The offline rule planner: what it reads from English, on the real code path (parse -> Scene -> layout)."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.cli import main as cli_main
from agent.layout import violations
from agent.layout.check import center
from agent.planners import get_planner
from agent.scene import Scene
from agent.vocab.lexicon import singular
from tests.planning import plan


def counts(scene: Scene) -> dict[tuple[str, str | None], int]:
    out: dict[tuple[str, str | None], int] = {}
    for o in scene.objects:
        out[(o.name, o.color)] = out.get((o.name, o.color), 0) + 1
    return out


def test_done_means_example(planner) -> None:
    s = plan(planner, "two green umbrellas above a yellow taxi, and a sign that says 'NO PARKING'")
    assert counts(s) == {("umbrella", "green"): 2, ("taxi", "yellow"): 1, ("sign", None): 1}
    assert [o.id for o in s.objects] == ["umbrella_1", "umbrella_2", "taxi_1", "sign_1"]
    assert [(r.subject, r.relation, r.object) for r in s.relations] == [("umbrella", "above", "taxi")]
    assert [(t.content, t.on) for t in s.texts] == [("NO PARKING", "sign_1")]
    taxi = s.objects_named("taxi")[0].box
    for u in s.objects_named("umbrella"):
        assert u.box[3] < taxi[1]  # wholly above the taxi
    sign = s.objects_named("sign")[0].box
    t = s.texts[0].box
    assert sign[0] <= t[0] < t[2] <= sign[2] and sign[1] <= t[1] < t[3] <= sign[3]
    assert violations(s) == []


def test_cli_plan_prints_the_scene(capsys) -> None:
    assert cli_main(["plan", "two green umbrellas above a yellow taxi, and a sign that says 'NO PARKING'"]) == 0
    s = Scene.parse(capsys.readouterr().out)
    assert s.counts() == {"umbrella": 2, "taxi": 1, "sign": 1}


@pytest.mark.parametrize("prompt, expected", [
    ("a red cup and a blue dog", {("cup", "red"): 1, ("dog", "blue"): 1}),
    ("a photo of a purple wine glass and a black apple", {("wine glass", "purple"): 1, ("apple", "black"): 1}),
    ("a dog that is brown and a white cat", {("dog", "brown"): 1, ("cat", "white"): 1}),
    ("a light blue car next to a grey horse", {("car", "light blue"): 1, ("horse", "gray"): 1}),
    ("an orange and an orange cat", {("orange", None): 1, ("cat", "orange"): 1}),
])
def test_colours_bind_to_their_noun(planner, prompt, expected) -> None:
    assert counts(plan(planner, prompt)) == expected


@pytest.mark.parametrize("prompt, name, n", [
    ("a photo of four benchs", "bench", 4), ("3 apples", "apple", 3), ("a pair of shoes", "shoe", 2),
    ("seven mice", "mouse", 7), ("a pair of scissors", "scissors", 1), ("a pair of glasses", "glasses", 1),
    ("two pairs of jeans", "jeans", 2), ("three photos on a wall", "photo", 3), ("two people", "person", 2),
    ("five knives", "knife", 5),
    ("three wine glasses", "wine glass", 3), ("two sheep", "sheep", 2), ("a dozen eggs in a basket", "egg", 12),
    ("four hot dogs", "hot dog", 4), ("two teddy bears", "teddy bear", 2), ("a couple of dragons", "dragon", 2),
    ("A realistic photo of a scene with five laptops", "laptop", 5), ("a photo of two sheeps", "sheep", 2),
])
def test_counts_words_digits_and_plurals(planner, prompt, name, n) -> None:
    s = plan(planner, prompt)
    assert s.counts().get(name) == n
    ids = [o.id for o in s.objects if o.name == name]
    assert len(set(ids)) == n and ids[0] == f"{name.replace(' ', '_')}_1"


@pytest.mark.parametrize("word, expected", [("benchs", "bench"), ("strawberries", "strawberry"), ("buses", "bus"),
                                            ("wolves", "wolf"), ("glass", "glass"), ("broccolis", "broccoli"),
                                            ("tvs", "tv"), ("cacti", "cactus"), ("sports balls", "sports ball")])
def test_singular(word, expected) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize("phrase, relation", [
    ("to the left of", "left of"), ("on the right of", "right of"), ("right of", "right of"), ("above", "above"),
    ("on the top of", "above"), ("over", "above"), ("below", "below"), ("on the bottom of", "below"),
    ("under", "under"), ("beneath", "under"), ("on top of", "on top of"), ("next to", "next to"),
    ("beside", "next to"), ("on side of", "next to"), ("near", "near"), ("in front of", "in front of"),
    ("behind", "behind"),
])
def test_relation_phrases(planner, phrase, relation) -> None:
    s = plan(planner, f"a wooden robot {phrase} a glowing jellyfish")
    assert s.counts() == {"robot": 1, "jellyfish": 1}
    assert [(r.subject, r.relation, r.object) for r in s.relations] == [("robot", relation, "jellyfish")]
    assert violations(s) == []


def test_between(planner) -> None:
    s = plan(planner, "a violin between a trumpet and a drum")
    r = s.relations[0]
    assert (r.subject, r.relation, r.object, r.object2) == ("violin", "between", "trumpet", "drum")
    xs = {o.name: center(o.box)[0] for o in s.objects}
    assert min(xs["trumpet"], xs["drum"]) < xs["violin"] < max(xs["trumpet"], xs["drum"])


def test_objects_outside_coco_and_verbs(planner) -> None:
    s = plan(planner, "three penguins standing beside a red mailbox")
    assert counts(s) == {("penguin", None): 3, ("mailbox", "red"): 1}
    s = plan(planner, "three helicopters buzzed over two pillows")
    assert s.counts() == {"helicopter": 3, "pillow": 2}
    assert s.relations[0].relation == "above"
    s = plan(planner, "three bananas, two bees, an egg, a painting, and a goldfish adorned the room")
    assert s.counts() == {"banana": 3, "bee": 2, "egg": 1, "painting": 1, "goldfish": 1}
    assert s.background == "the room"


def test_absolute_places_become_an_order(planner) -> None:
    s = plan(planner, "A realistic photo of a scene with a bottle on the left and a dog on the right")
    bottle, dog = s.objects_named("bottle")[0], s.objects_named("dog")[0]
    assert bottle.attributes == ["on the left"] and dog.attributes == ["on the right"]
    assert center(bottle.box)[0] < 0.5 < center(dog.box)[0]
    s = plan(planner, "a book on the top and a car on the bottom")
    assert center(s.objects_named("book")[0].box)[1] < center(s.objects_named("car")[0].box)[1]


@pytest.mark.parametrize("prompt, negative, names", [
    ("A realistic photo of a scene without backpacks", ["backpack"], {}),
    ("a street with no cars", ["car"], {}),
    ("a pizza with no olives", ["olive"], {"pizza": 1}),
    ("no people, just an empty bench in a park", ["person"], {"bench": 1}),
])
def test_negation(planner, prompt, negative, names) -> None:
    s = plan(planner, prompt)
    assert s.negative == negative
    assert s.counts() == names


@pytest.mark.parametrize("prompt, content, on", [
    ('a T-shirt with the words "HELLO WORLD" printed on it', "HELLO WORLD", "t-shirt"),
    ("a book cover titled 'The Last Garden'", "The Last Garden", "book cover"),
    ("a sign that says OPEN", "OPEN", "sign"),
    ("a neon sign reading OPEN 24 HOURS above a door", "OPEN 24 HOURS", "neon sign"),
    ("a cat and the words “good night”", "good night", None),
    ('A mug with the text on it: "Coffee" in blue.', "Coffee", "mug"),  # "on it" is not a second text
    ("a cake with the words happy birthday on it", "happy birthday", "cake"),
    ('A poster with the text on it: "SALE"', "SALE", "poster"),  # the poster is an object, not the style
])
def test_texts(planner, prompt, content, on) -> None:
    s = plan(planner, prompt)
    assert [t.content for t in s.texts] == [content]
    t = s.texts[0]
    if on is None:
        assert t.on is None
        for o in s.objects:  # a free text never covers an object
            assert t.box[3] <= o.box[1] or t.box[1] >= o.box[3] or t.box[2] <= o.box[0] or t.box[0] >= o.box[2]
    else:
        assert next(o.name for o in s.objects if o.id == t.on) == on
    assert s.counts().get("hour") is None


@pytest.mark.parametrize("prompt, names, relation", [
    ("a table with a cup on it", {"table": 1, "cup": 1}, ("cup", "on top of", "table")),
    ("robot left of jellyfish", {"robot": 1, "jellyfish": 1}, ("robot", "left of", "jellyfish")),
    ("Generate an image of a red car next to two cones", {"car": 1, "cone": 2}, ("car", "next to", "cone")),
    ("There are three cats to the right of a lamp.", {"cat": 3, "lamp": 1}, ("cat", "right of", "lamp")),
    ("the dog is to the right of the sofa", {"dog": 1, "sofa": 1}, ("dog", "right of", "sofa")),
    ("The blue water bottle was on top of the red backpack.", {"water bottle": 1, "backpack": 1},
     ("water bottle", "on top of", "backpack")),
    ("two cars stuck on the road", {"car": 2}, None),
    ("a bowl of ramen next to a pair of chopsticks", {"bowl": 1, "ramen": 1, "chopsticks": 1},
     ("bowl", "next to", "chopsticks")),  # the ramen is drawn in its bowl (anchor "in")
])
def test_other_phrasings(planner, prompt, names, relation) -> None:
    s = plan(planner, prompt)
    assert s.counts() == names
    assert [(r.subject, r.relation, r.object) for r in s.relations] == ([relation] if relation else [])
    assert violations(s) == []


def test_joined_colours_adjectives_and_elided_nouns(planner) -> None:
    s = plan(planner, "The striped black and white cat lay next to the soft grey blanket.")
    assert counts(s) == {("cat", "black and white"): 1, ("blanket", "gray"): 1}
    assert "striped" in s.objects[0].attributes and s.objects[0].description == "a black and white striped cat"
    assert counts(plan(planner, "a red and a blue car")) == {("car", "red"): 1, ("car", "blue"): 1}
    assert counts(plan(planner, "a red-and-white lighthouse")) == {("lighthouse", "red and white"): 1}
    s = plan(planner, "a red cup left of a blue cup")
    assert [(r.subject, r.object) for r in s.relations] == [("cup_1", "cup_2")]  # same name: by id
    assert center(s.objects[0].box)[0] < center(s.objects[1].box)[0]


@pytest.mark.parametrize("prompt, expected", [
    ("two dogs, one black and one white", {("dog", "black"): 1, ("dog", "white"): 1}),
    ("four balloons, two red and two blue", {("balloon", "red"): 2, ("balloon", "blue"): 2}),
    ("three cats: one orange, one gray and one black", {("cat", "orange"): 1, ("cat", "gray"): 1, ("cat", "black"): 1}),
    ("three lemons, one orange and two pears", {("lemon", None): 3, ("orange", None): 1, ("pear", None): 2}),
])
def test_distributive_colours(planner, prompt, expected) -> None:
    assert counts(plan(planner, prompt)) == expected


def test_what_is_behind_is_drawn_first(planner) -> None:
    s = plan(planner, "a dog in front of a car")
    assert [o.id for o in s.objects] == ["car_1", "dog_1"]
    assert violations(s) == []


def test_background_and_style(planner) -> None:
    s = plan(planner, "an oil painting of a cat on a beach at sunset")
    assert (s.style, s.background, s.counts()) == ("oil painting", "beach, at sunset", {"cat": 1})
    s = plan(planner, "five colorful hot air balloons over a valley")
    assert s.background == "valley" and s.counts() == {"hot air balloon": 5}
    s = plan(planner, "a cat sitting under a wooden table in a kitchen")
    assert s.background == "kitchen" and s.relations[0].relation == "under"


@pytest.mark.parametrize("prompt, counts, background", [
    ("a robot carrying a tiny house", {"robot": 1, "house": 1}, ""),  # a thing in hand, not the setting
    ("a man holding a tiny house at the beach", {"man": 1, "house": 1}, "the beach"),
    ("a boy building a sand castle at the beach", {"boy": 1, "castle": 1}, "the beach"),
    ("a toy castle in a room", {"castle": 1}, "room"),
    ("a cat in a tiny house", {"cat": 1}, "tiny house"),  # "in": still where the scene happens
    ("a woman painting the sky", {"woman": 1}, "the sky"),  # pure scenery stays scenery
    ("a man walking the beach", {"man": 1}, "the beach"),
])
def test_held_or_small_things_are_objects_not_the_setting(planner, prompt, counts, background) -> None:
    s = plan(planner, prompt)
    assert (s.counts(), s.background) == (counts, background)


@pytest.mark.parametrize("prompt", ["", "   ", "!!!", "A realistic photo of a scene", "qwzx plorf", "the of and"])
def test_unreadable_prompt_gives_a_valid_scene_and_a_warning(planner, prompt) -> None:
    with pytest.warns(UserWarning):
        s = planner.plan(prompt)
    Scene.parse(s.to_json())
    assert s.objects or s.background == prompt.strip()


def test_variations_differ_and_stay_valid(planner, capsys) -> None:
    assert cli_main(["plan", "a cat left of a dog and two birds", "--variations", "4"]) == 0
    import json

    scenes = [Scene.parse(d) for d in json.loads(capsys.readouterr().out)]
    assert len(scenes) == 4
    layouts = {tuple(o.box for o in s.objects) for s in scenes}
    assert len(layouts) == 4
    for s in scenes:
        assert violations(s) == []
        assert s.counts() == {"cat": 1, "dog": 1, "bird": 2}


def test_deterministic(planner) -> None:
    a = plan(planner, "three red apples left of a blue cup, with a sign that says OPEN", seed=3)
    b = plan(planner, "three red apples left of a blue cup, with a sign that says OPEN", seed=3)
    assert a.to_json() == b.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_any_string_gives_a_valid_scene(text: str) -> None:
    p = get_planner("offline")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = p.plan(text)
    again = Scene.parse(s.to_json())
    assert again.prompt == text
    for o in s.objects:
        assert 0 <= o.box[0] < o.box[2] <= 1 and 0 <= o.box[1] < o.box[3] <= 1


_WORDS = st.sampled_from(["a", "two", "red", "cat", "dog", "left of", "above", "and", "with", "no", "'HI'", "that says",
                          "on the left", "of", "between", ",", "3", "the", "sign", "under", "robot", "on", "in"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=14))
def test_any_word_salad_gives_a_valid_scene(words: list[str]) -> None:
    p = get_planner("offline")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = p.plan(" ".join(words))
    Scene.parse(s.to_json())


def test_plan_batch_with_variations(tmp_path, capsys) -> None:
    src = tmp_path / "prompts.txt"
    src.write_text("a cat left of a dog\n\nthree apples\n")
    out = tmp_path / "scenes.jsonl"
    assert cli_main(["plan", "--input", str(src), "--output", str(out), "--variations", "2", "--seed", "5"]) == 0
    scenes = [Scene.parse(line) for line in out.read_text().splitlines()]
    assert [s.prompt for s in scenes] == ["a cat left of a dog"] * 2 + ["three apples"] * 2
    assert scenes[0].objects[0].box != scenes[1].objects[0].box
    assert cli_main(["plan", "x", "--variations", "0"]) == 2


def test_huge_prompts_are_capped_and_ids_stay_unique(planner) -> None:
    with pytest.warns(UserWarning, match="too many objects"):
        s = planner.plan("twenty dogs left of twenty cats, " * 30)
    assert len(s.objects) == 64
    s = plan(planner, "a hot-dog and a hot dog and a t-shirt and a t shirt")
    assert len({o.id for o in s.objects}) == len(s.objects) == 4


def test_text_and_clothes_colours(planner) -> None:
    s = plan(planner, 'a sign that says "OPEN" in red letters and a dog')
    assert [(t.content, t.color, t.on) for t in s.texts] == [("OPEN", "red", "sign_1")]
    assert counts(s) == {("sign", None): 1, ("dog", None): 1}
    assert counts(plan(planner, "a man dressed in blue")) == {("man", "blue"): 1}


def test_text_on_it_goes_on_the_latest_surface_and_a_list_shares_it(planner) -> None:
    s = plan(planner, 'A picture of a white t-shirt featuring a black pocket on the front, with the text on it: '
                      '"IMAGE" in black, "COMING" in cyan.')
    assert [(t.content, t.on, t.color) for t in s.texts] == [("IMAGE", "t_shirt_1", "black"),
                                                               ("COMING", "t_shirt_1", "cyan")]
    s = plan(planner, 'A picture of a hat, with the text on it: "NORTH" at the upper right corner of the image, '
                      '"FACE" at the bottom of the image.')
    assert [o.name for o in s.objects] == ["hat"]  # "the image" is the frame, not a thing in it
    assert [t.on for t in s.texts] == ["hat_1", "hat_1"]
    s = plan(planner, 'A picture of a pink name tag adorned with a pink ribbon, with the text on it: "Girl"')
    assert [t.on for t in s.texts] == ["name_tag_1"]  # "it" is the main subject, not the last surface named



def test_many_texts_on_a_small_surface_stay_readable() -> None:
    """Four lines on a bottle: the lines get a readable size around the bottle instead of 6-pixel slivers."""
    from agent.layout.texts import MIN_CHAR, MIN_LINE, place_texts

    words = ["HONEYCOMB", "BERRY", "Fresh", "AROMA"]
    s = Scene.parse({"objects": [{"id": "bottle_1", "name": "bottle", "box": [0.035, 0.45, 0.19, 0.67]}],
                     "texts": [{"id": f"t{i}", "content": w, "on": "bottle_1", "box": [0, 0, 0.1, 0.1]}
                               for i, w in enumerate(words)]})
    place_texts(s)
    boxes = [t.box for t in s.texts]
    for (x0, y0, x1, y1), w in zip(boxes, words, strict=True):
        assert y1 - y0 >= 0.85 * MIN_LINE and x1 - x0 >= MIN_CHAR * len("HONEYCOMB") - 1e-4, w
        assert 0 <= x0 and x1 <= 1
    assert all(a[3] <= b[1] for a, b in zip(boxes, boxes[1:])), "lines overlap"
    cx = (boxes[0][0] + boxes[0][2]) / 2
    assert 0.035 <= cx <= 0.5  # still at the bottle (slid right only as far as the frame edge needs)


def test_an_accented_name_keeps_its_letters_in_the_id(planner) -> None:
    s = plan(planner, "two piñatas hanging from a branch")
    ids = [o.id for o in s.objects_named("piñata")]
    assert ids == ["pinata_1", "pinata_2"]  # not "ata_1" / "pi_ata": the id still says what it is
