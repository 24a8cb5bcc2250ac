"""``scenecraft run`` compiles the real plan: the Scene's objects and texts reach the sketch graph."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from agent.jobs import run_prompt


def test_run_uses_the_planned_scene(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    out = run_prompt("two green umbrellas above a yellow taxi, and a sign that says 'NO PARKING'", tmp_path / "run",
                     width=128, height=128, progress=False)
    assert out.ok
    scene = json.loads((tmp_path / "run" / "scene.json").read_text())
    assert [o["name"] for o in scene["objects"]] == ["umbrella", "umbrella", "taxi", "sign"]
    graph = json.loads((tmp_path / "run" / "graph.json").read_text())
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["sketch"]["params"]["scene"]["objects"][2]["box"] == scene["objects"][2]["box"]
    texts = nodes["text"]["params"]["texts"]
    assert [t["content"] for t in texts] == ["NO PARKING"] and texts[0]["box"] == scene["texts"][0]["box"]
    assert Image.open(out.images[0]).size == (128, 128)
