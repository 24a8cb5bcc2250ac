"""Reviewer defects: bad text, pixel-limit bypasses, provenance seeds, cursors (in-process, no workers)."""

from __future__ import annotations

import base64
import io
import json
import sqlite3

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from agent.server.app import create_app  # noqa: E402
from agent.server.limits import ServerSettings  # noqa: E402

CAT = {"id": "cat_1", "name": "cat", "box": [0.2, 0.2, 0.8, 0.8]}


@pytest.fixture
def client(tmp_path):
    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None, max_pixels=256 * 256)
    with TestClient(create_app(s), raise_server_exceptions=False) as c:
        yield c


def _count(c) -> int:
    r = c.get("/v1/runs")
    assert r.status_code == 200, r.text
    return len(r.json()["runs"])


def _png(scene: dict, seed=None) -> str:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("scenecraft:scene", json.dumps(scene))
    if seed is not None:
        info.add_text("scenecraft:seed", json.dumps(seed))
    buf = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buf, "PNG", pnginfo=info)
    return base64.b64encode(buf.getvalue()).decode()


def _post_raw(c, path: str, body: str):
    return c.post(path, content=body.encode(), headers={"content-type": "application/json"})


def test_lone_surrogate_prompt_and_instruction_are_422_and_nothing_is_written(client):
    r = _post_raw(client, "/v1/runs", '{"prompt": "a cat \\ud800 here"}')
    assert r.status_code == 422 and r.json()["error"] == "invalid_text", r.text
    r = _post_raw(client, "/v1/runs", json.dumps({"image": _png({"prompt": "a cat"}), "instruction": "x"})[:-1]
                  .replace('"x"', '"make \\udc80 blue"') + "}")
    assert r.status_code == 422, r.text
    assert _count(client) == 0


def test_lone_surrogate_edit_instruction_is_422(client):
    q = client.app.state.sc.queue
    q.submit("prompt", {"prompt": "a cat", "seed": 0})
    job = q.claim()
    scene = {"prompt": "a cat", "objects": [CAT]}
    assert q.finish(job, "done", {"scene": scene, "images": []})
    r = _post_raw(client, f"/v1/runs/{job.id}/edit", '{"instruction": "make it \\ud800 blue"}')
    assert r.status_code == 422 and r.json()["error"] in ("invalid_text", "invalid_request"), r.text
    assert _count(client) == 1


def test_graph_node_scene_and_size_obey_max_pixels(client):
    big = {"prompt": "x", "width": 4096, "height": 4096, "objects": []}
    g = {"nodes": [{"id": "s", "plugin": "sketch.render", "params": {"scene": big}}],
         "outputs": [{"node": "s", "field": "image"}]}
    r = client.post("/v1/runs", json={"graph": g})
    assert r.status_code == 413 and r.json()["error"] == "image_too_large", r.text
    assert _count(client) == 0


def test_embedded_scene_obeys_max_pixels(client):
    img = _png({"prompt": "a cat", "width": 4096, "height": 4096, "objects": [CAT]})
    r = client.post("/v1/runs", json={"image": img, "instruction": "make the cat blue"})
    assert r.status_code == 413, r.text
    assert _count(client) == 0


@pytest.mark.parametrize("bad", [10**30, -1, 2**63, True, 1.5])
def test_provenance_seed_out_of_range_falls_back_to_the_request_seed(client, bad):
    img = _png({"prompt": "a cat", "width": 64, "height": 64, "objects": [CAT]}, bad)
    r = client.post("/v1/runs", json={"image": img, "instruction": "make the cat blue"})
    assert r.status_code == 202, r.text
    assert r.json()["seed"] == 0
    assert _count(client) == 1


def test_provenance_seed_in_range_is_kept(client):
    img = _png({"prompt": "a cat", "width": 64, "height": 64, "objects": [CAT]}, 2**63 - 1)
    r = client.post("/v1/runs", json={"image": img, "instruction": "make the cat blue"})
    assert r.status_code == 202 and r.json()["seed"] == 2**63 - 1, r.text


@pytest.mark.parametrize("cursor", ["²", "1" * 20, "-1", "", "1e3"])
def test_bad_cursor_is_a_json_4xx(client, cursor):
    r = client.get("/v1/runs", params={"cursor": cursor})
    assert r.status_code == 400 and r.json()["error"] == "invalid_cursor", r.text


def _serve(tmp_path, capsys) -> tuple[int, str]:
    from agent.cli import main

    code = main(["serve", "--db", str(tmp_path / "q.sqlite3"), "--out", str(tmp_path / "runs"), "--port", "1"])
    return code, capsys.readouterr().err


