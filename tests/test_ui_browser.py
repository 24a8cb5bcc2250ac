"""The web UI in a real browser: Debian's chromium driven by Playwright against ``scenecraft ui``.

Starts ``scenecraft ui`` as a subprocess on 127.0.0.1 with a free port, types a request, waits for the
image, sends a follow-up edit and checks that the image, the Scene JSON and the trace change. Skips
when chromium, playwright or gradio is missing (CI installs them). Never runs ``playwright install``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.procenv import pythonpath

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("gradio") is None, reason="gradio is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="playwright is not installed"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
    pytest.mark.slow,
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProxyRecorder:
    """A TCP listener posing as the HTTP(S) proxy: any outside call the server makes lands here."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(200))
                except OSError:
                    self.hits.append(b"?")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def ui_server(tmp_path):
    port = free_port()
    proxy = ProxyRecorder()
    proxy_url = f"http://127.0.0.1:{proxy.port}"
    env = {**os.environ, "PYTHONPATH": pythonpath(ROOT), "HTTP_PROXY": proxy_url, "HTTPS_PROXY": proxy_url,
           "http_proxy": proxy_url, "https_proxy": proxy_url, "ALL_PROXY": proxy_url,
           "SCENECRAFT_CACHE": str(tmp_path / "cache"),
           "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_TEMP_DIR": str(tmp_path / "gradio"),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    log = open(tmp_path / "ui.log", "wb")  # noqa: SIM115 - the server writes to it until the fixture ends
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "ui", "--session", str(tmp_path / "session"),
                             "--port", str(port), "--width", "256", "--height", "256"],
                            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"scenecraft ui did not start: {(tmp_path / 'ui.log').read_text(errors='replace')[-2000:]}")
        time.sleep(0.5)
    yield url, tmp_path / "session", proxy
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    proxy.close()


def _scene_text(page) -> str:
    return page.locator("#scene-json .cm-content").inner_text()


def test_request_then_edit_in_a_real_browser(ui_server):
    from playwright.sync_api import expect, sync_playwright

    url, session, proxy = ui_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            expect.set_options(timeout=60_000)
            page.goto(url)
            expect(page.locator("#trace")).to_contain_text("No run yet")  # the page's load event has run
            box = page.locator("#msg textarea")
            box.fill("three red apples and a blue cup with a sign 'OPEN'")
            box.press("Enter")

            img = page.locator("#image img")
            expect(img).to_be_visible()
            first_src = img.get_attribute("src")
            expect(page.locator("#scene-json .cm-content")).to_contain_text('"blue"')
            first_scene = _scene_text(page)
            assert '"cup"' in first_scene and "green" not in first_scene
            expect(page.locator("#overlay img")).to_be_visible()
            page.locator("#graph img").scroll_into_view_if_needed()
            expect(page.locator("#graph img")).to_be_visible()

            box.fill("make the cup green")
            page.locator("#send").click()
            expect(page.locator("#scene-json .cm-content")).to_contain_text('"green"')
            expect(img).not_to_have_attribute("src", first_src)
            expect(page.locator("#chat")).to_contain_text("colour blue -> green")
            expect(page.locator("#trace")).to_contain_text("from cache")
            second_src = img.get_attribute("src")
            # The image the browser shows really changed: fetch both and compare bytes.
            a = page.request.get(first_src if first_src.startswith("http") else url + first_src.lstrip("/")).body()
            b = page.request.get(second_src if second_src.startswith("http") else url + second_src.lstrip("/")).body()
            assert a[:4] == b[:4] == b"\x89PNG" and a != b

            page.locator("#undo").click()
            expect(page.locator("#scene-json .cm-content")).not_to_contain_text('"green"')
        finally:
            browser.close()

    # Nothing left the machine: every HTTP(S) client in the server would have gone through the recorder.
    assert proxy.hits == [], f"the UI server made outside calls: {proxy.hits}"
    state = json.loads((session / "session.json").read_text())
    assert [t["kind"] for t in state["turns"]] == ["plan", "edit", "undo"]
    edit = state["turns"][1]
    plan = state["scenes"][state["turns"][0]["scene_index"]]
    cup = next(o["id"] for o in plan["objects"] if o["name"] == "cup")
    apple = next(o["id"] for o in plan["objects"] if o["name"] == "apple")
    assert edit["cached"] > 0 and f"layer_{cup}" in edit["ran"] and f"layer_{apple}" not in edit["ran"]
