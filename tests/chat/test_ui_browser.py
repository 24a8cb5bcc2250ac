"""The web UI in a real browser: Debian's chromium driven by Playwright against ``scenecraft ui``.

Starts ``scenecraft ui`` as a subprocess on 127.0.0.1 with a free port, types a request, waits for the
image, sends a follow-up edit and checks that the image, the Scene JSON and the trace change. A second
test runs the page on the tiny in-process diffusers model: it uploads a photo, paints a mask with the
editor's brush, inpaints it (every pixel outside the mask stays the photo's), watches the message show
at once and the status stream node events, sets n = 2 in the settings panel, tries an unknown scheduler
(one line, nothing runs), picks EulerDiscreteScheduler, redraws the photo and outpaints 32 px on the left into
two candidates with it (their provenance names it) and downloads the run folder as a zip. Both check that
the server makes no outside call.
Skips when chromium, playwright, gradio (or, for the second, torch/diffusers) is missing (CI installs
them). Never runs ``playwright install``. ``SCENECRAFT_UI_SCREENSHOT=page.png`` keeps a screenshot.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procenv import pythonpath

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
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


@contextlib.contextmanager
def start_ui(tmp_path: Path, *extra: str) -> Iterator[tuple[str, Path, ProxyRecorder]]:
    """``scenecraft ui`` on a free port with every outside call routed to a recorder; stopped after."""
    port = free_port()
    proxy = ProxyRecorder()
    proxy_url = f"http://127.0.0.1:{proxy.port}"
    env = {**os.environ, "PYTHONPATH": pythonpath(ROOT), "HTTP_PROXY": proxy_url, "HTTPS_PROXY": proxy_url,
           "http_proxy": proxy_url, "https_proxy": proxy_url, "ALL_PROXY": proxy_url,
           "SCENECRAFT_CACHE": str(tmp_path / "cache"), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_TEMP_DIR": str(tmp_path / "gradio"),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    log = open(tmp_path / "ui.log", "wb")  # noqa: SIM115 - the server writes to it until the fixture ends
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "ui", "--session", str(tmp_path / "session"),
                             "--port", str(port), "--width", "256", "--height", "256", *extra],
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
    try:
        yield url, tmp_path / "session", proxy
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        proxy.close()


@pytest.fixture
def ui_server(tmp_path):
    with start_ui(tmp_path) as server:
        yield server


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


WATCH = """() => { for (const [id, key] of [["status", "__status"], ["chat", "__chat"]]) {
  window[key] = []; const el = document.getElementById(id);
  new MutationObserver(() => window[key].push(el.innerText)).observe(el, {subtree: true, childList: true,
                                                                          characterData: true}); } }"""


def _photo(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:96, 0:128]
    Image.fromarray(np.stack([x * 2, y * 2, 255 - x], axis=-1).astype(np.uint8)).save(path)
    return path


def _draw_stroke(page) -> None:
    """Drag the editor's brush (selected once a photo is in) across the middle of the photo."""
    box = page.locator("#upload canvas").first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx - 40, cy - 30)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(cx - 40 + i * 8, cy - 30 + i * 6)
    page.mouse.up()


def _fetch(page, url: str, src: str) -> bytes:
    return page.request.get(src if src.startswith("http") else url + src.lstrip("/")).body()


