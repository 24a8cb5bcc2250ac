"""What the web page shows, computed from a chat session's files (so a resumed session looks the same).

No gradio here: :class:`PageState` turns the session into plain values (message lists, image paths,
markdown, a zip of a run folder) that ``agent/chat/web.py`` puts into components, and the unit tests
check directly.
"""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.chat.session import ChatSession, Turn
from agent.scene import Scene

if TYPE_CHECKING:
    from PIL import Image

DOWNLOADS = "downloads"


class PageState:
    """One session's views; ``lock`` serialises turns (every open tab sees the same session)."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session
        self.lock = threading.RLock()  # re-entered by the status stream, which holds it around a whole turn

    def send(self, message: str) -> Turn | None:
        if not message.strip():
            return None
        with self.lock:
            return self.session.send(message)

    def send_image(self, message: str, image: Any, mask: Any = None, instruction: bool = False,
                   **options: Any) -> Turn:
        """:meth:`ChatSession.send_image` under the page's lock.

        Args:
            message: what to paint, or the instruction.
            image: the uploaded photo.
            mask: the strokes drawn on it (None: no mask).
            instruction: follow the message as an InstructPix2Pix instruction.
            **options: ``outpaint`` and ``redraw``, as :meth:`ChatSession.send_image` takes them.
        """
        with self.lock:
            return self.session.send_image(message, image, mask, instruction, **options)

    def messages(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for t in self.session.turns:
            user = t.user if t.kind != "image" else f"🖼 {t.user}"
            out += [{"role": "user", "content": user}, {"role": "assistant", "content": t.reply}]
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
        """Every image of every turn, newest first (all ``n`` candidates of a turn, in order)."""
        out: list[tuple[str, str]] = []
        for t in reversed(self.session.turns):
            for k, rel in enumerate(t.images, 1):
                which = f" · {k}/{len(t.images)}" if len(t.images) > 1 else ""
                out.append((str(self.session.path(rel).resolve()), f"turn {t.index}{which}: {t.user[:50]}"))
        return out

    def scene_json(self) -> str:
        scene = self.session.scene
        return scene.to_json() if scene is not None else "{}"

    def _run_files(self) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The last run's graph and node trace (a run of n images: its first image's)."""
        turn = self.session.last_image_turn()
        if turn is None or turn.run_dir is None:
            return None
        folder = self.session.path(turn.run_dir)
        graph = json.loads((folder / "graph.json").read_text())
        trace = json.loads((folder / "trace.json").read_text())
        nodes = trace.get("nodes") or next(iter(trace.get("variants") or []), {}).get("nodes", [])
        return (graph[0] if isinstance(graph, list) else graph), nodes

    def graph_picture(self) -> Image.Image | None:
        from agent.chat.diagrams import draw_graph

        files = self._run_files()
        return draw_graph(files[0], {"nodes": files[1]}) if files else None

    def trace_markdown(self) -> str:
        files = self._run_files()
        if files is None:
            return "No run yet."
        trace = files[1]
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
                    "or upload a photo below.")
        t = turns[-1]
        return f"**Turn {t.index} ({t.kind}):** {t.reply}"

    def run_zip(self) -> str | None:
        """A zip of the last run folder (images, scene, graph, trace) under ``downloads/``; made once per turn."""
        turn = self.session.last_image_turn()
        if turn is None or turn.run_dir is None:
            return None
        folder = self.session.path(turn.run_dir)
        target = self.session.folder / DOWNLOADS / f"{self.session.folder.name}-{turn.run_dir}.zip"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            partial = target.with_suffix(".part")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
                for f in sorted(p for p in folder.rglob("*") if p.is_file()):
                    z.write(f, Path(turn.run_dir) / f.relative_to(folder))
            partial.replace(target)
        return str(target.resolve())

    def views(self) -> tuple:
        """image, overlay, gallery, scene JSON, graph picture, trace, status, zip: in the page's order."""
        return (self.image_path(), self.overlay(), self.gallery(), self.scene_json(), self.graph_picture(),
                self.trace_markdown(), self.status(), self.run_zip())
