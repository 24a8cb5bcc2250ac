"""``kill -9`` of ``scenecraft serve`` with 10 jobs queued or running, then a restart: 10/10 finish, once each."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections import Counter

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.live_server import _group_running, free_port, kill9, start_subprocess, stop, wait_done, wait_ready

SIZE = 512


def statuses(db) -> Counter:
    with sqlite3.connect(db) as conn:
        return Counter(s for (s,) in conn.execute("SELECT status FROM runs"))


def kill_while_one_runs(proc, db, out, port, log, kill, tries: int = 5) -> tuple:
    """Kill the server while exactly one run is in flight; a kill that lands between one run's end and the
    next claim (none running) is retried on a restarted server. (proc, ids of the runs left running)."""
    url = f"http://127.0.0.1:{port}"
    for _ in range(tries):
        deadline = time.monotonic() + 60
        while not statuses(db)["running"] and time.monotonic() < deadline:
            time.sleep(0.005)
        kill(proc)
        with sqlite3.connect(db) as conn:
            interrupted = [r for (r,) in conn.execute("SELECT id FROM runs WHERE status = 'running'")]
        if len(interrupted) == 1 or not statuses(db)["queued"]:
            return proc, interrupted
        proc = start_subprocess(db, out, port, workers=1, log=log)
        wait_ready(url, proc)
    return proc, interrupted


def kill_server_only(proc) -> None:
    """SIGKILL the server's own pid; its worker processes must notice and exit by themselves."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 60
    while _group_running(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_running(proc.pid), "worker processes outlived the server"


def test_kill_server_pid_only_workers_exit_and_the_run_is_requeued(tmp_path):
    db, out, log = tmp_path / "q.sqlite3", tmp_path / "runs", tmp_path / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_subprocess(db, out, port, workers=1, log=log)
    try:
        wait_ready(url, proc)
        with httpx.Client(base_url=url, timeout=30) as c:
            ids = [c.post("/v1/runs", json={"prompt": f"{n} red apples and a sign that says 'NO {n}'", "seed": n,
                                            "width": SIZE, "height": SIZE}).json()["id"] for n in range(4)]
        proc, interrupted = kill_while_one_runs(proc, db, out, port, log, kill_server_only)
        assert len(interrupted) == 1
        proc = start_subprocess(db, out, port, workers=1, log=log)
        wait_ready(url, proc)
        with httpx.Client(base_url=url, timeout=30) as c:
            views = [wait_done(c, rid, timeout=120) for rid in ids]
        assert [v["status"] for v in views] == ["done"] * 4, [v.get("error") for v in views]
        assert {v["id"]: v["attempts"] for v in views}[interrupted[0]] == 2
    finally:
        stop(proc)
        print(log.read_text(errors="replace")[-4000:] if log.exists() else "no server log")
    with sqlite3.connect(db) as conn:
        requeued = [r for (r,) in conn.execute("SELECT run_id FROM run_log WHERE event = 'requeued'")]
        done = Counter(r for (r,) in conn.execute("SELECT run_id FROM run_log WHERE event = 'done'"))
    assert requeued == interrupted and set(done.values()) == {1}


def test_kill_9_then_restart_finishes_every_job_exactly_once(tmp_path):
    db, out, log = tmp_path / "q.sqlite3", tmp_path / "runs", tmp_path / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_subprocess(db, out, port, workers=1, log=log)
    try:
        wait_ready(url, proc)
        with httpx.Client(base_url=url, timeout=30) as c:
            ids = [c.post("/v1/runs", json={"prompt": f"{n} red apples and a blue cup with a sign that says 'NO {n}'",
                                            "seed": n, "width": SIZE, "height": SIZE}).json()["id"] for n in range(10)]
        proc, interrupted = kill_while_one_runs(proc, db, out, port, log, kill9)
        assert len(interrupted) == 1

        proc = start_subprocess(db, out, port, workers=1, log=log)
        wait_ready(url, proc)
        with httpx.Client(base_url=url, timeout=30) as c:
            views = [wait_done(c, rid, timeout=120) for rid in ids]
            assert [v["status"] for v in views] == ["done"] * 10, [v.get("error") for v in views]
            by_id = {v["id"]: v for v in views}
            assert all(by_id[rid]["attempts"] == 2 for rid in interrupted)
            pngs = {rid: c.get(f"/v1/runs/{rid}/images/image.png").content for rid in ids}
            # progress events travel from the worker processes to the server's event stream
            extra = c.post("/v1/runs", json={"prompt": "a blue cup", "width": 64, "height": 64}).json()["id"]
            stream = c.get(f"/v1/runs/{extra}/events", timeout=60).text
            assert "event: node_started" in stream and "event: node_finished" in stream
            assert stream.rstrip().endswith('"status": "done"}')
    finally:
        stop(proc)
        print(log.read_text(errors="replace")[-4000:] if log.exists() else "no server log")  # shown on failure
    with sqlite3.connect(db) as conn:
        done = Counter(r for (r,) in conn.execute("SELECT run_id FROM run_log WHERE event = 'done'"))
        requeued = [r for (r,) in conn.execute("SELECT run_id FROM run_log WHERE event = 'requeued'")]
    assert set(ids) <= set(done) and set(done.values()) == {1}  # every run finished, none twice
    assert requeued == interrupted
    assert all(png.startswith(b"\x89PNG") for png in pngs.values()) and len(set(pngs.values())) == 10
