"""The server never re-runs a PNG's provenance graph, so the PNG trust check of ``run --from``
(:func:`agent.models.trust.check_png_trust`) has nothing to guard there: an uploaded Scenecraft PNG
contributes its Scene (path-checked) and seed; every graph the job runs is compiled by the server from
the request's own options. This pins that: a PNG whose graph asks for a foreign hub model and the remote
critic leaves no trace of either in the stored job spec."""

from __future__ import annotations

import base64
import io
import json

import pytest

pytest.importorskip("fastapi")

from agent.artifacts import ArtifactStore  # noqa: E402
from agent.models.trust import png_wants  # noqa: E402
from agent.registry import default_registry  # noqa: E402
from agent.server.jobs import prepare  # noqa: E402
from agent.server.limits import ServerSettings  # noqa: E402
from agent.server.schemas import RunRequest  # noqa: E402

SCENE = {"prompt": "a dog on a mat", "width": 64, "height": 64,
         "objects": [{"id": "dog_1", "name": "dog", "box": [0.2, 0.3, 0.7, 0.9]}]}
FOREIGN = "someone-else/unvetted-weights"
GRAPH = {"nodes": [{"id": "g", "plugin": "generate.one_step", "params": {"prompt": "a dog", "model": FOREIGN}},
                   {"id": "critic", "plugin": "critic.mllm", "params": {"scene": SCENE}}],
         "edges": [{"source": "g", "output": "image", "target": "critic", "input": "image"}],
         "outputs": [{"node": "g", "field": "image"}]}


def _provenance_png(prov: dict) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in prov.items():
        info.add_text("scenecraft:" + key, json.dumps(value))
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "gray").save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def test_an_uploaded_png_contributes_its_scene_and_seed_never_its_graph(tmp_path):
    from agent.graph import TaskGraph

    registry = default_registry()
    if "generate.one_step" not in registry:
        pytest.skip("the diffusers plugins are not installed")
    # The PNG's graph is one the trust check refuses (so the test is about something real) ...
    assert len(png_wants(TaskGraph.parse(GRAPH), registry)) == 2
    png = _provenance_png({"graph": GRAPH, "scene": SCENE, "seed": 7})
    req = RunRequest(image=base64.b64encode(png).decode(), instruction="make the dog brown")
    kind, spec = prepare(req, ServerSettings(db=tmp_path / "q", out_dir=tmp_path / "o"), registry,
                         ArtifactStore(tmp_path / "store"))
    # ... and none of it reaches the job: the Scene is edited and the seed kept, the graph is dropped.
    assert kind == "image_edit" and spec["seed"] == 7 and "graph" not in spec
    assert spec["scene"]["objects"][0]["color"] == "brown"
    stored = json.dumps(spec)
    assert FOREIGN not in stored and "critic.mllm" not in stored
