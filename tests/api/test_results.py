"""The result classes share one implementation of image(), load_images() and history() (agent/results.py)."""

from __future__ import annotations

import pytest
from PIL import Image

from agent.api import Result
from agent.client import RemoteResult
from agent.errors import ScenecraftError
from agent.graph import TaskGraph
from agent.results import ImageFiles


def test_local_and_remote_results_open_images_and_walk_edits_alike(tmp_path):
    paths = []
    for i, colour in enumerate(("red", "blue")):
        paths.append(tmp_path / f"image_{i + 1}.png")
        Image.new("RGB", (8, 6), colour).save(paths[-1])
    common = {"seed": 0, "backend": "sketch", "out_dir": tmp_path, "scene": None}
    first = Result(prompt="a", images=paths, graph=TaskGraph(), trace=[], **common)
    edit = Result(prompt="b", images=paths[1:], graph=TaskGraph(), trace=[], parent=first, **common)
    remote = RemoteResult(id="r1", status="failed", prompt="a", images=[], trace=[], errors=["node 'x': boom"],
                          **common)
    assert isinstance(first, ImageFiles) and isinstance(remote, ImageFiles)
    assert [im.getpixel((0, 0)) for im in first.load_images()] == [(255, 0, 0), (0, 0, 255)]
    assert edit.history() == [first, edit] and remote.history() == [remote]
    with pytest.raises(ScenecraftError, match="run r1 produced no image: node 'x': boom"):
        remote.image()
    empty = Result(prompt="c", images=[], graph=TaskGraph(), trace=[], **common)
    with pytest.raises(ScenecraftError, match="produced no image: no outputs"):
        empty.image()
