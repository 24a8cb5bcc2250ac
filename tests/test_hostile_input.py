"""Issue 18: hostile and oversized input ends in one line and a user-error exit, in bounded time."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib

import pytest

from agent.cli import main
from agent.errors import MAX_ERROR_CHARS, ScenecraftError, ValidationError, one_line
from agent.graph import TaskGraph
from agent.scene import Scene
from tests.hostile import SKETCH_GRAPH, chunk, itxt, one_error_line, png, provenance_png, run_cli

BOX = [0.1, 0.1, 0.5, 0.5]


# -- 1. invalid UTF-8 and lone surrogates: rejected, naming the field ----------------------------------
def test_invalid_utf8_prompt_in_argv_is_one_line_exit_2(tmp_path):
    proc = run_cli([b"run", b"a red apple \xff left of a cup", b"--out", str(tmp_path / "o").encode()])
    assert proc.returncode == 2
    assert "PROMPT" in one_error_line(proc) and "0xff" in one_error_line(proc)
    assert not (tmp_path / "o").exists()


def test_invalid_utf8_sign_text_in_plan_is_exit_2():
    proc = run_cli([b"plan", b'a sign that says "\xff\xfe"'])
    assert proc.returncode == 2 and "PROMPT" in one_error_line(proc)


def test_api_rejects_a_lone_surrogate_with_the_projects_error(tmp_path):
    from agent import Agent

    with pytest.raises(ScenecraftError, match="lone surrogate"):
        Agent(out_dir=tmp_path).run("a cat \ud800")


def test_graph_with_a_surrogate_is_rejected_before_any_folder_is_made(tmp_path):
    graph = json.loads(json.dumps(SKETCH_GRAPH))
    graph["nodes"][0]["params"]["scene"]["prompt"] = "\ud800"
    path = tmp_path / "g.json"
    path.write_text(json.dumps(graph))  # json.dumps writes the escape \ud800
    out = tmp_path / "o"
    assert main(["run", "--graph", str(path), "--out", str(out)]) == 2
    assert not out.exists()


def test_scene_built_in_python_rejects_a_surrogate():
    with pytest.raises(Exception, match="unicode"):  # pydantic's own str check
        Scene(prompt="x", background="sky \udcff")
    with pytest.raises(ValidationError, match="scene.background: is not valid UTF-8"):
        Scene.parse({"background": "sky \udcff"})


# -- 5. limits checked on the raw data, before building anything ----------------------------------------
@pytest.mark.parametrize("key, item", [("objects", {"id": "a", "name": "b", "box": BOX}),
                                       ("texts", {"id": "t", "content": "x", "box": BOX})])
def test_a_million_objects_or_texts_are_rejected_at_once(key, item):
    items = [item] * 1_000_000
    t0 = time.perf_counter()
    with pytest.raises(ValidationError, match=rf"scene.{key}: holds 1000000 items \(limit \d+\)"):
        Scene.parse({key: items})
    assert time.perf_counter() - t0 < 0.5


def test_a_huge_scene_file_is_rejected_by_size():
    text = json.dumps({"objects": [{"id": "a", "name": "b", "box": BOX}] * 300_000})
    with pytest.raises(ValidationError, match="bytes of JSON"):
        Scene.parse(text)


def test_a_hundred_thousand_node_graph_is_rejected_at_once():
    nodes = [{"id": f"n{i}", "plugin": "x.y"} for i in range(100_000)]
    t0 = time.perf_counter()
    with pytest.raises(ValidationError, match=r"graph.nodes: holds 100000 items"):
        TaskGraph.parse({"nodes": nodes})
    assert time.perf_counter() - t0 < 0.5


def test_error_lines_never_echo_a_megabyte():
    with pytest.raises(ValidationError) as err:
        Scene.parse({"objects": [{"id": "x" * 1_000_000, "name": "b", "box": BOX}]})
    assert len(str(err.value)) <= MAX_ERROR_CHARS
    assert len(one_line("\n" * 10_000)) <= MAX_ERROR_CHARS


def test_deep_nesting_in_params_is_rejected():
    deep: object = 1
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ValidationError, match="nested deeper"):
        TaskGraph.parse({"nodes": [{"id": "a", "plugin": "x.y", "params": {"v": deep}}]})


# -- 8. exit codes ------------------------------------------------------------------------------------
def _file(tmp_path, name, data) -> str:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(p)


@pytest.mark.parametrize("make_args, needle", [
    (lambda t: ["run", "--scene", _file(t, "s.json", '{"texts":[{"id":"t","content":"a","box":[0.1,0.1,0.5,0.5],'
                                                      '"rotation":NaN}]}')], "rotation"),
    (lambda t: ["run", "--scene", _file(t, "s.json", '{"texts":[{"id":"t","content":"a","box":[0.1,0.1,0.5,0.5],'
                                                      '"rotation":Infinity}]}')], "rotation"),
    (lambda t: ["run", "--graph", _file(t, "g.json", {"nodes": [{"id": "m", "plugin": "mask.box", "params": {
        "width": 64, "height": 64, "boxes": [[0, 0, 2, 2]]}}], "outputs": [{"node": "m", "field": "mask"}]})],
     "outside 0..1"),
    (lambda t: ["run", "--graph", _file(t, "g.json", {"nodes": [{"id": "g", "plugin": "generate.one_step", "params": {
        "prompt": "x", "profile": "nope"}}], "outputs": [{"node": "g"}]})], "unknown profile"),
    (lambda t: ["run", "", "--out"], "PROMPT: is empty"),
    (lambda t: ["run", "--graph", _file(t, "g.json", "{}")], "no nodes"),
])
def test_user_errors_exit_2_with_one_line(tmp_path, capsys, make_args, needle):
    args = make_args(tmp_path)
    args = [*args, str(tmp_path / "o")] if args[-1] == "--out" else [*args, "--out", str(tmp_path / "o")]
    assert main([*args, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0], err


def test_unexpected_exception_is_one_line_exit_1_and_debug_shows_it(monkeypatch, capsys):
    import agent.commands.plan as plan_cmd

    def boom(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_cmd, "main", boom)
    assert main(["plan", "a cat"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err
    with pytest.raises(RuntimeError):
        main(["--debug", "plan", "a cat"])


def test_inspect_into_a_closed_pipe_ends_quietly(tmp_path):
    nodes = [{"id": f"n{i}", "plugin": "sketch.render", "params": {"x": "a" * 3000}} for i in range(200)]
    path = tmp_path / "big.png"
    path.write_bytes(provenance_png({"graph": {"nodes": nodes}, "seed": 1}))
    from tests.hostile import REPO
    from tests.procenv import pythonpath

    cmd = f"'{sys.executable}' -m agent.cli inspect --json '{path}' | head -c 10"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60, check=False,
                          env={"PYTHONPATH": pythonpath(REPO), "PATH": "/usr/bin:/bin"})
    assert proc.stdout and proc.stderr == "", proc.stderr


# -- 4. one validated provenance reader ---------------------------------------------------------------
def _inspect(tmp_path, data: bytes) -> subprocess.CompletedProcess:
    path = tmp_path / "x.png"
    path.write_bytes(data)
    return run_cli(["inspect", str(path)])


def test_a_text_chunk_over_pillows_limit_is_read(tmp_path):
    prov = {"graph": SKETCH_GRAPH, "seed": 3, "scenecraft": "x" * 2_000 , "plugins": {"a.b": "1" * 3000}}
    prov["graph"] = {**SKETCH_GRAPH, "nodes": SKETCH_GRAPH["nodes"] * 1 + [
        {"id": f"pad{i}", "plugin": "sketch.render", "params": {"pad": "p" * 3000}} for i in range(400)]}
    proc = _inspect(tmp_path, provenance_png(prov))
    assert proc.returncode == 0, proc.stderr
    assert b"seed 3" in proc.stdout


def test_a_60000_pixel_square_png_is_not_decoded(tmp_path):
    proc = _inspect(tmp_path, provenance_png({"graph": SKETCH_GRAPH, "seed": 1}, 60000, 60000))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("extra, needle", [
    ({"plugins": ["a", "b"]}, "plugins"), ({"plugins": "sketch"}, "plugins"), ({"models": [1, 2]}, "models"),
    ({"seed": "1"}, "seed"), ({"seed": 1.5}, "seed"), ({"graph": []}, "graph"),
])
def test_wrong_types_in_provenance_are_one_line_for_inspect_and_run_from(tmp_path, extra, needle):
    data = provenance_png({"graph": SKETCH_GRAPH, "seed": 1, **extra})
    proc = _inspect(tmp_path, data)
    assert proc.returncode == 2 and needle in one_error_line(proc)
    proc = run_cli(["run", "--from", str(tmp_path / "x.png"), "--out", str(tmp_path / "o")])
    assert proc.returncode == 2 and needle in one_error_line(proc)


def test_a_decompression_bomb_chunk_is_refused(tmp_path):
    bomb = zlib.compress(b" " * (64 * 1024 * 1024), 9)
    body = b"scenecraft:graph\0\1\0\0\0" + bomb
    proc = _inspect(tmp_path, png([chunk(b"iTXt", body)]))
    assert proc.returncode == 2 and "decompresses to over" in one_error_line(proc)


def test_invalid_utf8_in_a_chunk_is_refused(tmp_path):
    proc = _inspect(tmp_path, png([itxt("scenecraft:graph", b'{"nodes": "\xff"}', compress=False)]))
    assert proc.returncode == 2 and "not UTF-8" in one_error_line(proc)


# -- 2. model fingerprints: only a model folder's known files, bounded -----------------------------------
def test_fingerprint_does_not_walk_a_tree_that_is_not_a_model(tmp_path, monkeypatch):
    from pathlib import Path

    from agent.engine.keys import model_fingerprint

    deep = tmp_path / "tree"
    for i in range(50):
        (deep / f"d{i}").mkdir(parents=True)
        (deep / f"d{i}" / "f.safetensors").write_bytes(b"x")
    calls = []
    monkeypatch.setattr(Path, "rglob", lambda self, pat: calls.append(pat) or iter(()))
    assert model_fingerprint(str(deep)) == str(deep)  # no marker and no weights at the top: a name only
    for model in ("~", "/usr", "~nonexistentuser/x", "/tmp", "a\0b"):
        t0 = time.perf_counter()
        model_fingerprint(model)
        assert time.perf_counter() - t0 < 0.5
    assert calls == []


def test_fingerprint_of_a_model_folder_sees_new_weights_and_ignores_other_files(tmp_path):
    from agent.engine.keys import model_fingerprint

    (tmp_path / "model_index.json").write_text("{}")
    (tmp_path / "unet").mkdir()
    (tmp_path / "unet" / "config.json").write_text("{}")
    (tmp_path / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"v1")
    first = model_fingerprint(str(tmp_path))
    (tmp_path / "notes.md").write_text("not part of the model")
    (tmp_path / "unet" / "junk").mkdir()
    assert model_fingerprint(str(tmp_path)) == first
    (tmp_path / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"version two")
    assert model_fingerprint(str(tmp_path)) != first


def test_a_vanishing_file_does_not_crash_the_fingerprint(tmp_path, monkeypatch):
    from pathlib import Path

    from agent.engine.keys import model_fingerprint

    (tmp_path / "model_index.json").write_text("{}")
    (tmp_path / "a.safetensors").write_bytes(b"1")
    real_stat = Path.stat

    def flaky(self, *a, **k):
        if self.name == "a.safetensors":
            raise FileNotFoundError(self)
        return real_stat(self, *a, **k)

    monkeypatch.setattr(Path, "stat", flaky)
    assert model_fingerprint(str(tmp_path)).startswith(str(tmp_path.resolve()))


@pytest.mark.parametrize("model", ["~", "~nonexistentuser/x"])
def test_a_home_or_unknown_user_model_is_a_quick_user_error(tmp_path, capsys, model):
    graph = {"nodes": [{"id": "g", "plugin": "generate.one_step", "params": {"prompt": "x", "model": model}}],
             "outputs": [{"node": "g"}]}
    t0 = time.perf_counter()
    assert main(["run", "--graph", _file(tmp_path, "g.json", graph), "--out", str(tmp_path / "o"),
                 "--no-progress"]) == 2
    assert time.perf_counter() - t0 < 5
    assert "Traceback" not in capsys.readouterr().err


def test_inspect_escapes_control_sequences_from_the_png(tmp_path, capsys):
    path = tmp_path / "x.png"
    path.write_bytes(provenance_png({"graph": SKETCH_GRAPH, "seed": 1, "scenecraft": "\x1b]0;owned\x07",
                                     "plugins": {"a\x1b[2J": "1"}, "models": ["m\x1b[31m"]}))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out


def test_deeply_nested_json_text_is_rejected_before_parsing():
    import numpy  # noqa: F401 - imported once per process; not part of what is timed

    nested = "[" + ",".join(["[" * 200 + "1" + "]" * 200] * 5000) + "]"  # 2 MB, a million lists
    t0 = time.perf_counter()
    with pytest.raises(ValidationError, match="nested too deeply"):
        Scene.parse(nested)
    assert time.perf_counter() - t0 < 0.5
    quoted = json.dumps({"prompt": "[" * 3000, "background": "{" * 3000, "objects": []})
    assert Scene.parse(quoted).prompt == "[" * 3000  # brackets inside strings do not count


def test_a_chat_message_with_invalid_text_is_a_sorry_turn(tmp_path):
    from agent.chat.session import ChatSession

    session = ChatSession(tmp_path / "chat")
    turn = session.send("a cat \udcff on a mat")
    assert "not valid UTF-8" in turn.reply and session.scene is None


@pytest.mark.timeout(20)
def test_unterminated_json_strings_are_read_in_linear_time() -> None:
    """Each stray quote used to rescan the rest of the text (an 80 KB chunk took 90 s)."""
    from agent.errors import ValidationError
    from agent.scene import _too_deep, load_json

    hostile = '"' + '\\"' * 200_000  # 400 KB: hours with the old pattern
    assert _too_deep(hostile) is False
    with pytest.raises(ValidationError):
        load_json(hostile, "x")
    assert _too_deep('"[[[[" ' + "[" * 40 + "]" * 40) is True  # brackets inside a string still do not count
    assert _too_deep('"[[[[[[[[[[" []') is False
