"""DSG-1k scoring: each plan-level rule passes and fails on hand-made Scenes; the report; the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from agent.cli import main
from agent.errors import ScenecraftError
from agent.eval.dsg import DsgReport, load, score_plans, score_scene, score_scenes
from agent.eval.dsg_data import DsgPrompt, DsgTuple, parse_tuple
from agent.eval.dsg_rules import head, singular, split_part
from agent.scene import Scene

HEADER = ["item_id", "text", "keywords", "proposition_id", "dependency", "category_broad", "category_detailed",
          "tuple", "question_natural_language"]


def tup(pid: int, text: str, parents: tuple[int, ...] = (), question: str = "?") -> DsgTuple:
    broad, detailed, args = parse_tuple(text)
    return DsgTuple(pid, parents, broad, detailed, args, question)


def prompt(*tuples: str, item_id: str = "tifa160_1", text: str = "p") -> DsgPrompt:
    return DsgPrompt(item_id, text, [tup(i, t) for i, t in enumerate(tuples, 1)])


def obj(oid: str, box: tuple[float, float, float, float], color: str | None = None, desc: str = "",
        name: str | None = None) -> dict:
    d = {"id": oid, "name": name or oid.rsplit("_", 1)[0], "box": list(box), "description": desc}
    return d | ({"color": color} if color else {})


def scene(*objects: dict, **kw: object) -> Scene:
    return Scene.parse({"objects": list(objects), **kw})


def shown(p: DsgPrompt, s: Scene) -> list[bool]:
    return [ok for _, ok, _ in score_scene(p, s).results.values()]


LEFT, RIGHT = (0.05, 0.4, 0.35, 0.7), (0.6, 0.4, 0.9, 0.7)
TOP, BOTTOM = (0.3, 0.05, 0.7, 0.35), (0.3, 0.5, 0.7, 0.9)


def test_tuple_parsing_and_words():
    assert parse_tuple('other - text rendering (sign, "Hi, you")') == ("other", "text rendering", ("sign", "Hi, you"))
    assert parse_tuple("relation - spatial (cat, couch, on)")[2] == ("cat", "couch", "on")
    assert [head(x) for x in ("rubix cubes", "cup of coffee", "man's hair", "the Men")] == ["cube", "cup", "hair",
                                                                                          "man"]
    assert [singular(w) for w in ("buses", "glasses", "leaves", "cherries", "boxes", "grass", "olives", "bookshelves",
                                  "policemen", "specimen")] == [
        "bus", "glass", "leaf", "cherry", "box", "grass", "olive", "bookshelf", "policeman", "specimen"]
    with pytest.raises(ValueError, match="not 'broad - detailed"):
        parse_tuple("entity whole cat")


def test_entity_by_object_or_background():
    p = prompt("entity - whole (red apples)", "entity - whole (beach)", "entity - whole (dog)")
    assert shown(p, scene(obj("apple_1", LEFT), background="a sandy beach")) == [True, True, False]
    rep = DsgReport("plan", [score_scene(p, scene(obj("apple_1", LEFT), background="a sandy beach"))])
    assert "  entity tuples shown only by the background/style: 1" in rep.lines()


def test_part_by_own_object_or_owner_description():
    p = prompt("entity - part (man's hair)", "entity - part (man's hat)")
    s = scene(obj("man_1", LEFT, desc="a man with curly hair"), obj("cap_1", RIGHT))
    assert shown(p, s) == [True, False]
    assert shown(p, scene(obj("man_1", LEFT), obj("hat_1", TOP))) == [False, True]
    # the description names the part in either number; another word is not the part
    # the plural possessive is the same "A's B"
    assert split_part("elephants' tusks") == ("elephants", "tusks") and split_part("boss' desk") == ("boss", "desk")
    p = prompt("entity - part (elephants' tusks)")
    assert shown(p, scene(obj("elephant_1", LEFT, desc="an elephant with white tusks"))) == [True]
    p = prompt("entity - part (person's hands)", "entity - part (person's hand)", "entity - part (person's arm)")
    assert shown(p, scene(obj("person_1", LEFT, desc="a person with raised hands, armband"))) == [True, True, False]


def test_an_owner_description_names_a_part_in_either_number():
    # SCORING_RULES: "the A object whose description names B"; "woman's hands" has the head "hand", and a
    # description saying "hands" (or "hand") names it, while one that names neither does not
    p = prompt("entity - part (woman's hands)", "entity - part (woman's fingers)", "relation - spatial "
               "(racket, woman's hands, in)")
    s = scene(obj("woman_1", LEFT, desc="a woman with hands"), obj("racket_1", (0.2, 0.5, 0.3, 0.6)))
    assert shown(p, s) == [True, False, True]
    assert shown(p, scene(obj("woman_1", LEFT, desc="a woman with a hand"))) == [True, False, False]
    assert shown(p, scene(obj("woman_1", LEFT, desc="a woman with a handbag"))) == [False, False, False]


def test_count_is_exact_and_needs_a_number():
    p = prompt("other - count (dogs, ==2)", "other - count (cats, ==three)", "other - count (trees, ==many)")
    s = scene(obj("dog_1", LEFT), obj("dog_2", RIGHT), obj("cat_1", TOP), obj("cat_2", BOTTOM))
    r = score_scene(p, s)
    assert [ok for _, ok, _ in r.results.values()] == [True, False]
    assert r.unscored == 1  # "many" is not a number: not plan-checkable


def test_color_on_object_description_part_and_background():
    p = prompt("attribute - color (car, red)", "attribute - color (hat, blue)",
               "attribute - color (man's shirt, green)",
               "attribute - color (sky, gray)", "attribute - color (vase, colorful)")
    s = scene(obj("car_1", LEFT, color="red"), obj("hat_1", RIGHT, desc="a navy blue hat"),
              obj("man_1", TOP, desc="a man in a green shirt"), obj("vase_1", BOTTOM, color="colourful"),
              background="a grey sky")
    assert shown(p, s) == [True, True, True, True, True]
    s2 = scene(obj("car_1", LEFT, color="blue"), obj("hat_1", RIGHT), obj("man_1", TOP, desc="a man"),
               obj("vase_1", BOTTOM), background="a sky")
    assert shown(p, s2) == [False, False, False, False, False]


@pytest.mark.parametrize("rel, a, b, ok", [
    ("left of", LEFT, RIGHT, True), ("left of", RIGHT, LEFT, False),
    ("right of", RIGHT, LEFT, True), ("above", TOP, BOTTOM, True), ("above", BOTTOM, TOP, False),
    ("under", BOTTOM, TOP, True), ("below", TOP, BOTTOM, False),
    ("on", (0.4, 0.3, 0.6, 0.5), (0.2, 0.5, 0.8, 0.9), True),
    ("on", (0.0, 0.1, 0.1, 0.2), (0.5, 0.5, 0.9, 0.9), False),  # above but no horizontal overlap
    ("on top of", (0.4, 0.3, 0.6, 0.5), (0.2, 0.5, 0.8, 0.9), True),
    ("in", (0.4, 0.4, 0.5, 0.5), (0.2, 0.2, 0.8, 0.8), True), ("in", LEFT, RIGHT, False),
    ("near", LEFT, RIGHT, True), ("behind", TOP, BOTTOM, True), ("in front of", RIGHT, LEFT, True),
])
def test_spatial_relations_by_centres(rel, a, b, ok):
    p = prompt(f"relation - spatial (cat, table, {rel})")
    assert shown(p, scene(obj("cat_1", a), obj("table_1", b))) == [ok]


def test_spatial_with_one_end_in_the_background_or_missing():
    p = prompt("relation - spatial (cow, field, in)", "relation - spatial (cow, barn, next to)")
    assert shown(p, scene(obj("cow_1", LEFT), background="a green field")) == [True, False]
    assert shown(p, scene(background="a field")) == [False, False]


@pytest.mark.parametrize("place, box, ok", [
    ("left bottom", (0.05, 0.6, 0.3, 0.9), True), ("left bottom", (0.05, 0.1, 0.3, 0.4), False),
    ("top right", (0.6, 0.05, 0.9, 0.3), True), ("right side of the image", LEFT, False),
    ("bottom corners of the image", BOTTOM, True), ("middle", (0.4, 0.4, 0.6, 0.6), True), ("middle", LEFT, False),
])
def test_an_end_naming_a_part_of_the_picture_is_checked_by_the_box(place, box, ok):
    p = prompt(f"relation - spatial (lamp, {place}, in)")
    assert shown(p, scene(obj("lamp_1", box))) == [ok]
    assert shown(p, scene(background="a lamp")) == [False]  # no box says where the lamp is


def test_a_thing_in_the_background_string_is_in_the_background():
    p = prompt("relation - spatial (hills, background, in)", "relation - spatial (hills, foreground, in)")
    assert shown(p, scene(background="green hills under a grey sky")) == [True, False]


def test_an_end_naming_a_text_is_the_scenes_text():
    p = prompt("relation - spatial (words, mug, on)", "relation - spatial (text 'good luck', mug, on)",
               "relation - spatial (text 'bye', mug, on)", "relation - spatial (caption, mug, above)")
    written = {"id": "text_1", "content": "Good luck!", "box": [0.1, 0.5, 0.3, 0.6], "on": "mug_1"}
    assert shown(p, scene(obj("mug_1", RIGHT), texts=[written])) == [True, True, False, False]
    inside = written | {"on": None, "box": [0.65, 0.5, 0.85, 0.6]}  # no link, but inside the mug's box
    assert shown(p, scene(obj("mug_1", RIGHT), texts=[inside])) == [True, True, False, False]
    beside = written | {"on": None}  # left of the mug, not written on it
    assert shown(p, scene(obj("mug_1", RIGHT), texts=[beside])) == [False, False, False, False]
    above = written | {"on": None, "box": [0.65, 0.1, 0.85, 0.2]}
    assert shown(p, scene(obj("mug_1", RIGHT), texts=[above]))[3]
    q = prompt("entity - whole (words)", "entity - whole (text 'good luck')", "entity - whole (caption 'bye')")
    assert shown(q, scene(obj("mug_1", RIGHT), texts=[written])) == [True, True, False]
    assert shown(q, scene(obj("mug_1", RIGHT))) == [False, False, False]
    c = prompt("attribute - color (words, red)", "attribute - color (words, blue)")
    assert shown(c, scene(obj("mug_1", RIGHT), texts=[written | {"color": "red"}])) == [True, False]


def test_a_trailing_place_is_not_the_head():
    assert [head(x) for x in ("motorcycle in front", "dog on the left", "car behind", "cup of tea")] == [
        "motorcycle", "dog", "car", "cup"]
    assert [head(x) for x in ("one of the sailors", "two of the geese", "some of the cups", "bag of chips")] == [
        "sailor", "goose", "cup", "bag"]
    p = prompt("entity - part (lamp on the right)", "attribute - color (lamp on the right, green)")
    assert shown(p, scene(obj("lamp_1", RIGHT, color="green"))) == [True, True]


def test_both_ends_only_in_the_background_are_not_a_shown_relation():
    """SCORING_RULES asks for both ends as objects, or one object and the other in the background: two
    background words ("a foggy harbor, fog") show no relation between them, with geometry or without."""
    p = prompt("relation - spatial (harbor, fog, with)", "relation - spatial (harbor, fog, under)",
               "relation - spatial (harbor, boat, with)")
    assert shown(p, scene(background="a foggy harbor, fog")) == [False, False, False]
    assert shown(p, scene(obj("boat_1", LEFT), background="a foggy harbor, fog")) == [False, False, True]


def test_each_other_relates_the_instances_of_one_end():
    p = prompt("relation - spatial (crates, each other, on top of)", "relation - spatial (crates, one another, near)")
    assert shown(p, scene(obj("crate_1", TOP), obj("crate_2", BOTTOM))) == [True, True]
    assert shown(p, scene(obj("crate_1", LEFT), obj("crate_2", RIGHT))) == [False, True]
    assert shown(p, scene(obj("crate_1", TOP))) == [False, False]


def test_a_pronoun_entity_is_shown_by_a_person_object():
    """Annotators name an unnamed poser "he" / "someone": a man or a person object shows them, a dog does not,
    and the man is not spurious."""
    p = prompt("entity - whole (he)", "entity - part (he's left arm)", "entity - whole (chair)",
               "relation - spatial (someone, chair, on)")
    man = scene(obj("man_1", TOP, desc="a man with a left arm"), obj("chair_1", BOTTOM))
    assert shown(p, man) == [True, True, True, True]
    assert score_scene(p, man).spurious == []
    person = scene(obj("person_1", TOP, desc="a person with a left arm"), obj("chair_1", BOTTOM))
    assert shown(p, person) == [True, True, True, True]
    dog = scene(obj("dog_1", TOP, desc="a dog with a left arm"), obj("chair_1", BOTTOM))
    assert shown(p, dog) == [False, False, True, False]
    assert score_scene(p, dog).spurious == ["dog"]


def test_text_folds_case_and_punctuation():
    p = prompt('other - text rendering (sign, "Hello, World!")', 'other - text rendering (sign, "Bye")')
    s = scene(obj("sign_1", LEFT), texts=[{"id": "t1", "content": "HELLO WORLD", "box": [0.1, 0.1, 0.5, 0.2]}])
    assert shown(p, s) == [True, False]


def test_style_words_must_be_in_style_or_background_not_objects():
    p = prompt("global - - (watercolor painting)", "attribute - style (city, cyberpunk)", "global - - (by greg smith)")
    good = scene(obj("city_1", LEFT), style="watercolor painting, greg smith", background="cyberpunk streets")
    assert shown(p, good) == [True, True, True]
    bad = scene(obj("painting_1", LEFT), obj("cyberpunk_1", RIGHT), obj("smith_1", TOP))
    assert shown(p, bad) == [False, False, False]


def test_aspect_ratio_is_shown_by_the_scene_size():
    p = prompt("global - - (ar 16:9)", "global - - (aspect ratio 9:16)", "global - - (--ar 7:5)")
    assert shown(p, scene(width=1024, height=576)) == [True, False, False]
    assert shown(p, scene(width=576, height=1024)) == [False, True, False]
    assert shown(p, scene(width=896, height=640)) == [False, False, True]


def test_spurious_objects_name_nothing_asked():
    p = prompt("entity - whole (astronaut)", "entity - part (astronaut's helmet)", "entity - whole (horses)")
    s = scene(obj("astronaut_1", LEFT), obj("helmet_1", TOP), obj("horse_1", RIGHT), obj("artstation_1", BOTTOM),
              obj("k_1", (0.0, 0.0, 0.1, 0.1), name="4k"))
    r = score_scene(p, s)
    assert r.spurious == ["artstation", "4k"] and r.objects == 5
    rep = DsgReport("plan", [r])
    assert rep.scores["spurious"] == pytest.approx(0.4) and rep.counts["spurious"] == 5


def test_report_categories_sources_and_prompt_mean():
    a = prompt("entity - whole (cat)", "other - count (cats, ==2)", item_id="vrd_1", text="two cats")
    b = prompt("entity - whole (dog)", "relation - action (dog, run)", item_id="localized_narratives_7", text="dog")
    rep = score_scenes([a, b], {"two cats": scene(obj("cat_1", LEFT), prompt="two cats")})
    assert rep.scores["entity"] == 0.5 and rep.scores["count"] == 0.0 and rep.scores["tuples"] == pytest.approx(1 / 3)
    assert rep.scores["prompt mean"] == pytest.approx(0.25)
    assert rep.scores["entity+part"] == 0.5 and rep.counts["entity+part"] == 2
    assert set(rep.by_source) == {"vrd", "localized_narratives"} and rep.source_counts == {
        "localized_narratives": 1, "vrd": 1}
    assert rep.by_source["vrd"]["tuples"] == 0.5 and rep.by_source["localized_narratives"]["entity"] == 0.0
    text = "\n".join(rep.lines(show_failures=True, by_source=True))
    assert "by source:" in text and "[count]" in text and "not plan-checkable: 1 tuples" in text
    assert json.loads(rep.to_json())["by_source"]["vrd"]["count"] == 0.0


def test_score_plans_times_each_prompt_and_survives_a_refusal():
    p = prompt("entity - whole (cat)", text="a cat")
    rep = score_plans([p], lambda text: scene(obj("cat_1", LEFT), prompt=text))
    assert rep.scores["tuples"] == 1.0 and rep.results[0].ms >= 0.0

    def refuse(text: str) -> Scene:
        raise ScenecraftError("prompt too long")

    rep = score_plans([p, prompt("entity - whole (dog)", item_id="vrd_9")], refuse)
    assert rep.scores["tuples"] == 0.0
    assert "  the planner refused 2 prompt(s), scored as empty plans: tifa160_1 (prompt too long); vrd_9 (prompt " \
           "too long)" in rep.lines()


# -- files and the CLI ----------------------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


ROWS = [
    ["vrd_1", "a cat on a table", "cat", "1", "0", "entity", "whole", "entity - whole (cat)", "Is there a cat?"],
    ["vrd_1", "a cat on a table", "table", "2", "0", "entity", "whole", "entity - whole (table)", "Is there a table?"],
    ["vrd_1", "a cat on a table", "", "3", "1,2", "relation", "spatial", "relation - spatial (cat, table, on)",
     "Is the cat on the table?"],
    ["whoops_2", "two red apples", "", "1", "0", "entity", "whole", "entity - whole (apples)", "Are there apples?"],
    ["whoops_2", "two red apples", "", "2", "1", "other", "count", "other - count (apples, ==2)",
     "Are there two apples?"],
    ["whoops_2", "two red apples", "", "3", "1, outward", "attribute", "color", "attribute - color (apples, red)",
     "Are the apples red?"],
]


def test_load_reads_prompts_sources_and_dependencies(tmp_path):
    ps = load(write_csv(tmp_path / "d.csv", ROWS))
    assert [(p.item_id, p.source, len(p.tuples)) for p in ps] == [("vrd_1", "vrd", 3), ("whoops_2", "whoops", 3)]
    assert ps[0].tuples[2].parents == (1, 2) and ps[1].tuples[2].parents == (1,)  # a word among ids is skipped
    assert ps[1].tuples[1].count == 2


def test_cli_plans_and_prints_categories(tmp_path, capsys):
    path = write_csv(tmp_path / "d.csv", ROWS)
    assert main(["eval", "dsg", "--data", str(path), "--by-source", "--show-failures"]) == 0
    out = capsys.readouterr().out
    assert "dsg (plan level, 2 prompts)" in out and "spatial" in out and "by source:" in out and "spurious" in out
    assert main(["eval", "dsg", "--data", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["prompts"] == 2


def test_cli_scores_recorded_layouts(tmp_path, capsys):
    path = write_csv(tmp_path / "d.csv", ROWS)
    s = scene(obj("cat_1", (0.4, 0.2, 0.6, 0.4)), obj("table_1", (0.2, 0.4, 0.8, 0.9)), prompt="a cat on a table")
    (tmp_path / "s.jsonl").write_text(s.to_json(indent=None) + "\n")
    assert main(["eval", "dsg", "--data", str(path), "--layouts", str(tmp_path / "s.jsonl"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    assert scores["spatial"] == 1.0 and scores["entity"] == pytest.approx(2 / 3)  # whoops_2 has no Scene: an empty plan


@pytest.mark.parametrize("content, needle", [
    ("item_id,text\nx,y\n", "not a DSG-1k CSV (missing column proposition_id"),
    (None, "d.csv:2: proposition_id 'one' is not an integer"),
    (b"\xff\xfe", "is not UTF-8"),
    ("", "missing column"),
])
def test_cli_bad_files_are_one_line_errors(tmp_path, capsys, content, needle):
    path = tmp_path / "d.csv"
    if content is None:
        write_csv(path, [["vrd_1", "a cat", "", "one", "0", "entity", "whole", "entity - whole (cat)", "?"]])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert main(["eval", "dsg", "--data", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and needle in err[0], err


def test_cli_bad_tuple_and_missing_file(tmp_path, capsys):
    path = write_csv(tmp_path / "d.csv", [["vrd_1", "a cat", "", "1", "0", "entity", "whole", "cat", "?"]])
    assert main(["eval", "dsg", "--data", str(path)]) == 2
    assert "d.csv:2: tuple 'cat' is not 'broad - detailed (args)'" in capsys.readouterr().err
    assert main(["eval", "dsg", "--data", str(tmp_path / "nope.csv")]) == 2
    assert "DSG-1k file not found" in capsys.readouterr().err
    assert main(["eval", "dsg", "--data", str(path), "--layouts", str(tmp_path / "none.jsonl")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["eval", "dsg", "--data", str(path), "--layouts", "x.jsonl", "--images", str(tmp_path)]) == 2
    assert "not both" in capsys.readouterr().err


def test_singular_irregular_compounds_and_ves():
    """-ves plurals go to -f/-fe only where the table says so, also at the end of a compound."""
    words = ("bookshelves", "penknives", "werewolves", "housewives", "hooves", "dwarves", "superheroes",
             "grandchildren", "olives", "sleeves", "valves", "waves", "gloves", "prejudice")
    assert [singular(w) for w in words] == [
        "bookshelf", "penknife", "werewolf", "housewife", "hoof", "dwarf", "superhero", "grandchild", "olive",
        "sleeve", "valve", "wave", "glove", "prejudice"]
