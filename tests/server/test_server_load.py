"""200 concurrent ``POST /v1/runs`` from 20 threads: all done, no duplicates, bytes equal to Agent/CLI runs."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from agent.server.limits import ServerSettings
from tests.live_server import serve_in_thread

SIZE = 64
PROMPTS = [f"a {color} {thing}" for color in ("red", "blue", "green", "yellow")
           for thing in ("apple", "cup", "pear", "car", "ball")]  # 20 prompts x 10 seeds = 200 distinct runs


def test_200_concurrent_posts_all_done_once_with_cli_bytes(tmp_path):
    from agent import Agent
    from agent.cli import main as cli

    settings = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                              workers=2, token=None, rate_per_s=10_000, rate_burst=10_000)
    jobs = [(p, seed) for p in PROMPTS for seed in range(10)]
    got: dict[tuple[str, int], tuple[str, bytes]] = {}
    ids: dict[tuple[str, int], str] = {}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def client(share: list[tuple[str, int]], url: str) -> None:
        try:
            with httpx.Client(base_url=url, timeout=60) as c:
                for prompt, seed in share:
                    r = c.post("/v1/runs", json={"prompt": prompt, "seed": seed, "width": SIZE, "height": SIZE})
                    assert r.status_code == 202, r.text
                    with lock:
                        ids[(prompt, seed)] = r.json()["id"]
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            errors.append(exc)

    with serve_in_thread(settings) as app:
        threads = [threading.Thread(target=client, args=(jobs[i::20], app.url)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        assert not errors, errors[0]
        queue = app.state.sc.queue
        assert queue.count() == 200 and len(set(ids.values())) == 200
        deadline = time.monotonic() + 180
        while len(queue.list(limit=200, status="done")) < 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        with httpx.Client(base_url=app.url, timeout=60) as c:
            for key, rid in ids.items():
                view = c.get(f"/v1/runs/{rid}").json()
                assert view["status"] == "done", view
                got[key] = (rid, c.get(view["images"][0]["url"]).content)
        for rid in ids.values():
            events = Counter(e["event"] for e in queue.log(rid))
            assert events == {"queued": 1, "claimed": 1, "done": 1}, (rid, events)

    agent = Agent(width=SIZE, height=SIZE, out_dir=tmp_path / "agent", cache_dir=tmp_path / "agent-cache")
    for (prompt, seed), (_, png) in got.items():
        assert agent.run(prompt, seed=seed).images[0].read_bytes() == png, (prompt, seed)
    prompt, seed = jobs[37]
    assert cli(["run", prompt, "--seed", str(seed), "--width", str(SIZE), "--height", str(SIZE),
                "--out", str(tmp_path / "cli"), "--no-progress"]) == 0
    assert (tmp_path / "cli" / "image.png").read_bytes() == got[(prompt, seed)][1]
