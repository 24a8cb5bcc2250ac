"""A live uvicorn for the server tests: in this process (a thread) or as a subprocess (for kill -9).

    with serve_in_thread(ServerSettings(db=tmp / "q.sqlite3", out_dir=tmp / "runs")) as app:
        httpx.get(f"{app.url}/healthz")
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_in_thread(settings: Any) -> Iterator[Any]:
    """uvicorn on 127.0.0.1:<free port> in a thread; yields the app (``app.url``, ``app.state.sc``)."""
    import uvicorn

    from agent.server.app import create_app

    settings.host, settings.port = "127.0.0.1", free_port()
    app = create_app(settings)
    app.url = f"http://127.0.0.1:{settings.port}"
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=settings.port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield app
    finally:
        server.should_exit = True
        thread.join(30)


def start_subprocess(db: Path, out: Path, port: int, workers: int = 1, env: dict[str, str] | None = None,
                     log: Path | None = None, mode: str = "process") -> subprocess.Popen:
    """``scenecraft serve`` as a child process (its own process group, so kill -9 takes it whole)."""
    cmd = [sys.executable, "-m", "agent.cli", "serve", "--port", str(port), "--workers", str(workers),
           "--worker-mode", mode, "--db", str(db), "--out", str(out)]
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    sink = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=sink, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_ready(url: str, proc: subprocess.Popen | None = None, timeout: float = 90.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("server not ready in time")


def kill9(proc: subprocess.Popen) -> None:
    """SIGKILL the server's whole process group and wait until none of it runs (worker processes too)."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while _group_running(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _group_running(pgid: int) -> bool:
    """Whether any process of group ``pgid`` is still alive (zombies waiting to be reaped do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            kill9(proc)


def wait_done(client: Any, run_id: str, timeout: float = 30.0) -> dict:
    deadline, delay = time.monotonic() + timeout, 0.01
    while time.monotonic() < deadline:
        body = client.get(f"/v1/runs/{run_id}").json()
        if body["status"] in ("done", "failed", "cancelled"):
            return body
        time.sleep(delay)
        delay = min(0.25, delay * 1.5)
    raise TimeoutError(f"run {run_id} not finished in {timeout}s")
