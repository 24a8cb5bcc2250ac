"""The operator policy covers what a request loads without naming it (its backend's profile model) and the
jobs a restarted server finds queued. Servers here have no workers and an empty hub cache: nothing downloads."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from agent.server.app import create_app  # noqa: E402
from agent.server.limits import ServerSettings  # noqa: E402
from tests.server.test_server_policy import download, hub_cache  # noqa: E402,F401 - hub_cache: autouse, empty

STRANGER = "someone/ninety-gigabytes"


def client(tmp_path, **policy) -> TestClient:
    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None, **policy)
    return TestClient(create_app(s), raise_server_exceptions=False)


def test_a_backends_own_model_is_not_downloaded_under_cached(tmp_path, hub_cache):  # noqa: F811
    from agent.models.profiles import get_profile

    model = get_profile("sdxl-turbo").model
    body = {"prompt": "two owls on a fence", "backend": "sdxl-turbo"}
    with client(tmp_path) as c:
        r = c.post("/v1/runs", json=body)
        assert (r.status_code, r.json()["error"]) == (422, "model_not_allowed"), r.text
        assert f"'{model}'" in r.json()["detail"] and f"hf download {model}" in r.json()["detail"]
        assert c.app.state.sc.queue.count() == 0
        download(hub_cache, model)
        assert c.post("/v1/runs", json=body).status_code == 202  # already here: nothing to download
        assert c.post("/v1/runs", json={"prompt": "two owls on a fence"}).status_code == 202  # sketch: no model
    with client(tmp_path / "p", client_models="profiles") as c:  # the operator lets profiles download
        assert c.post("/v1/runs", json={**body, "backend": "sd-turbo"}).status_code == 202


def test_a_restart_holds_queued_jobs_to_the_new_policy(tmp_path):
    loose = {"client_models": "any", "llm_planner": True}
    with client(tmp_path, **loose) as c:
        ids = {name: c.post("/v1/runs", json=body).json()["id"] for name, body in {
            "stranger": {"prompt": "a kite over a lake", "backend": "sd-turbo", "model": STRANGER},
            "llm": {"prompt": "a kite over a lake", "planner": "llm"},
            "profile": {"prompt": "a kite over a lake", "backend": "sd-turbo"},
            "sketch": {"prompt": "a kite over a lake"}}.items()}
        queue = c.app.state.sc.queue
        running = queue.claim()  # the server dies while this one runs: the restart re-queues it
        assert running is not None and running.id == ids["stranger"]
    with client(tmp_path) as c:  # restarted with the default policy (cached, no LLM planner)
        queue = c.app.state.sc.queue
        status = {name: queue.get(run_id) for name, run_id in ids.items()}
        assert status["sketch"].status == "queued"
        for name, why in (("stranger", STRANGER), ("llm", "planner 'llm'"), ("profile", "backend 'sd-turbo'")):
            job = status[name]
            assert job.status == "failed" and "refused by this server's policy" in job.error and why in job.error
        assert "refused" in [e["event"] for e in queue.log(ids["llm"])]
        view = c.get(f"/v1/runs/{ids['stranger']}").json()
        assert view["status"] == "failed" and STRANGER in view["error"]


def test_a_graph_node_without_a_model_is_checked_for_its_plugins_default(tmp_path, hub_cache):  # noqa: F811
    with client(tmp_path) as c:
        if "edit.instruct" not in c.app.state.sc.registry:
            pytest.skip("the diffusers plugins are not installed")
        node = {"id": "e", "plugin": "edit.instruct",
                "params": {"prompt": "make the kite red", "image": {"sha256": "0" * 64, "width": 8, "height": 8}}}
        graph = {"nodes": [node], "outputs": [{"node": "e", "field": "image"}]}
        r = c.post("/v1/runs", json={"graph": graph})
        assert (r.status_code, r.json()["error"]) == (422, "model_not_allowed"), r.text
        assert "graph.nodes[0] (edit.instruct, its default model)" in r.json()["detail"]
        assert "instruct-pix2pix" in r.json()["detail"]


def test_an_image_edited_without_a_model_is_checked_for_the_edit_plugins_default(tmp_path, hub_cache):  # noqa: F811
    import base64
    import io

    from PIL import Image

    with client(tmp_path) as c:
        if "edit.instruct" not in c.app.state.sc.registry:
            pytest.skip("the diffusers plugins are not installed")
        buf = io.BytesIO()
        Image.new("RGB", (16, 16), (200, 40, 40)).save(buf, format="PNG")  # no Scenecraft provenance
        body = {"image": base64.b64encode(buf.getvalue()).decode(), "instruction": "make the barn blue"}
        r = c.post("/v1/runs", json=body)
        assert (r.status_code, r.json()["error"]) == (422, "model_not_allowed"), r.text
        assert "instruct-pix2pix" in r.json()["detail"]
        assert c.app.state.sc.queue.count() == 0
