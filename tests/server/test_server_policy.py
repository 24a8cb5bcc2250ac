"""The operator's policy (``serve --client-models``, ``--llm-planner``): a client cannot make the server
download a hub model it was not set up for, or spend its LLM key, and the refusal comes before a job is
queued. The servers here have no workers, so an accepted request stays queued and nothing downloads."""

from __future__ import annotations

import base64
import io
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from agent.errors import ScenecraftError  # noqa: E402
from agent.server.app import create_app  # noqa: E402
from agent.server.limits import ServerSettings  # noqa: E402

STRANGER = "stranger/forty-gigabytes"
CAT = {"id": "cat_1", "name": "cat", "box": [0.2, 0.2, 0.8, 0.8]}


@pytest.fixture(autouse=True)
def hub_cache(tmp_path, monkeypatch):
    """The Hugging Face cache the policy reads: an empty folder of this test's (the real lookup code runs)."""
    import huggingface_hub.constants as hub_constants

    cache = tmp_path / "hf-hub"
    cache.mkdir()
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(cache))
    return cache


def download(cache, repo: str) -> None:
    """Lay ``repo`` out as ``hf download`` leaves it in the cache (refs/main -> a snapshot with its index)."""
    folder = cache / ("models--" + repo.replace("/", "--"))
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text("0" * 40)
    snap = folder / "snapshots" / ("0" * 40)
    snap.mkdir(parents=True)
    (snap / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline"}')


def make_client(tmp_path, **policy):
    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None, **policy)
    return TestClient(create_app(s), raise_server_exceptions=False)


def stored(tmp_path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for sub in ("runs", "cache") if (tmp_path / sub).exists()
                  for p in (tmp_path / sub).rglob("*") if p.is_file())


def refused(c, tmp_path, path: str, body: dict, error: str) -> str:
    """POST, expect a 422 ``error``, and check that no job row and no file appeared; the detail."""
    before = (c.app.state.sc.queue.count(), stored(tmp_path))
    r = c.post(path, json=body)
    assert (r.status_code, r.json()["error"]) == (422, error), r.text
    assert (c.app.state.sc.queue.count(), stored(tmp_path)) == before
    return r.json()["detail"]


def accepted(c, body: dict) -> dict:
    r = c.post("/v1/runs", json=body)
    assert r.status_code == 202 and r.json()["status"] == "queued", r.text
    return c.app.state.sc.queue.get(r.json()["id"]).spec


def photo() -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def graph_with(params: dict, plugin: str = "sketch.render") -> dict:
    return {"nodes": [{"id": "g", "plugin": plugin, "params": params}], "outputs": [{"node": "g", "field": "image"}]}


def one_step(c, params: dict) -> dict | None:
    """A ``generate.one_step`` graph with ``params``, or None without the diffusers plugins."""
    if "generate.one_step" not in c.app.state.sc.registry:
        return None
    return graph_with({"prompt": "a cat", **params}, "generate.one_step")


@pytest.mark.parametrize("body, named", [
    ({"prompt": "a cat", "backend": "sd-turbo", "model": STRANGER}, "model"),
    ({"graph": graph_with({"model": STRANGER})}, "graph.nodes[0].params.model"),
    ({"graph": graph_with({"loras": [{"path": "lonely-lora", "scale": 0.5}]})}, "graph.nodes[0].params.loras[0].path"),
    ({"graph": graph_with({"harmonize_model": STRANGER})}, "harmonize_model"),
    ({"image": photo(), "instruction": "make it blue", "model": STRANGER}, "model"),
])
def test_cached_policy_refuses_a_hub_id_not_on_this_machine(tmp_path, body, named):
    with make_client(tmp_path) as c:
        assert c.app.state.sc.settings.client_models == "cached"  # the default
        detail = refused(c, tmp_path, "/v1/runs", body, "model_not_allowed")
    value = STRANGER if STRANGER in json.dumps(body) else "lonely-lora"
    assert f"'{value}'" in detail and named in detail and "--client-models any" in detail


def test_profile_names_and_their_models_are_allowed_under_profiles(tmp_path):
    from agent.models.profiles import get_profile

    with make_client(tmp_path, client_models="profiles") as c:
        assert accepted(c, {"prompt": "a cat", "backend": "sd-turbo", "model": "sd-turbo"})["model"] == "sd-turbo"
        default = get_profile("sdxl-turbo").model
        assert accepted(c, {"prompt": "a cat", "backend": "sdxl-turbo", "model": default})["model"] == default
        graph = one_step(c, {"model": "sd-turbo", "profile": "sd-turbo"})
        if graph is not None:
            accepted(c, {"graph": graph})
        accepted(c, {"prompt": "a cat"})  # no model named: the server's own choice


def test_a_downloaded_hub_id_is_allowed_under_cached_but_not_profiles(tmp_path, hub_cache):
    download(hub_cache, "someone/already-here")
    body = {"prompt": "a cat", "backend": "sd-turbo", "model": "someone/already-here"}
    with make_client(tmp_path / "cached") as c:
        assert accepted(c, body)["model"] == "someone/already-here"
    (tmp_path / "profiles").mkdir()
    with make_client(tmp_path / "profiles", client_models="profiles") as c:
        detail = refused(c, tmp_path / "profiles", "/v1/runs", body, "model_not_allowed")
    assert "only configured profiles" in detail and "--client-models cached" in detail


