"""Bad input, auth and limits: each answered with a 4xx JSON ``{error, detail}`` and nothing written."""

from __future__ import annotations

import base64
import io

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from agent.errors import ScenecraftError
from agent.server.limits import ServerSettings, is_loopback
from tests.live_server import serve_in_thread

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("guarded")
    settings = ServerSettings(db=root / "q.sqlite3", out_dir=root / "runs", cache_dir=root / "cache", workers=1,
                              token=TOKEN, max_body_bytes=12 * 2**20, max_image_bytes=2**20, max_pixels=2048 * 2048)
    with serve_in_thread(settings) as app:
        yield app


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as c:
        yield c


def files_under(path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()) if path.exists() else []


def nothing_written(server, call) -> httpx.Response:
    """Make the request; assert no job row, run folder or stored artifact appeared."""
    s = server.state.sc.settings
    before = (server.state.sc.queue.count(), files_under(s.out_dir), files_under(s.cache_dir))
    resp = call()
    after = (server.state.sc.queue.count(), files_under(s.out_dir), files_under(s.cache_dir))
    assert after == before
    assert 400 <= resp.status_code < 500, resp.text
    body = resp.json()
    assert set(body) == {"error", "detail"} and body["error"] and "Traceback" not in resp.text
    return resp


def png_bytes(side: int = 16) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, format="PNG")
    return buf.getvalue()


GRAPH_CYCLE = {"nodes": [{"id": "a", "plugin": "sketch.render", "params": {}},
                         {"id": "b", "plugin": "text.render", "params": {"texts": []}}],
               "edges": [{"source": "a", "output": "image", "target": "b", "input": "image"},
                         {"source": "b", "output": "image", "target": "a", "input": "scene"}],
               "outputs": [{"node": "b"}]}


@pytest.mark.parametrize("case, status, error", [
    ("malformed_json", 400, "malformed_json"),
    ("unknown_field", 422, "invalid_request"),
    ("two_sources", 422, "invalid_request"),
    ("unknown_plugin", 422, "invalid_request"),
    ("cycle", 422, "invalid_request"),
    ("huge_prompt", 413, "prompt_too_long"),
    ("not_an_image", 422, "invalid_image"),
    ("not_base64", 422, "invalid_image"),
    ("big_image", 413, "image_too_large"),
    ("unknown_backend", 422, "unknown_backend"),
    ("huge_size", 413, "image_too_large"),
    ("pixel_bomb", 413, "image_too_large"),
    ("model_path", 422, "path_not_allowed"),
    ("graph_model_path", 422, "path_not_allowed"),
    ("scene_font_path", 422, "path_not_allowed"),
])
def test_bad_run_requests(server, http, case, status, error):
    bodies = {
        "unknown_field": {"prompt": "a cat", "out": "/etc"},
        "two_sources": {"prompt": "a cat", "graph": {"nodes": []}},
        "unknown_plugin": {"graph": {"nodes": [{"id": "x", "plugin": "no.such.plugin"}], "outputs": [{"node": "x"}]}},
        "cycle": {"graph": GRAPH_CYCLE},
        "huge_prompt": {"prompt": "a" * (10 * 2**20)},
        "not_an_image": {"image": base64.b64encode(b"GIF89a this is not an image").decode(), "instruction": "x"},
        "not_base64": {"image": "%%% not base64 %%%", "instruction": "make it blue"},
        "big_image": {"image": base64.b64encode(png_bytes() + b"\0" * 2**20).decode(), "instruction": "x"},
        "unknown_backend": {"prompt": "a cat", "backend": "nope"},
        "huge_size": {"prompt": "a cat", "width": 8192, "height": 8192},
        "pixel_bomb": {"image": base64.b64encode(png_bytes(5000)).decode(), "instruction": "make it blue"},
        "model_path": {"prompt": "a cat", "backend": "sd-turbo", "model": "../../../etc"},
        "graph_model_path": {"graph": {"nodes": [{"id": "g", "plugin": "sketch.render",
                                                  "params": {"model": "/etc/passwd"}}]}},
        "scene_font_path": {"scene": {"prompt": "x", "texts": [{"id": "t", "content": "HI", "box": [0, 0, 1, 1],
                                                                "font": "/etc/passwd"}]}},
    }
    if case == "malformed_json":
        call = lambda: http.post("/v1/runs", content=b'{"prompt": "a cat",',
                                 headers={"content-type": "application/json"})
    else:
        call = lambda: http.post("/v1/runs", json=bodies[case])
    resp = nothing_written(server, call)
    assert (resp.status_code, resp.json()["error"]) == (status, error), resp.text


@pytest.mark.parametrize("path", [
    "/v1/runs/..%2F..%2Fetc%2Fpasswd", "/v1/runs/r_..%2Fq.sqlite3", "/v1/runs/%2Fetc%2Fpasswd/images/image.png",
    "/v1/runs/r_00000000000000000000000000000000",
    "/v1/runs/r_00000000000000000000000000000000/images/..%2F..%2Fq.sqlite3",
])
def test_path_like_ids_never_reach_the_filesystem(server, http, path):
    resp = nothing_written(server, lambda: http.get(path))
    assert resp.status_code in (400, 404)


def test_image_name_must_be_one_the_run_made(server, http):
    from tests.live_server import wait_done

    rid = http.post("/v1/runs", json={"prompt": "a red apple", "width": 64, "height": 64}).json()["id"]
    assert wait_done(http, rid)["status"] == "done"
    for name in ("..%2F..%2Fq.sqlite3", "scene.json", "trace.json", "..%2F", "%2Fetc%2Fpasswd"):
        resp = http.get(f"/v1/runs/{rid}/images/{name}")
        assert resp.status_code == 404 and resp.json()["error"] == "not_found"
    assert http.get(f"/v1/runs/{rid}/images/image.png").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic czNjcmV0"},
                                     {"Authorization": f"Bearer {TOKEN}x"}])
def test_missing_or_wrong_token(server, headers):
    with httpx.Client(base_url=server.url, headers=headers) as c:
        resp = nothing_written(server, lambda: c.post("/v1/runs", json={"prompt": "a cat"}))
        assert resp.status_code == 401 and resp.json()["error"] == "unauthorized"
        assert resp.headers["www-authenticate"] == "Bearer"
        assert c.get("/v1/runs").status_code == 401
        assert c.get("/healthz").status_code == 200  # health checks stay open for load balancers


def test_body_limit_rate_limit_and_bind_rules(tmp_path):
    settings = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "c",
                              workers=0, token=None, max_body_bytes=1000, rate_per_s=0.5, rate_burst=3)
    with serve_in_thread(settings) as app, httpx.Client(base_url=app.url) as c:
        big = nothing_written(app, lambda: c.post("/v1/runs", json={"prompt": "a" * 2000}))
        assert big.status_code == 413 and big.json()["error"] == "body_too_large"
        codes = [c.get("/v1/runs").status_code for _ in range(5)]
        assert codes[:2] == [200, 200] and codes[-1] == 429
        limited = c.get("/v1/runs")
        assert limited.json()["error"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    with pytest.raises(ScenecraftError, match="needs a token"):
        ServerSettings(host="0.0.0.0", token="").check()
    ServerSettings(host="0.0.0.0", token="t").check()
