"""The prompt library: every template loads, renders, and its few-shot examples are valid plans."""

from __future__ import annotations

import json

import pytest

from agent.critique import EditPlan
from agent.llm import prompts
from agent.llm.prompts import PromptError
from agent.scene import Scene

EXPECTED = {"layout", "decompose", "critique_edit", "chat_edit", "clarify", "mllm_critic"}


def test_all_templates_are_found_and_render():
    assert EXPECTED <= set(prompts.available())
    for name in EXPECTED:
        tpl = prompts.load(name)
        values = {v: f"<{v}>" for v in tpl.variables}
        messages = prompts.render(name, **values)
        assert messages[0][0] == "system" and messages[-1][0] == "human"
        assert [r for r, _ in messages[1:-1]] == ["human", "ai"] * len(tpl.examples)
        rendered = "".join(t for _, t in messages)
        for v in tpl.variables:
            assert f"<{v}>" in rendered, f"{name}: variable {v} never used"


def test_layout_prompt_carries_request_and_canvas():
    msgs = prompts.render("layout", prompt="three red apples", width=640, height=480)
    assert "640x480" in msgs[0][1]
    assert msgs[-1] == ("human", "Request: three red apples")
    assert len(prompts.load("layout").examples) >= 3


@pytest.mark.parametrize("name", ["layout", "decompose", "chat_edit"])
def test_few_shot_examples_are_valid_scenes(name):
    for _, assistant in prompts.load(name).examples:
        scene = Scene.parse(assistant)
        assert scene.objects or scene.negative


def test_critique_examples_are_valid_edit_plans():
    for _, assistant in prompts.load("critique_edit").examples:
        assert EditPlan.model_validate_json(assistant).edits


def test_clarify_examples_have_the_documented_shape():
    for _, assistant in prompts.load("clarify").examples:
        data = json.loads(assistant)
        assert isinstance(data["ambiguous"], bool)
        assert len(data["questions"]) <= 3


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(PromptError, match="unknown prompt 'nope'.*layout"):
        prompts.load("nope")
    with pytest.raises(PromptError, match="lower-case"):
        prompts.load("../etc/passwd")


def test_missing_and_unknown_variables_are_errors():
    with pytest.raises(PromptError, match="needs variable.*height"):
        prompts.render("layout", prompt="x", width=1)
    with pytest.raises(PromptError, match="no variable.*colour"):
        prompts.render("layout", prompt="x", width=1, height=1, colour="red")


def test_substitution_is_plain_text_only():
    # a value that looks like a placeholder or a format expression stays literal text
    msgs = prompts.render("layout", prompt="{width} {prompt.__class__} {0}", width=5, height=6)
    assert msgs[-1][1] == "Request: {width} {prompt.__class__} {0}"


def test_user_folder_overrides_and_bad_files_are_named(tmp_path, monkeypatch):
    (tmp_path / "layout.toml").write_text('variables = ["prompt"]\nsystem = "S"\nuser = "U {prompt}"\n')
    (tmp_path / "broken.toml").write_text("system = [")
    (tmp_path / "undeclared.toml").write_text('system = "{x}"\nuser = "u"\n')
    monkeypatch.setenv("SCENECRAFT_PROMPTS", str(tmp_path))
    assert prompts.render("layout", prompt="hi") == [("system", "S"), ("human", "U hi")]
    with pytest.raises(PromptError, match="broken.toml.*TOML"):
        prompts.load("broken")
    with pytest.raises(PromptError, match="placeholder.*x.*variables"):
        prompts.load("undeclared")
    assert "critique_edit" in prompts.available()  # built-ins are still found
