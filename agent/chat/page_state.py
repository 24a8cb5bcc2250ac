"""What the web page shows, computed from a chat session's files (so a resumed session looks the same),
and the turn runner that streams status while a turn runs.

A turn runs on a worker thread inside a ``progress_listener`` (agent/context.py); the page polls
:meth:`PageState.run_turn`'s generator, which yields a status line (elapsed seconds, the running node's
denoising step) until the turn is done. Turns are serialised by a lock: one page serves one session.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from agent.chat.session import ChatSession, Turn
from agent.scene import Scene

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import ProgressEvent


class PageState:
    """The session behind the page, and every view of it."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session
        self.lock = threading.Lock()

    def send(self, message: str, image: Any = None, mask: Any = None) -> Turn | None:
        if not message.strip() and image is None:
            return None
        with self.lock:
            if image is not None:
                return self.session.send_image(message, image, mask)
            return self.session.send(message)

    def run_turn(self, work: Callable[[], Any], poll_s: float = 0.25) -> Iterator[str]:
        """Run ``work`` on a thread; yield a status line every ``poll_s`` until it is done."""
        from agent.context import progress_listener

        latest: dict[str, ProgressEvent] = {}
        errors: list[BaseException] = []

        def target() -> None:
            try:
                with progress_listener(lambda ev: latest.__setitem__("ev", ev)):
                    work()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the page's thread below
                errors.append(exc)

        thread = threading.Thread(target=target, name="scenecraft-turn", daemon=True)
        t0 = time.monotonic()
        thread.start()
        while thread.is_alive():
            thread.join(poll_s)
            ev = latest.get("ev")
            step = "" if ev is None else f": {ev.message}..." if ev.message else \
                f": node {ev.node}, step {ev.step}/{ev.total}"
            yield f"*Running {time.monotonic() - t0:.1f}s{step}*"
        if errors:
            raise errors[0]

    def messages(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for t in self.session.turns:
            out += [{"role": "user", "content": t.user or "(image)"}, {"role": "assistant", "content": t.reply}]
        return out

    def _turn_scene(self, turn: Turn) -> Scene | None:
        if turn.scene_index is None:
            return None
        return Scene.parse(self.session.state.scenes[turn.scene_index])

    def image_path(self) -> str | None:
        turn = self.session.last_image_turn()
        return str(self.session.path(turn.images[0]).resolve()) if turn else None

    def overlay(self) -> Image.Image | None:
        from PIL import Image

        from agent.chat.diagrams import draw_boxes

        turn = self.session.last_image_turn()
        scene = self._turn_scene(turn) if turn else None
        if turn is None or scene is None:
            return None
        with Image.open(self.session.path(turn.images[0])) as im:
            return draw_boxes(im, scene)

    def gallery(self) -> list[tuple[str, str]]:
        """Every image of every turn (all N when a turn made several), whole, newest last."""
        return [(str(self.session.path(p).resolve()), f"turn {t.index}: {t.user[:60]}" + (f" ({i + 1})" if i else ""))
                for t in self.session.turns for i, p in enumerate(t.images) if p.endswith(".png")]

    def scene_json(self) -> str:
        scene = self.session.scene
        return scene.to_json() if scene is not None else "{}"

    def _run_files(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        turn = self.session.last_image_turn()
        if turn is None or turn.run_dir is None:
            return None
        folder = self.session.path(turn.run_dir)
        graph = json.loads((folder / "graph.json").read_text())
        return (graph[0] if isinstance(graph, list) else graph), json.loads((folder / "trace.json").read_text())

    def graph_picture(self) -> Image.Image | None:
        from agent.chat.diagrams import draw_graph

        files = self._run_files()
        return draw_graph(*files) if files else None

    def trace_markdown(self) -> str:
        files = self._run_files()
        if files is None:
            return "No run yet."
        trace = files[1]["nodes"]
        hits = sum(r["cache_hit"] for r in trace)
        rows = [f"**{hits} of {len(trace)} nodes from cache**", "", "| node | plugin | status | s |",
                "|---|---|---|---|"]
        rows += [f"| {r['node']} | {r['plugin']} | {'cache hit' if r['cache_hit'] else r['status']} "
                 f"| {r['wall_s']:.3f} |" for r in trace]
        return "\n".join(rows)

    def status(self) -> str:
        turns = self.session.turns
        if not turns:
            return ("Describe an image to start, e.g. "
                    "*three red apples left of a blue cup with a sign that says \"OPEN\"*, "
                    "or upload a photo, draw a mask on it and say what to paint there.")
        t = turns[-1]
        return f"**Turn {t.index} ({t.kind}):** {t.reply}"

    def run_zip(self) -> str | None:
        """The last run folder as a zip under ``downloads/`` (made once per turn)."""
        turn = self.session.last_image_turn()
        if turn is None or turn.run_dir is None:
            return None
        target = self.session.folder / "downloads" / turn.run_dir
        path = target.with_suffix(".zip")
        if not path.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.make_archive(str(target), "zip", root_dir=self.session.path(turn.run_dir))
        return str(path.resolve())

    def views(self) -> tuple:
        """(image, overlay, gallery, scene JSON, graph picture, trace, status, zip) in the page's order."""
        return (self.image_path(), self.overlay(), self.gallery(), self.scene_json(), self.graph_picture(),
                self.trace_markdown(), self.status(), self.run_zip())
