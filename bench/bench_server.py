"""``scenecraft serve`` throughput and latency vs the local ``Agent.run`` loop (one run on this machine).

    PYTHONPATH=. python bench/bench_server.py [--runs 200] [--size 256] [--workers 2] [--clients 8]
                                              [--mode process|thread]

1. Sketch runs per second: a plain loop of ``Agent.run`` (N prompts, distinct seeds, cold node cache)
   vs the same N runs POSTed to a live server (a ``scenecraft serve`` subprocess, its own cold cache),
   timed from the first POST to the last run done. The ratio is server / local.
2. Latency of ``POST /v1/runs`` (accepted and committed to the queue) under that load: p50 and p99,
   from ``--clients`` threads posting as fast as they can while the workers render.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.live_server import free_port, start_subprocess, stop, wait_ready

PROMPTS = ["three red apples left of a blue cup", "a green pear on a table", "two yellow bananas and a white egg",
           "a cat wearing a hat", "a red car next to a house"]


def local_loop(jobs: list[tuple[str, int]], size: int, root: Path) -> float:
    os.environ["SCENECRAFT_CACHE"] = str(root / "cache-local")
    from agent import Agent

    Agent(width=size, height=size, out_dir=root / "warm", cache_dir=root / "cache-warm").run("a red apple")
    agent = Agent(width=size, height=size, out_dir=root / "local")
    t0 = time.perf_counter()
    for prompt, seed in jobs:
        assert agent.run(prompt, seed=seed).ok
    return time.perf_counter() - t0


def server_runs(jobs: list[tuple[str, int]], size: int, root: Path, workers: int,
                clients: int, mode: str) -> tuple[float, list[float]]:
    import httpx

    db, port = root / "q.sqlite3", free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_subprocess(db, root / "server-runs", port, workers=workers, mode=mode,
                            env={"SCENECRAFT_CACHE": str(root / "cache-server")})
    latencies: list[float] = []
    lock = threading.Lock()
    try:
        wait_ready(url, proc)
        httpx.post(f"{url}/v1/runs?wait=60", json={"prompt": "a red apple", "seed": 10**6}, timeout=60)  # warm up
        base = _done(db)

        def post(share: list[tuple[str, int]]) -> None:
            with httpx.Client(base_url=url, timeout=60) as c:
                for prompt, seed in share:
                    t = time.perf_counter()
                    r = c.post("/v1/runs", json={"prompt": prompt, "seed": seed, "width": size, "height": size})
                    dt = time.perf_counter() - t
                    assert r.status_code == 202, r.text
                    with lock:
                        latencies.append(dt)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=post, args=(jobs[i::clients],)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        while _done(db) < base + len(jobs):
            time.sleep(0.01)
        return time.perf_counter() - t0, latencies
    finally:
        stop(proc)


def _done(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM runs WHERE status = 'done'").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--mode", choices=["process", "thread"], default="process")
    args = parser.parse_args()
    jobs = [(PROMPTS[i % len(PROMPTS)], i) for i in range(args.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t_local = local_loop(jobs, args.size, root)
        t_server, lat = server_runs(jobs, args.size, root, args.workers, args.clients, args.mode)
    n = args.runs
    q = statistics.quantiles(lat, n=100)
    print(f"{n} sketch runs at {args.size}px on {os.cpu_count()} CPUs")
    print(f"local Agent.run loop: {t_local:.2f}s = {n / t_local:.1f} runs/s")
    print(f"server ({args.workers} {args.mode} workers, {args.clients} client threads): {t_server:.2f}s = "
          f"{n / t_server:.1f} runs/s "
          f"-> ratio server/local {t_local / t_server:.2f}")
    print(f"POST /v1/runs under load: p50 {1000 * q[49]:.1f} ms, p99 {1000 * q[98]:.1f} ms, "
          f"max {1000 * max(lat):.1f} ms")


if __name__ == "__main__":
    main()
