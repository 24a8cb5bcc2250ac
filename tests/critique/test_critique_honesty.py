"""Issue 14, critique honesty: every round changes something, the same fix is never repeated, the final
score and the open findings are printed, and ``--strict`` turns open findings into exit code 1."""

from __future__ import annotations

import json

import pytest

from agent.cli import main as cli_main
from agent.critique import Edit, EditPlan, critique_loop, edit_key, untried
from agent.findings import Finding
from agent.scene import Scene

SCENE = {
    "prompt": "a sign that says 'OPEN'", "width": 128, "height": 128,
    "objects": [{"id": "sign_1", "name": "sign", "box": [0.2, 0.4, 0.8, 0.9]}],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.1, 0.05, 0.9, 0.3]}],
}


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "absent.toml"))


class NeverSatisfied:
    """Says text_1 is misspelled whatever the image shows: no edit can fix it."""

    name = "stubborn"

    def __call__(self, image, scene, store):
        return [Finding(check="ocr", target="text_1", problem="misspelled", expected="OPEN", observed="0PEN")]


def test_untried_drops_edits_already_applied():
    plan = EditPlan(edits=[Edit(op="retext", target="text_1", value="OPEN"),
                           Edit(op="recolor", target="a", value="red")])
    tried = {edit_key(plan.edits[0])}
    assert [e.op for e in untried(plan, tried).edits] == ["recolor"]
    assert untried(EditPlan(regenerate=True), {"regenerate"}).regenerate is False


def test_no_round_repeats_a_fix_or_an_image(tmp_path):
    result = critique_loop(Scene.parse(SCENE), tmp_path / "run", rounds=4, critics=[NeverSatisfied()])
    keys = [edit_key(e) for r in result.rounds if r.edits for e in r.edits.edits]
    assert len(keys) == len(set(keys))  # the same fix is never applied twice
    images = [r.image for r in result.rounds]
    assert len(result.rounds) < 5 and ("changed nothing" in result.stop_reason or "no new edit" in result.stop_reason)
    assert len(images) - len(set(images)) <= 1  # at most the one round that showed nothing changed


def _scene_file(tmp_path, **changes) -> str:
    path = tmp_path / "scene.json"
    path.write_text(json.dumps({**SCENE, **changes}))
    return str(path)


def test_strict_exits_1_when_findings_stay_open(tmp_path, capsys):
    # cat left of dog and dog left of cat: the layout critic can never pass both
    scene = _scene_file(tmp_path, objects=[{"id": "cat_1", "name": "cat", "box": [0.1, 0.4, 0.4, 0.9]},
                                           {"id": "dog_1", "name": "dog", "box": [0.6, 0.4, 0.9, 0.9]}],
                        relations=[{"subject": "cat", "relation": "left of", "object": "dog"},
                                   {"subject": "dog", "relation": "left of", "object": "cat"}])
    args = ["run", "--scene", scene, "--critique", "2", "--critic", "critic.layout", "--no-progress"]
    assert cli_main([*args, "--out", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "critique: score" in err and "open finding: layout" in err
    assert cli_main([*args, "--out", str(tmp_path / "b"), "--strict"]) == 1


def test_strict_without_critique_counts_the_renderers_findings(tmp_path, capsys):
    scene = _scene_file(tmp_path, width=48, height=48,
                        texts=[{"id": "text_1", "content": "word " * 80, "box": [0.1, 0.1, 0.9, 0.9]}])
    assert cli_main(["run", "--scene", scene, "--out", str(tmp_path / "a"), "--no-progress"]) == 0
    assert "open finding: text.fit 'text_1': clipped" in capsys.readouterr().err
    assert cli_main(["run", "--scene", scene, "--out", str(tmp_path / "b"), "--no-progress", "--strict"]) == 1


def test_a_script_without_font_fails_the_run_in_one_line(tmp_path, capsys, monkeypatch):
    import agent.text.fonts as fonts

    only_latin = {k: v for k, v in fonts._index().items() if k.startswith("DejaVu")}
    if not only_latin:
        pytest.skip("DejaVu not installed")
    monkeypatch.setattr(fonts, "_index", lambda: only_latin)
    fonts.choose_font.cache_clear()
    try:
        code = cli_main(["run", 'a red shop sign that says "欢迎光临"', "--out", str(tmp_path / "a"), "--no-progress"])
    finally:
        fonts.choose_font.cache_clear()
    err = capsys.readouterr().err
    assert code != 0
    lines = [ln for ln in err.splitlines() if "fonts-noto-cjk" in ln]
    assert len(lines) == 1 and "CJK" in lines[0]
