"""The CLI end to end on the embedded default (no weights, no network), and its one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent.cli", *args], capture_output=True, text=True)


def test_run_writes_the_folder_and_inspect_reads_it(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "two red apples and a blue cup with a sign that says 'OPEN'", "--out", str(out), "--seed",
                 "5", "--no-progress"]) == 0
    assert {p.name for p in out.iterdir()} >= {"image.png", "scene.json", "graph.json", "trace.json"}
    scene = json.loads((out / "scene.json").read_text())
    assert [o["name"] for o in scene["objects"]].count("apple") == 2
    trace = json.loads((out / "trace.json").read_text())
    assert trace["seed"] == 5 and {n["node"] for n in trace["nodes"]} == {"sketch", "text_place", "text"}
    capsys.readouterr()
    assert main(["inspect", str(out / "image.png"), "--json"]) == 0
    prov = json.loads(capsys.readouterr().out)
    assert prov["seed"] == 5
    assert prov["scene"] == scene
    from agent.registry import default_registry

    registry = default_registry()  # every plugin that ran is recorded with the version that ran
    assert prov["plugins"] == {pid: registry.get(pid).version
                               for pid in ("sketch.render", "sketch.place_texts", "text.render")}


def test_run_from_png_reproduces_the_same_bytes(tmp_path, monkeypatch):
    first = tmp_path / "a"
    assert main(["run", "a green dog left of a yellow cat", "--out", str(first), "--no-progress"]) == 0
    # A cold cache proves the bytes come from re-running, not from the cache.
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cold"))
    second = tmp_path / "b"
    assert main(["run", "--from", str(first / "image.png"), "--out", str(second), "--no-progress"]) == 0
    assert (first / "image.png").read_bytes() == (second / "image.png").read_bytes()
    trace = json.loads((second / "trace.json").read_text())
    assert not any(n["cache_hit"] for n in trace["nodes"])


def test_rerun_hits_the_cache(tmp_path):
    assert main(["run", "a red apple", "--out", str(tmp_path / "1"), "--no-progress"]) == 0
    assert main(["run", "a red apple", "--out", str(tmp_path / "2"), "--no-progress"]) == 0
    trace = json.loads((tmp_path / "2" / "trace.json").read_text())
    assert all(n["cache_hit"] for n in trace["nodes"])


def _graph_file(tmp_path: Path, graph: dict) -> Path:
    p = tmp_path / "g.json"
    p.write_text(json.dumps(graph))
    return p


@pytest.mark.parametrize(
    "make_args, needle",
    [
        (lambda t: ["run", "--scene", str(_write(t / "s.json", "{oops")), "--out", str(t / "o")], "invalid JSON"),
        (lambda t: ["run", "--graph", str(_graph_file(t, {"nodes": [{"id": "a", "plugin": "no.such"}]})), "--out",
                    str(t / "o")],
         "unknown plugin 'no.such'"),
        (lambda t: ["run", "--graph", str(_graph_file(t, {
            "nodes": [{"id": "x", "plugin": "text.render", "params": {"texts": []}},
                      {"id": "y", "plugin": "text.render", "params": {"texts": []}}],
            "edges": [{"source": "x", "output": "image", "target": "y", "input": "image"},
                      {"source": "y", "output": "image", "target": "x", "input": "image"}]})), "--out", str(t / "o")],
                      "cycle"),
        (lambda t: ["run", "a cat", "--out", str(_write(t / "file.txt", "x") / "sub")], "cannot write to --out"),
        (lambda t: ["run", "--from", str(t / "missing.png"), "--out", str(t / "o")], "no such file"),
        (lambda t: ["run", "a cat", "--out", str(t / "o"), "--backend", "warp-drive"], "unknown backend 'warp-drive'"),
        (lambda t: ["run", "a cat", "--out", str(t / "o"), "--width", "0"], "--width 0"),
        (lambda t: ["inspect", str(_write(t / "plain.png", "nope"))], "not a readable image"),
        (lambda t: ["run", "--scene", str(_write_bytes(t / "s.json", b"\xff\xfe{}")), "--out", str(t / "o")],
         "is not UTF-8"),
        (lambda t: ["plan", "--input", str(_write_bytes(t / "p.txt", b"caf\xe9")), "--output", str(t / "o.jsonl")],
         "is not UTF-8"),
        (lambda t: ["run", "--graph", str(_write(t / "g.json", "[" * 100000)), "--out", str(t / "o")],
         "nested too deeply"),
        (lambda t: ["plan", "a cat", "--width", "0"], "--width 0"),
        (lambda t: ["run", "--graph", str(_graph_file(t, {"nodes": [{"id": "s", "plugin": "sketch.render",
                                                                      "params": {"scene": {}, "width": 1}}]})),
                    "--out", str(t / "o")], "node 's' field 'width': invalid value"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make_args, needle):
    proc = run_cli(*make_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _text_graph(sha: str) -> dict:
    return {"nodes": [{"id": "txt", "plugin": "text.render",
                       "params": {"image": {"sha256": sha, "width": 4, "height": 4}, "texts": []}}],
            "outputs": [{"node": "txt", "field": "image"}]}


def test_failed_node_names_the_node_exit_1_for_faults_2_for_user_errors(tmp_path, _isolated_cache):
    # A corrupt artifact is a fault inside the run: exit 1, the node named, the trace still written.
    sha = "ab" + "0" * 62
    (_isolated_cache / "objects" / "ab").mkdir(parents=True)
    (_isolated_cache / "objects" / "ab" / f"{sha}.png").write_bytes(b"not a png")
    proc = run_cli("run", "--graph", str(_graph_file(tmp_path, _text_graph(sha))), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1
    assert "node 'txt' (text.render) failed" in proc.stderr
    assert (tmp_path / "o" / "trace.json").exists()
    # A missing artifact is something the user can fix (a graph pointing at nothing): exit 2.
    proc = run_cli("run", "--graph", str(_graph_file(tmp_path, _text_graph("0" * 64))), "--out", str(tmp_path / "p"))
    assert proc.returncode == 2
    assert "node 'txt' (text.render) failed: artifact 000000000000 is missing" in proc.stderr


def test_plan_prints_scene_json_and_plans_files(tmp_path):
    proc = run_cli("plan", "three blue cups")
    assert proc.returncode == 0
    scene = json.loads(proc.stdout)
    assert [o["name"] for o in scene["objects"]] == ["cup"] * 3
    src = _write(tmp_path / "p.txt", "a red apple\n\na dog\n")
    out = tmp_path / "scenes.jsonl"
    assert run_cli("plan", "--input", str(src), "--output", str(out)).returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["prompt"] for r in rows] == ["a red apple", "a dog"]


def test_rejected_input_leaves_no_empty_out_folder(tmp_path):
    out = tmp_path / "never"
    proc = run_cli("run", "--scene", str(_write(tmp_path / "s.json", "{oops")), "--out", str(out))
    assert proc.returncode == 2 and not out.exists()


def test_width_and_height_override_a_scene_file(tmp_path):
    scene = {"width": 512, "height": 512, "objects": [{"id": "a", "name": "apple", "box": [0.1, 0.1, 0.5, 0.5]}]}
    src = _write(tmp_path / "s.json", json.dumps(scene))
    assert main(["run", "--scene", str(src), "--out", str(tmp_path / "o"), "--width", "96", "--height", "64",
                 "--no-progress"]) == 0
    from PIL import Image

    assert Image.open(tmp_path / "o" / "image.png").size == (96, 64)
    assert json.loads((tmp_path / "o" / "scene.json").read_text())["width"] == 96


def test_planner_warnings_are_one_line(tmp_path):
    proc = run_cli("run", "zzqx", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0
    first = proc.stderr.splitlines()[0]  # the parser reads "zzqx" as nothing to draw: the prompt is the background
    assert first.startswith("warning: ") and "'zzqx'" in first, first
    assert "UserWarning" not in proc.stderr and ".py:" not in proc.stderr, proc.stderr
