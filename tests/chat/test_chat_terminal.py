"""The interactive terminal chat, driven through a real pseudo-terminal (so it sees a TTY)."""

from __future__ import annotations

import json
import os
import re
import select
import sys
import time
from pathlib import Path

import pytest

from tests.procenv import pythonpath

pty = pytest.importorskip("pty")
ROOT = Path(__file__).resolve().parents[2]


def read_until(fd: int, needle: bytes, timeout: float = 60.0) -> bytes:
    buf = b""
    deadline = time.monotonic() + timeout
    while needle not in buf:
        if time.monotonic() > deadline:
            raise AssertionError(f"did not see {needle!r}; got: {buf[-1500:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def test_interactive_chat_in_a_pty(tmp_path):
    scene = {"width": 96, "height": 96, "objects": [
        {"id": "cup_1", "name": "cup", "color": "blue", "box": [0.3, 0.3, 0.7, 0.8]}]}
    (tmp_path / "scene.json").write_text(json.dumps(scene))
    env = {**os.environ, "PYTHONPATH": pythonpath(ROOT), "SCENECRAFT_CACHE": str(tmp_path / "cache"), "COLUMNS": "120",
           "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: scenecraft chat on the pty
        os.chdir(tmp_path)
        os.execve(sys.executable,
                  [sys.executable, "-m", "agent.cli", "chat", "--session", "s", "--scene", "scene.json"],
                  env)
    try:
        read_until(fd, b"you>")
        os.write(fd, b"make the cup green\n")
        out = read_until(fd, b"you>")
        assert b"colour blue -> green" in out
        os.write(fd, b"/trace\n")
        out = read_until(fd, b"you>")
        assert re.search(rb"background\W+sketch\.background\W+cached\W+yes", out)  # served from the cache
        assert re.search(rb"layer_cup_1\W+sketch\.layer\W+ok", out)  # re-drawn
        os.write(fd, b"undo\n")
        assert b"green -> blue" in read_until(fd, b"you>")
        os.write(fd, b"/quit\n")
        assert b"resume with" in read_until(fd, b"--resume")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    state = json.loads((tmp_path / "s" / "session.json").read_text())
    assert [t["kind"] for t in state["turns"]] == ["plan", "edit", "undo"]