def test_any_policy_queues_a_foreign_hub_id_without_fetching_it(tmp_path, hub_cache):
    with make_client(tmp_path, client_models="any") as c:
        assert accepted(c, {"prompt": "a cat", "backend": "sd-turbo", "model": STRANGER})["model"] == STRANGER
        graph = one_step(c, {"model": STRANGER, "loras": [{"path": "lonely-lora"}]})
        if graph is not None:
            assert accepted(c, {"graph": graph})["graph"]["nodes"][0]["params"]["model"] == STRANGER
        r = c.post("/v1/runs", json={"prompt": "a cat", "model": "../../etc"})  # a path is still never a name
        assert r.json()["error"] == "path_not_allowed"
    assert list(hub_cache.iterdir()) == []


def test_llm_planner_is_refused_unless_the_operator_enables_it(tmp_path):
    body = {"prompt": "a cat on a mat", "planner": "llm"}
    with make_client(tmp_path / "off") as c:
        detail = refused(c, tmp_path / "off", "/v1/runs", body, "planner_not_allowed")
        assert "--llm-planner" in detail and "\n" not in detail
        refused(c, tmp_path / "off", "/v1/runs", {"image": photo(), "instruction": "make it blue", "planner": "llm"},
                "planner_not_allowed")
        accepted(c, {**body, "planner": "offline"})
    with make_client(tmp_path / "on", llm_planner=True) as c:
        assert accepted(c, body)["planner"] == "llm"


def test_graph_nodes_that_call_the_llm_endpoint_need_the_llm_flag(tmp_path):
    scene = {"prompt": "a cat", "width": 64, "height": 64, "objects": [CAT]}
    graph = {"nodes": [{"id": "s", "plugin": "sketch.render", "params": {"scene": scene}},
                       {"id": "judge", "plugin": "critic.mllm", "params": {"scene": scene}}],
             "edges": [{"source": "s", "output": "image", "target": "judge", "input": "image"}],
             "outputs": [{"node": "s", "field": "image"}]}
    with make_client(tmp_path / "off", client_models="any") as c:
        detail = refused(c, tmp_path / "off", "/v1/runs", {"graph": graph}, "llm_not_allowed")
        assert "node 'judge' (critic.mllm)" in detail and "--llm-planner" in detail
        accepted(c, {"graph": {**graph, "nodes": graph["nodes"][:1], "edges": []}})
    with make_client(tmp_path / "on", llm_planner=True) as c:
        assert [n["plugin"] for n in accepted(c, {"graph": graph})["graph"]["nodes"]] == ["sketch.render",
                                                                                          "critic.mllm"]


def test_an_edit_is_held_to_todays_policy_for_what_it_inherits(tmp_path):
    """A run queued under a looser policy (or before a restart) cannot launder its model or planner
    through ``POST /v1/runs/{id}/edit``."""
    with make_client(tmp_path) as c:
        state = c.app.state.sc
        for spec in ({"prompt": "a cat", "seed": 0, "backend": "sd-turbo", "model": STRANGER},
                     {"prompt": "a cat", "seed": 0, "planner": "llm"}):
            state.queue.submit("prompt", spec)
            job = state.queue.claim()
            assert state.queue.finish(job, "done", {"scene": {"prompt": "a cat", "objects": [CAT]}, "images": []})
            error = "model_not_allowed" if "model" in spec else "planner_not_allowed"
            refused(c, tmp_path, f"/v1/runs/{job.id}/edit", {"instruction": "make the cat black"}, error)
        state.settings.client_models, state.settings.llm_planner = "any", True
        r = c.post(f"/v1/runs/{job.id}/edit", json={"instruction": "make the cat black"})
        assert r.status_code == 202 and r.json()["parent"] == job.id, r.text


def test_info_reports_the_policy(tmp_path):
    with make_client(tmp_path / "a") as c:
        info = c.get("/v1/info").json()
    assert info["policy"] == {"client_models": "cached", "client_models_choices": ["profiles", "cached", "any"],
                              "llm_planner": False}
    assert info["limits"]["max_pixels"] == ServerSettings().max_pixels and info["version"]
    with make_client(tmp_path / "b", client_models="any", llm_planner=True) as c:
        assert c.get("/v1/info").json()["policy"]["client_models"] == "any"
        assert c.get("/v1/info").json()["policy"]["llm_planner"] is True


def test_serve_flags_reach_the_settings_and_a_bad_choice_is_refused(tmp_path):
    from agent.cli import build_parser

    args = build_parser().parse_args(["serve", "--client-models", "profiles", "--llm-planner"])
    assert (args.client_models, args.llm_planner) == ("profiles", True)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.client_models, defaults.llm_planner) == ("cached", False)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--client-models", "everything"])
    with pytest.raises(ScenecraftError, match="--client-models 'everything'"):
        ServerSettings(db=tmp_path / "q", out_dir=tmp_path / "o", client_models="everything").check()
