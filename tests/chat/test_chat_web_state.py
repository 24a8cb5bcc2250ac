"""The web page's plain parts without a browser: views of a session, the run-folder zip, the streamed
status of a running turn, and the editor value -> (photo, mask) split."""

from __future__ import annotations

import threading
import zipfile

import pytest
from PIL import Image

from agent.chat import ChatSession
from agent.chat.page_state import PageState
from agent.chat.settings import apply_settings
from agent.chat.web_stream import RunStatus, TurnStream
from agent.context import ProgressEvent, RunContext


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def test_views_with_candidates_and_zip(tmp_path):
    s = ChatSession(tmp_path / "s", width=64, height=64)
    page = PageState(s)
    assert page.run_zip() is None and page.trace_markdown() == "No run yet." and page.gallery() == []
    page.send("a red apple")
    apply_settings(s, {"n": 3})
    page.send("make the apple green")
    captions = [c for _, c in page.gallery()]
    assert captions[:3] == [f"turn 1 · {k}/3: make the apple green" for k in (1, 2, 3)]
    assert captions[3] == "turn 0: a red apple"  # newest first, every candidate
    assert "nodes from cache" in page.trace_markdown()  # a run of n images: its first image's trace
    assert page.graph_picture() is not None and page.overlay() is not None
    path = page.run_zip()
    assert path is not None and path == page.run_zip()  # made once per turn
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    assert {"turn-001/image_1.png", "turn-001/image_3.png", "turn-001/grid.png", "turn-001/trace.json"} <= names
    messages = page.messages()
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2 and "3 images" in messages[-1]["content"]


def test_run_status_lines():
    st = RunStatus("Turn 2: make it green")
    assert st.line() == "starting"
    st.add({"type": "node_started", "node": "generate", "plugin": "generate.one_step", "index": 1, "total": 3})
    assert st.line() == "node `generate` (generate.one_step) started (2 of 3)"
    st.add(ProgressEvent("generate", 3, 4))
    assert st.line() == "node `generate`: diffusion step 3 of 4"
    st.add({"type": "node_finished", "node": "generate", "plugin": "generate.one_step", "status": "ok",
            "wall_s": 1.25})
    st.add({"type": "node_finished", "node": "text", "plugin": "text.render", "status": "cached"})
    st.add({"type": "node_finished", "node": "x", "plugin": "p", "status": "failed"})
    md = st.markdown()
    assert "**Turn 2: make it green**" in md and "3 nodes finished (1 from cache)" in md and "failed: x" in md


def test_turn_stream_yields_events_from_the_worker_thread():
    gate = threading.Event()

    class FakeExecutor:
        listener = None

    executor = FakeExecutor()

    def job() -> str:
        executor.listener({"type": "node_started", "node": "a", "plugin": "p", "index": 0, "total": 1})
        RunContext(store=None, seed=0, node_id="a").progress(1, 2)  # type: ignore[arg-type]
        gate.wait(5)
        executor.listener({"type": "node_finished", "node": "a", "plugin": "p", "status": "ok", "wall_s": 0.5})
        return "done"

    stream = TurnStream(job, "t", executor)
    seen = []
    for md in stream:
        seen.append(md)
        gate.set()
    assert stream.turn == "done" and stream.error is None and executor.listener is None  # detached after
    assert "1 nodes finished" in seen[-1]
    assert any("step 1 of 2" in m for m in seen) or any("started" in m for m in seen)

    def bad() -> None:
        raise ValueError("broken")

    failing = TurnStream(bad, "t")
    list(failing)
    assert isinstance(failing.error, ValueError)


def test_editor_value_split():
    from agent.chat.web import editor_parts

    photo = Image.new("RGB", (40, 30), "blue")
    assert editor_parts(None) == (None, None)
    assert editor_parts({"background": None, "layers": [], "composite": None}) == (None, None)
    assert editor_parts({"background": photo, "layers": [], "composite": photo}) == (photo, None)
    a = Image.new("RGBA", (40, 30))
    a.paste((255, 255, 255, 255), (0, 0, 10, 10))
    b = Image.new("RGBA", (40, 30))
    b.paste((255, 255, 255, 255), (30, 20, 40, 30))
    image, mask = editor_parts({"background": photo, "layers": [a, b], "composite": photo})
    assert image is photo and mask.mode == "RGBA" and mask.size == (40, 30)
    assert mask.getpixel((5, 5))[3] == 255 and mask.getpixel((35, 25))[3] == 255 and mask.getpixel((20, 15))[3] == 0


def test_terminal_chat_spinner_follows_the_nodes(tmp_path):
    import io

    from rich.console import Console

    from agent.commands.chat import print_trace, send_live

    s = ChatSession(tmp_path / "s", width=64, height=64)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    turn = send_live(console, s, "a red apple")
    assert turn.kind == "plan" and "node" in out.getvalue()  # the spinner said which node ran
    apply_settings(s, {"n": 2})
    send_live(Console(file=io.StringIO()), s, "make the apple green")  # not a terminal: a plain send
    print_trace(console, s)  # a run of two images: the first image's trace
    assert "sketch.layer" in out.getvalue()
