"""Scripted chat sessions: each kind of follow-up, cache hits after an edit, undo/redo, save and resume."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from agent.chat import SESSION_FILE, ChatSession
from agent.cli import main as cli_main
from agent.compiler import CompileOptions, compile_scene, register_backend
from agent.errors import ScenecraftError
from agent.scene import Scene

SCENE = {
    "prompt": "two red apples left of a blue cup, and a sign that says OPEN",
    "width": 128, "height": 128, "background": "a wooden kitchen table",
    "objects": [
        {"id": "apple_1", "name": "apple", "description": "a red apple", "color": "red",
         "box": [0.05, 0.5, 0.22, 0.72]},
        {"id": "apple_2", "name": "apple", "description": "a red apple", "color": "red",
         "box": [0.25, 0.5, 0.42, 0.72]},
        {"id": "cup_1", "name": "cup", "description": "a blue cup", "color": "blue", "box": [0.5, 0.45, 0.7, 0.72]},
        {"id": "sign_1", "name": "sign", "description": "a sign", "box": [0.72, 0.05, 0.97, 0.4]},
    ],
    "relations": [{"subject": "apple", "relation": "left of", "object": "cup"}],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.74, 0.1, 0.95, 0.3], "on": "sign_1"}],
}


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def started(tmp_path) -> ChatSession:
    s = ChatSession(tmp_path / "session", width=128, height=128)
    s.start(Scene.parse(SCENE))
    return s


def trace(session: ChatSession, turn) -> dict[str, dict]:
    data = json.loads(session.path(turn.run_dir).joinpath("trace.json").read_text())
    return {r["node"]: r for r in data["nodes"]}


def pixels(session: ChatSession, turn) -> np.ndarray:
    return np.asarray(Image.open(session.path(turn.images[0])).convert("RGB")).astype(int)


def test_recolour_reruns_only_the_changed_nodes_and_changes_only_that_region(tmp_path):
    s = started(tmp_path)
    first = s.turns[-1]
    turn = s.send("make the cup green")
    assert turn.kind == "edit" and "cup_1 colour blue -> green" in turn.reply
    nodes = trace(s, turn)
    assert nodes["layer_cup_1"]["cache_hit"] is False and nodes["layer_cup_1"]["status"] == "ok"
    for other in ("background", "layer_apple_1", "layer_apple_2", "layer_sign_1"):
        assert nodes[other]["cache_hit"] is True, other
    assert turn.cached == sum(r["cache_hit"] for r in nodes.values()) >= 4
    assert set(turn.ran) == {n for n, r in nodes.items() if not r["cache_hit"]}
    # The picture changed inside the cup's box and nowhere else.
    diff = np.abs(pixels(s, turn) - pixels(s, first)).sum(axis=2) > 0
    ys, xs = np.nonzero(diff)
    assert len(xs) > 50
    x0, y0, x1, y1 = (np.array(SCENE["objects"][2]["box"]) * 128)
    assert xs.min() >= x0 - 1 and xs.max() <= x1 + 1 and ys.min() >= y0 - 1 and ys.max() <= y1 + 1
    cup = pixels(s, turn)[int(y0):int(y1), int(x0):int(x1)].reshape(-1, 3)
    assert ((cup[:, 1] > cup[:, 0] + 40) & (cup[:, 1] > cup[:, 2] + 40)).sum() > 30  # green pixels now


def test_text_edit_reruns_only_the_text_node(tmp_path):
    s = started(tmp_path)
    turn = s.send("change the sign to CLOSED")
    assert turn.ran == ["text"] and turn.cached == turn.nodes - 1
    assert s.scene.texts[0].content == "CLOSED"


def test_each_kind_of_follow_up_in_one_scripted_session(tmp_path):
    s = started(tmp_path)
    script = [
        ("add a third apple", lambda sc: sc.counts()["apple"] == 3),
        ("add a dog left of the cup", lambda sc: sc.counts()["dog"] == 1),
        ("move the dog to the right", lambda sc: sc.objects_named("dog")[0].box[0] > 0.2),
        ("put the cup above the dog", lambda sc: any(r.relation == "above" for r in sc.relations)),
        ("remove the cup", lambda sc: "cup" not in sc.counts()),
        ("make it four apples", lambda sc: sc.counts()["apple"] == 4),
        ("change the sign to CLOSED", lambda sc: sc.texts[0].content == "CLOSED"),
        ("change the background to a sunny beach", lambda sc: sc.background == "a sunny beach"),
        ("make it a watercolor", lambda sc: sc.style == "watercolor"),
        ("make the apples green", lambda sc: {o.color for o in sc.objects_named("apple")} == {"green"}),
    ]
    for message, check in script:
        turn = s.send(message)
        assert turn.kind == "edit", (message, turn.reply)
        assert check(s.scene), message
        assert s.path(turn.images[0]).exists()
        assert json.loads(s.path(turn.run_dir).joinpath("scene.json").read_text()) == json.loads(s.scene.to_json())
    bad = s.send("sing me a song")
    assert bad.kind == "error" and "cannot understand" in bad.reply and not bad.images
    assert s.scene.style == "watercolor"  # an error turn changes nothing


def test_undo_redo_restore_scenes_from_cache(tmp_path):
    s = started(tmp_path)
    original = s.scene.to_json()
    plan_png = s.path(s.turns[-1].images[0]).read_bytes()
    s.send("make the cup green")
    green = s.scene.to_json()
    undo = s.send("undo")
    assert undo.kind == "undo" and "cup_1 colour green -> blue" in undo.reply
    assert s.scene.to_json() == original
    assert undo.ran == [] and undo.cached == undo.nodes  # everything came from the cache
    assert s.path(undo.images[0]).read_bytes() == plan_png  # same pixels and provenance as the first turn
    assert s.send("redo").kind == "redo" and s.scene.to_json() == green
    s.send("undo")
    s.send("add a dog")  # a new edit drops the redo line
    assert s.send("redo").kind == "error"
    s.send("undo")
    assert s.send("undo").kind == "error" and s.scene.to_json() == original  # "nothing to undo"


def test_save_and_resume(tmp_path):
    s = started(tmp_path)
    s.send("make the cup green")
    s.send("add a dog")
    s.send("undo")
    state = json.loads((tmp_path / "session" / SESSION_FILE).read_text())
    assert [t["kind"] for t in state["turns"]] == ["plan", "edit", "edit", "undo"]

    again = ChatSession.load(tmp_path / "session")  # a new process would do exactly this
    assert again.scene.to_json() == s.scene.to_json() and len(again.turns) == 4
    turn = again.send("change the sign to CLOSED")  # the on-disk cache serves every other node
    assert turn.ran == ["text"]
    assert again.send("redo").kind == "error"  # the new edit replaced the redo line
    assert again.send("undo").kind == "undo" and again.scene.texts[0].content == "OPEN"
    assert ChatSession.load(tmp_path / "session").scene.texts[0].content == "OPEN"


def test_session_files_are_checked(tmp_path):
    started(tmp_path)
    path = tmp_path / "session" / SESSION_FILE
    good = json.loads(path.read_text())
    with pytest.raises(ScenecraftError, match="already holds a session"):
        ChatSession(tmp_path / "session")
    path.write_text(json.dumps({**good, "position": 7}))
    with pytest.raises(ScenecraftError, match="position 7 is outside"):
        ChatSession.load(tmp_path / "session")
    escaping = json.loads(json.dumps(good))
    escaping["turns"][0]["images"] = ["../../etc/passwd"]
    path.write_text(json.dumps(escaping))
    with pytest.raises(ScenecraftError, match="leaves the session folder"):
        ChatSession.load(tmp_path / "session")
    path.write_text("{not json")
    with pytest.raises(ScenecraftError, match="is not valid"):
        ChatSession.load(tmp_path / "session")
    with pytest.raises(ScenecraftError, match="cannot read session"):
        ChatSession.load(tmp_path / "nowhere")
    path.write_text(json.dumps(good))
    assert ChatSession.load(tmp_path / "session").scene is not None


def test_piped_lines_are_turns(tmp_path, monkeypatch, capsys):
    import io

    scene_file = tmp_path / "scene.json"
    scene_file.write_text(json.dumps(SCENE))
    monkeypatch.setattr("sys.stdin", io.StringIO("make the cup green\n\nremove the sign\n"))
    rc = cli_main(["chat", "--session", str(tmp_path / "piped"), "--scene", str(scene_file)])
    out = capsys.readouterr().out
    assert rc == 0 and "colour blue -> green" in out and "removed sign_1" in out
    assert [t.kind for t in ChatSession.load(tmp_path / "piped").turns] == ["plan", "edit", "edit"]


def test_first_turn_plans_with_the_offline_planner(tmp_path):
    s = ChatSession(tmp_path / "s", width=96, height=96)
    turn = s.send("a blue cup")
    assert turn.kind == "plan" and s.scene is not None and "cup" in s.scene.counts()
    assert s.path(turn.images[0]).exists() and turn.cached == 0
    assert s.send("new: a red apple").kind == "plan" and "apple" in s.scene.counts()
    assert s.send("undo").kind == "undo" and "cup" in s.scene.counts()


def test_terminal_chat_scripted_and_resumed(tmp_path, capsys):
    scene_file = tmp_path / "scene.json"
    scene_file.write_text(json.dumps(SCENE))
    folder = tmp_path / "cli-session"
    rc = cli_main(["chat", "--session", str(folder), "--scene", str(scene_file), "--width", "128", "--height", "128",
                   "-m", "make the cup green", "-m", "add a third apple"])
    out = capsys.readouterr().out
    assert rc == 0 and "cup_1 colour blue -> green" in out and "added apple_3" in out and "from cache" in out
    rc = cli_main(["chat", "--session", str(folder), "--resume", "-m", "undo"])
    assert rc == 0 and "removed apple_3" in capsys.readouterr().out
    assert cli_main(["chat", "--session", str(folder), "--resume", "-m", "sing a song"]) == 1
    assert cli_main(["chat", "--session", str(tmp_path / "none"), "--resume"]) == 2
    assert "no session to resume" in capsys.readouterr().err


@register_backend("test-fails-on-green")
def _fails_on_green(scene: Scene, options: CompileOptions):
    """A buggy third-party backend: crashes on green objects, else compiles like sketch-layers."""
    if any(o.color == "green" for o in scene.objects):
        raise RuntimeError("backend exploded")
    return compile_scene(scene, "sketch-layers", options)


def test_an_internal_failure_is_an_error_turn_and_changes_nothing(tmp_path):
    s = ChatSession(tmp_path / "session", width=128, height=128, backend="test-fails-on-green")
    s.start(Scene.parse(SCENE))
    before = s.scene.to_json()
    turn = s.send("make the cup green")
    assert turn.kind == "error" and "RuntimeError: backend exploded" in turn.reply
    assert s.scene.to_json() == before and len(s.state.scenes) == 1
    assert s.send("make the cup yellow").kind == "edit"
    assert ChatSession.load(tmp_path / "session").scene.objects_named("cup")[0].color == "yellow"
