"""Builders for hostile inputs shared by the hardening tests and ``bench/fuzz_all.py``: hand-made PNGs
(any size in the header, any text chunks) and a CLI runner that reports tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from tests.procenv import pythonpath

REPO = Path(__file__).resolve().parents[1]


def chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def itxt(key: str, text: str | bytes, compress: bool = True) -> bytes:
    body = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if compress:
        body = zlib.compress(body, 9)
    return chunk(b"iTXt", key.encode("latin-1") + b"\0" + (b"\1\0" if compress else b"\0\0") + b"\0\0" + body)


def png(chunks: list[bytes], width: int = 8, height: int = 8) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (no pixel data needed to read its chunks)."""
    ihdr = chunk(b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0]))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + chunk(b"IEND", b"")


def provenance_png(prov: dict, width: int = 8, height: int = 8) -> bytes:
    return png([itxt("scenecraft:" + k, json.dumps(v)) for k, v in prov.items()], width, height)


SKETCH_GRAPH = {
    "nodes": [{"id": "sketch", "plugin": "sketch.render",
               "params": {"scene": {"objects": [], "width": 64, "height": 64}}}],
    "outputs": [{"node": "sketch", "field": "image"}],
}


def run_cli(args: list[str | bytes], env: dict[str, str] | None = None, timeout: float = 120,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m agent.cli ARGS`` in a subprocess (bytes arguments reach argv undecoded)."""
    import os

    full_env = {**os.environ, "PYTHONPATH": pythonpath(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "agent.cli", *args], capture_output=True, timeout=timeout, check=False,
                          env=full_env, cwd=cwd)


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    """The single ``error:`` line of a failed command (asserts there is no traceback)."""
    err = proc.stderr.decode("utf-8", "replace") if isinstance(proc.stderr, bytes) else proc.stderr
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


class CountingHub:
    """Answers every request 404 and counts it (what a hub at ``HF_ENDPOINT`` would have been asked)."""

    def __init__(self) -> None:
        self.count = 0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return None

            def _any(self) -> None:
                hub.count += 1
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD = do_POST = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