def test_serve_on_a_db_held_by_another_server_is_one_line_exit_2(tmp_path, capsys):
    from agent.server.app import lock_db

    held = lock_db(ServerSettings(db=tmp_path / "q.sqlite3"))
    try:
        code, err = _serve(tmp_path, capsys)
    finally:
        held.close()
    assert code == 2 and err.count("\n") == 1 and "another server" in err, err


def test_serve_on_a_newer_schema_is_one_line_exit_2(tmp_path, capsys):
    from agent.server.queue import JobQueue

    JobQueue(tmp_path / "q.sqlite3").close()
    db = sqlite3.connect(tmp_path / "q.sqlite3")
    db.execute("UPDATE schema_version SET version = 999")
    db.commit()
    db.close()
    code, err = _serve(tmp_path, capsys)
    assert code == 2 and err.count("\n") == 1 and "schema version 999" in err, err
    assert not (tmp_path / "q.sqlite3.lock").exists() or _lock_free(tmp_path)


def _lock_free(tmp_path) -> bool:
    from agent.server.app import lock_db

    lock_db(ServerSettings(db=tmp_path / "q.sqlite3")).close()
    return True


def test_client_waits_out_429_with_default_limits_and_16_threads(tmp_path):
    import threading

    from agent.client import Client
    from tests.live_server import serve_in_thread

    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None)
    assert (s.rate_per_s, s.rate_burst) == (20.0, 200)
    errors: list[BaseException] = []
    done = []
    with serve_in_thread(s) as app, Client(app.url, timeout=60) as client:
        def hammer() -> None:
            try:
                for _ in range(16):
                    done.append(client.list(limit=1))
            except BaseException as exc:  # noqa: BLE001 - collected for the assert
                errors.append(exc)

        threads = [threading.Thread(target=hammer) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors[:3]
    assert len(done) == 256  # over the 200 burst: some were answered 429 and retried


def test_client_429_retry_is_bounded_by_the_deadline(tmp_path):
    import time

    from agent.client import Client, ClientError
    from tests.live_server import serve_in_thread

    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None, rate_per_s=0.01, rate_burst=1)
    with serve_in_thread(s) as app, Client(app.url, timeout=0.5) as client:
        client.list()
        t = time.monotonic()
        with pytest.raises(ClientError) as exc:
            client.list()
        assert exc.value.status == 429 and time.monotonic() - t < 5


def test_rate_limit_key_is_the_token_when_auth_is_on():
    from agent.server.limits import client_key

    assert client_key(False, "Bearer a", "1.2.3.4") == client_key(False, "Bearer b", "1.2.3.4") == "addr:1.2.3.4"
    a, b = client_key(True, "Bearer a", "1.2.3.4"), client_key(True, "Bearer b", "1.2.3.4")
    assert a != b and a.startswith("token:") and "Bearer" not in a
    assert client_key(True, "Bearer a", "5.6.7.8") == a


def test_rate_limiter_prunes_idle_buckets_without_any_reject(monkeypatch):
    import agent.server.limits as limits

    now = [1000.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: now[0])
    rl = limits.RateLimiter(rate_per_s=10.0, burst=5, prune_every_s=30.0)
    for i in range(5000):
        assert rl.take(f"c{i}") == 0.0  # never rejected
    assert len(rl) == 5000
    now[0] += 31.0  # every bucket has refilled: dropping it changes nothing
    assert rl.take("new") == 0.0
    assert len(rl) == 1


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), -1.0, 0.0])
def test_llm_config_refuses_non_finite_timeouts(timeout):
    from agent.errors import ScenecraftError
    from agent.llm.client import LLMConfig

    with pytest.raises(ScenecraftError, match="timeout") as exc:
        LLMConfig(timeout=timeout).check()
    assert "\n" not in str(exc.value)


def test_16_threads_waiting_with_default_limits_time_out_not_429(tmp_path):
    import threading

    from agent.client import Client, ClientError
    from tests.live_server import serve_in_thread

    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                       workers=0, token=None)  # workers=0: every run stays queued, like a backlog
    out: list[str] = []
    with serve_in_thread(s) as app, Client(app.url, timeout=60) as client:
        def go() -> None:
            rid = client.submit(prompt="a cat", width=64, height=64)["id"]
            try:
                client.wait(rid, timeout=8)
                out.append("finished")
            except ClientError as exc:
                out.append(f"{exc.status} {exc.error}")

        threads = [threading.Thread(target=go) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert out == ["0 timeout"] * 16, out


def test_non_ascii_digit_last_event_id_is_ignored_not_500(client):
    q = client.app.state.sc.queue
    q.submit("prompt", {"prompt": "a cat", "seed": 0})
    job = q.claim()
    assert q.finish(job, "done", {"images": []})
    r = client.get(f"/v1/runs/{job.id}/events", headers={"Last-Event-ID": b"\xb2"})  # "²" in latin-1
    assert r.status_code == 200 and "event: end" in r.text, r.text[:200]
