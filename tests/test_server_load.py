"""200 concurrent ``POST /v1/runs`` from 20 threads: all done, no duplicates, bytes equal to Agent/CLI runs."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from agent.server.limits import ServerSettings
from tests.live_server import serve_in_thread, wait_done

SIZE = 64
PROMPTS = [f"{n} {color} {thing}" for n in ("one", "two", "three", "four")
           for color, thing in (("red", "apples"), ("blue", "cups"), ("green", "pears"), ("yellow", "bananas"),
                                ("white", "eggs"))]  # 20 prompts x 10 seeds = 200 distinct runs


def test_200_concurrent_posts_all_done_once_with_cli_bytes(tmp_path):
    from agent import Agent
    from agent.cli import main as cli

    settings = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "cache",
                              workers=2, token=None, rate_per_s=10_000, rate_burst=10_000)
    jobs = [(p, seed) for p in PROMPTS for seed in range(10)]
    got: dict[tuple[str, int], tuple[str, bytes]] = {}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def client(share: list[tuple[str, int]], url: str) -> None:
        try:
            with httpx.Client(base_url=url, timeout=60) as c:
                ids = []
                for prompt, seed in share:
                    r = c.post("/v1/runs", json={"prompt": prompt, "seed": seed, "width": SIZE, "height": SIZE})
                    assert r.status_code == 202, r.text
                    ids.append(r.json()["id"])
                for (prompt, seed), rid in zip(share, ids, strict=True):
                    view = wait_done(c, rid, timeout=120)
                    assert view["status"] == "done", view
                    png = c.get(view["images"][0]["url"]).content
                    with lock:
                        got[(prompt, seed)] = (rid, png)
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
        assert queue.count() == 200 and len(got) == 200
        assert len({rid for rid, _ in got.values()}) == 200
        for rid, _ in got.values():
            events = Counter(e["event"] for e in queue.log(rid))
            assert events == {"queued": 1, "claimed": 1, "done": 1}, (rid, events)

    agent = Agent(width=SIZE, height=SIZE, out_dir=tmp_path / "agent", cache_dir=tmp_path / "agent-cache")
    for (prompt, seed), (_, png) in got.items():
        assert agent.run(prompt, seed=seed).images[0].read_bytes() == png, (prompt, seed)
    prompt, seed = jobs[37]
    assert cli(["run", prompt, "--seed", str(seed), "--width", str(SIZE), "--height", str(SIZE),
                "--out", str(tmp_path / "cli"), "--no-progress"]) == 0
    assert (tmp_path / "cli" / "image.png").read_bytes() == got[(prompt, seed)][1]