def _upload_turns(page, url: str, photo: Path) -> None:
    from playwright.sync_api import expect

    page.locator("#upload input[type=file]").set_input_files(str(photo))
    expect(page.locator("#upload canvas").first).to_be_visible()
    page.wait_for_timeout(1500)  # the editor draws the photo before the brush can paint on it
    _draw_stroke(page)
    page.locator("#msg textarea").fill("a yellow sun")
    page.locator("#run-upload").click()
    expect(page.locator("#chat")).to_contain_text("Inpainted the drawn mask")
    expect(page.locator("#image img")).to_be_visible()
    # n = 2 from the settings panel, then the same photo without a mask: img2img, two candidates
    page.locator("#settings").get_by_text("Settings").first.click()
    n = page.locator("#set-n input[type=number]")
    n.fill("2")
    n.press("Enter")
    # an unknown scheduler: one line naming it, and nothing runs; then a real one for the next turn
    scheduler = page.locator("#set-scheduler input")
    scheduler.fill("NoSuchScheduler")
    scheduler.press("Enter")
    page.locator("#run-upload").click()
    expect(page.locator("#status")).to_contain_text("Settings not applied")
    expect(page.locator("#status")).to_contain_text("unknown scheduler 'NoSuchScheduler'")
    scheduler.fill("EulerDiscreteScheduler")
    scheduler.press("Enter")
    page.locator("#upload button[aria-label='Clear canvas']").click()
    page.locator("#upload input[type=file]").set_input_files(str(photo))
    page.wait_for_timeout(1500)
    page.locator("#msg textarea").fill("an oil painting")
    page.locator("#outpaint textarea").fill("left=32")
    page.locator("#run-upload").click()
    expect(page.locator("#chat")).to_contain_text("then outpainted (left +32 px)")
    expect(page.locator("#chat")).to_contain_text("2 images (seeds 0..1)")
    expect(page.locator("#gallery img")).to_have_count(3)


def test_upload_masked_inpaint_candidates_and_zip_in_a_real_browser(tmp_path, tmp_path_factory):
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    torch.set_num_threads(1)
    import io
    import zipfile

    import numpy as np
    from PIL import Image
    from playwright.sync_api import expect, sync_playwright

    from agent.artifacts import read_provenance
    from tests.tiny_models import tiny_model_dir

    model = tiny_model_dir("sd", tmp_path_factory.mktemp("tiny"))
    photo = _photo(tmp_path / "photo.png")
    with start_ui(tmp_path, "--model", str(model), "--steps", "4") as (url, session, proxy), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            expect.set_options(timeout=120_000)
            page.goto(url)
            expect(page.locator("#trace")).to_contain_text("No run yet")
            page.evaluate(WATCH)
            _upload_turns(page, url, photo)
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
            if os.environ.get("SCENECRAFT_UI_SCREENSHOT"):  # to look at the page after a change
                shutil.copy(tmp_path / "page.png", os.environ["SCENECRAFT_UI_SCREENSHOT"])
            with page.expect_download() as download:
                page.locator("#download").click()
            zipped = Path(download.value.path()).read_bytes()
            statuses, chats = page.evaluate("window.__status"), page.evaluate("window.__chat")
        finally:
            browser.close()
        assert proxy.hits == [], f"the UI server made outside calls: {proxy.hits}"
    # The message showed at once and the status streamed node events before the reply came.
    first_pending = next(i for i, c in enumerate(chats) if "a yellow sun" in c and "⏳" in c)
    assert first_pending < next(i for i, c in enumerate(chats) if "Inpainted" in c)
    assert any("⏳ node " in s and "nodes finished" in s for s in statuses), statuses[-5:]
    state = json.loads((session / "session.json").read_text())
    assert [t["kind"] for t in state["turns"]] == ["image", "image"] and state["n"] == 2
    first, second = state["turns"]
    mask = np.asarray(Image.open(session / "uploads" / "mask-000.png")) > 127
    assert 0 < mask.mean() < 0.5  # the stroke, not the whole photo
    src = np.asarray(Image.open(session / "uploads" / "upload-000.png").convert("RGB")).astype(int)
    out = np.asarray(Image.open(session / first["images"][0]).convert("RGB")).astype(int)
    assert out.shape == src.shape and np.abs(out - src)[~mask].max() <= 2  # untouched outside the mask
    assert len(second["images"]) == 2 and (session / second["run_dir"] / "grid.png").exists()
    assert Image.open(session / second["images"][0]).size == (128 + 32, 96)  # outpainted on the left
    # the scheduler chosen in the panel ran, and each image's provenance says so (run --from repeats it)
    assert state["scheduler"] == "EulerDiscreteScheduler"
    nodes = read_provenance(session / second["images"][1])["graph"]["nodes"]
    assert [n["params"].get("scheduler") for n in nodes if n["plugin"] == "edit.img2img"] == ["EulerDiscreteScheduler"]
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:  # what the browser downloaded: the last run folder
        assert {"turn-001/image_1.png", "turn-001/image_2.png", "turn-001/graph.json"} <= set(z.namelist())
