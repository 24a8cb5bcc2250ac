"""``scenecraft serve`` round trips: every endpoint against a live uvicorn on 127.0.0.1, httpx as the client."""

from __future__ import annotations

import base64
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from agent.server.limits import ServerSettings
from tests.live_server import serve_in_thread, wait_done

PROMPT = "three red apples left of a blue cup"
SIGN = "a red apple and a blue cup with a sign that says 'OPEN'"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("server")
    settings = ServerSettings(db=root / "q.sqlite3", out_dir=root / "runs", cache_dir=root / "cache", workers=1,
                              token=None)
    with serve_in_thread(settings) as app:
        yield app


@pytest.fixture(scope="module")
def idle(tmp_path_factory: pytest.TempPathFactory):
    """A server with no workers: its jobs stay queued until a test runs them."""
    root = tmp_path_factory.mktemp("idle")
    with serve_in_thread(ServerSettings(db=root / "q.sqlite3", out_dir=root / "runs", cache_dir=root / "cache",
                                        workers=0, token=None)) as app:
        yield app


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def run(http, **body) -> dict:
    r = http.post("/v1/runs", json=body)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/v1/runs/{r.json()['id']}"
    return wait_done(http, r.json()["id"])


def test_prompt_round_trip_matches_agent_bytes_and_carries_provenance(http, tmp_path):
    from agent import Agent
    from agent.artifacts import read_provenance

    view = run(http, prompt=PROMPT, seed=3, width=96, height=96)
    assert view["status"] == "done" and view["attempts"] == 1
    assert [n["status"] for n in view["nodes"]] == ["ok"] and view["nodes"][0]["plugin"] == "sketch.render"
    assert view["timings"]["total_s"] >= view["timings"]["run_s"] > 0
    assert view["scene"]["prompt"] == PROMPT and view["seed"] == 3
    png = http.get(view["images"][0]["url"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    local = Agent(width=96, height=96, out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache").run(PROMPT, seed=3)
    assert png.content == local.images[0].read_bytes()
    (tmp_path / "got.png").write_bytes(png.content)
    prov = read_provenance(tmp_path / "got.png")
    assert prov["seed"] == 3 and prov["scene"]["prompt"] == PROMPT
    assert http.get(f"/v1/runs/{view['id']}/images/nope.png").status_code == 404


def test_scene_and_graph_requests(http):
    from agent import Agent
    from agent.compiler import compile_scene

    scene = Agent(width=64, height=64).plan("two green pears")
    by_scene = run(http, scene=json.loads(scene.to_json()), seed=1)
    assert by_scene["status"] == "done" and by_scene["kind"] == "scene"
    graph = compile_scene(scene, "sketch").model_dump(mode="json")
    by_graph = run(http, graph=graph, seed=1)
    assert by_graph["status"] == "done" and by_graph["kind"] == "graph" and by_graph["scene"] is None
    a = http.get(by_scene["images"][0]["url"]).content
    b = http.get(by_graph["images"][0]["url"]).content
    assert a != b  # same pixels, but only the scene run's provenance holds the Scene
    assert by_graph["cache_hits"] == ["sketch"]


def test_edit_reruns_only_the_changed_node(http):
    first = run(http, prompt=SIGN, seed=2, width=128, height=128)
    r = http.post(f"/v1/runs/{first['id']}/edit", json={"instruction": "change the sign to CLOSED"})
    assert r.status_code == 202, r.text
    edited = wait_done(http, r.json()["id"])
    assert edited["status"] == "done" and edited["parent"] == first["id"] and edited["kind"] == "edit"
    assert edited["cache_hits"] == ["sketch"]  # the picture is reused; only the text node ran
    assert [t["content"] for t in edited["scene"]["texts"]] == ["CLOSED"]
    bad = http.post(f"/v1/runs/{first['id']}/edit", json={"instruction": "frobnicate the moon"})
    assert bad.status_code == 422 and bad.json()["error"]


def test_source_image_with_provenance_plus_an_edit(http):
    first = run(http, prompt=PROMPT, seed=5, width=96, height=96)
    png = http.get(first["images"][0]["url"]).content
    view = run(http, image=base64.b64encode(png).decode(), instruction="make the cup green")
    assert view["status"] == "done" and view["kind"] == "image_edit" and view["seed"] == 5
    cup = next(o for o in view["scene"]["objects"] if o["name"] == "cup")
    assert cup["color"] == "green"


def test_events_stream_node_progress(http):
    view = run(http, prompt=SIGN, seed=9, width=64, height=64)
    with http.stream("GET", f"/v1/runs/{view['id']}/events") as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in resp.iter_lines() if line.startswith("data: ")]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "status" and kinds[-1] == "end" and events[-1]["status"] == "done"
    started = [e["node"] for e in events if e["type"] == "node_started"]
    finished = [e["node"] for e in events if e["type"] == "node_finished"]
    assert started == finished == ["sketch", "text_place", "text"]
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    resumed = http.get(f"/v1/runs/{view['id']}/events", headers={"Last-Event-ID": str(events[-2]["seq"])})
    assert [json.loads(x[6:])["type"] for x in resumed.text.splitlines() if x.startswith("data: ")] == ["end"]


def test_list_is_paginated(idle):
    with httpx.Client(base_url=idle.url) as c:
        ids = [c.post("/v1/runs", json={"prompt": f"{i} red apples"}).json()["id"] for i in range(5)]
        seen, cursor = [], None
        while True:
            page = c.get("/v1/runs", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
            seen += [r["id"] for r in page["runs"]]
            cursor = page["next"]
            if cursor is None:
                break
        assert seen[:5] == ids[::-1] and len(seen) == len(set(seen))
        assert c.get("/v1/runs", params={"cursor": "../x"}).status_code == 400


def test_cancel_queued_and_running(idle):
    state = idle.state.sc
    with httpx.Client(base_url=idle.url) as c:
        queued = c.post("/v1/runs", json={"prompt": "a red apple"}).json()["id"]
        r = c.delete(f"/v1/runs/{queued}")
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        assert c.delete(f"/v1/runs/{queued}").status_code == 409
        running = c.post("/v1/runs", json={"prompt": "a blue cup"}).json()["id"]
        while (job := state.queue.claim()) is not None and job.id != running:
            state.queue.finish(job, "cancelled", None)
        r = c.delete(f"/v1/runs/{running}")
        assert r.status_code == 202 and r.json()["cancel_requested"]
        state.pool._run(job, {})  # the worker stops at the first node
        view = c.get(f"/v1/runs/{running}").json()
        assert view["status"] == "cancelled" and not view["images"]
        assert not (state.settings.out_dir / running / "image.png").exists()


def test_info_and_health_endpoints(http):
    from agent.models.profiles import profile_rows
    from agent.registry import plugin_rows

    assert http.get("/v1/plugins").json() == json.loads(json.dumps(plugin_rows()))
    assert [m["profile"] for m in http.get("/v1/models").json()] == [m["profile"] for m in profile_rows()]
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz").json()
    assert ready["status"] == "ready" and ready["checks"] == {"database": True, "workers": True}
    assert http.get("/docs").status_code == 200
    paths = http.get("/openapi.json").json()["paths"]
    assert {"/v1/runs", "/v1/runs/{run_id}", "/v1/runs/{run_id}/edit", "/v1/runs/{run_id}/events",
            "/v1/runs/{run_id}/images/{name}", "/v1/plugins", "/v1/models"} <= set(paths)


def test_python_client_runs_the_readme_example(server, tmp_path):
    from agent.client import Client
    from agent.errors import ScenecraftError

    # docs/api.md's example with its one line changed: Agent(AgentConfig(width=..., out_dir="runs")) -> Client(url, ...)
    with Client(server.url, width=128, height=128, out_dir=tmp_path / "runs") as agent:
        result = agent.run(PROMPT + ", with a sign that says 'OPEN'", seed=1)
        assert result.ok and result.images[0].is_file() and result.image().size == (128, 128)
        greener = agent.edit(result, "make the cup green")
        closed = agent.edit(greener, "change the sign to CLOSED")
        assert closed.parent is greener and [r.id for r in closed.history()] == [result.id, greener.id, closed.id]
        assert "sketch" in closed.cache_hits
        events = list(agent.events(closed.id))
        assert events[-1] == {**events[-1], "type": "end", "status": "done"}
        assert agent.get(closed.id)["parent"] == greener.id and agent.list(limit=1)["runs"][0]["id"] == closed.id
        assert next(o for o in greener.scene.objects if o.name == "cup").color == "green"
        assert agent.info()["policy"]["client_models"] == "cached"
        with pytest.raises(ScenecraftError, match="422 planner_not_allowed"):
            agent.submit(prompt=PROMPT, planner="llm")
        with pytest.raises(ScenecraftError, match="400 malformed_json|422"):
            agent.edit(result, "frobnicate the moon")
        with pytest.raises(ScenecraftError, match="unknown Client setting"):
            Client(server.url, widht=3)


def test_tiny_diffusers_model_run(server, http, tmp_path_factory, monkeypatch):
    pytest.importorskip("diffusers")
    import torch

    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    folder = tiny_model_dir("sd", tmp_path_factory.mktemp("tiny"))
    monkeypatch.setenv("SCENECRAFT_MODEL_SD_TURBO", str(folder))
    view = run(http, prompt="a red apple", backend="sd-turbo", steps=1, width=64, height=64)
    assert view["status"] == "done", view
    png = http.get(view["images"][0]["url"])
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(png.content)).size == (64, 64)
    from agent import context

    if hasattr(context, "progress_listener"):  # the engine's per-step hook (ctx.progress) is in this tree
        events = http.get(f"/v1/runs/{view['id']}/events").text
        assert "event: step" in events
    assert http.post("/v1/runs", json={"prompt": "x", "model": str(folder)}).json()["error"] == "path_not_allowed"

    # a photo without Scenecraft provenance + an instruction: an edit.instruct node on the uploaded pixels
    monkeypatch.setenv("SCENECRAFT_MODEL_INSTRUCT_PIX2PIX", str(tiny_model_dir("pix2pix", folder.parent)))
    buf = io.BytesIO()
    Image.new("RGBA", (64, 48), (200, 30, 30, 255)).save(buf, format="PNG")
    edit = run(http, image=base64.b64encode(buf.getvalue()).decode(), instruction="make it blue", steps=1)
    assert edit["status"] == "done" and [n["plugin"] for n in edit["nodes"]] == ["edit.instruct"], edit
    out = Image.open(io.BytesIO(http.get(edit["images"][0]["url"]).content))
    assert out.size == (64, 48)


def test_wait_returns_the_image_for_the_readme_one_liner(http):
    r = http.post("/v1/runs", params={"wait": 30}, headers={"accept": "image/png"},
                  json={"prompt": PROMPT, "seed": 3, "width": 96, "height": 96})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    view = http.get(r.headers["location"]).json()
    assert view["status"] == "done" and r.headers["x-run-id"] == view["id"]
    assert http.get(view["images"][0]["url"]).content == r.content
    as_json = http.post("/v1/runs", params={"wait": 30}, json={"prompt": PROMPT, "seed": 4, "width": 96, "height": 96})
    assert as_json.status_code == 200 and as_json.json()["status"] == "done"
