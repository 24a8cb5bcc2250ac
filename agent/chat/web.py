"""The web page for a chat session (``scenecraft ui``): chat, image, boxes, Scene JSON, task graph, trace.

One page serves one :class:`agent.chat.ChatSession` (a local tool: every open tab sees the same
session, and turns are serialised by a lock). Gradio is imported only when the page is built, with its
analytics and version check switched off so the server makes no network calls of its own.
"""

from __future__ import annotations

import json
import os
import threading
from typing import TYPE_CHECKING, Any

from agent.chat.session import ChatSession, Turn
from agent.scene import Scene

if TYPE_CHECKING:
    from PIL import Image

# Set before gradio is imported: no analytics, no version check, no hub telemetry, no share tunnel.
OFFLINE_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "GRADIO_SHARE": "False", "DO_NOT_TRACK": "1"}


def quiet_gradio_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    no_proxy = {h for h in os.environ.get("NO_PROXY", "").split(",") if h} | {"127.0.0.1", "localhost"}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(sorted(no_proxy))


class PageState:
    """Everything the page shows, computed from the session's files (so a resumed session looks the same)."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session
        self.lock = threading.Lock()

    def send(self, message: str) -> Turn | None:
        if not message.strip():
            return None
        with self.lock:
            return self.session.send(message)

    def messages(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for t in self.session.turns:
            out += [{"role": "user", "content": t.user}, {"role": "assistant", "content": t.reply}]
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
        return [(str(self.session.path(t.images[0]).resolve()), f"turn {t.index}: {t.user[:60]}")
                for t in self.session.turns if t.images]

    def scene_json(self) -> str:
        scene = self.session.scene
        return scene.to_json() if scene is not None else "{}"

    def _run_files(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        turn = self.session.last_image_turn()
        if turn is None or turn.run_dir is None:
            return None
        folder = self.session.path(turn.run_dir)
        return json.loads((folder / "graph.json").read_text()), json.loads((folder / "trace.json").read_text())

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
                    "*three red apples left of a blue cup with a sign that says \"OPEN\"*.")
        t = turns[-1]
        return f"**Turn {t.index} ({t.kind}):** {t.reply}"

    def outputs(self, clear_textbox: bool = True) -> tuple:
        views = (self.image_path(), self.overlay(), self.gallery(), self.scene_json(), self.graph_picture(),
                 self.trace_markdown(), self.status())
        return (self.messages(), "", *views) if clear_textbox else (self.messages(), *views)


def build_app(session: ChatSession):
    """The Gradio Blocks page for ``session`` (imports gradio)."""
    quiet_gradio_env()
    import gradio as gr

    page = PageState(session)
    with gr.Blocks(title="Scenecraft chat", analytics_enabled=False) as app:
        gr.Markdown("## Scenecraft chat\nDescribe an image, then edit it: *make the cup green*, *add a third apple*, "
                    "*move the dog to the right*, *change the sign to CLOSED*, *undo*.")
        with gr.Row():
            with gr.Column(scale=1):
                chat = gr.Chatbot(elem_id="chat", height=420, label="Chat")
                msg = gr.Textbox(elem_id="msg", label="Message", placeholder="three red apples left of a blue cup",
                                 lines=1, max_lines=3)
                with gr.Row():
                    send = gr.Button("Send", elem_id="send", variant="primary")
                    undo = gr.Button("Undo", elem_id="undo")
                    redo = gr.Button("Redo", elem_id="redo")
                status = gr.Markdown(page.status(), elem_id="status")
            with gr.Column(scale=1):
                image = gr.Image(elem_id="image", label="Image", type="filepath", interactive=False)
                overlay = gr.Image(elem_id="overlay", label="Scene boxes over the image", type="pil", interactive=False)
        with gr.Row():
            scene = gr.Code(elem_id="scene-json", label="Scene (JSON)", language="json", interactive=False,
                            max_lines=30)
            trace = gr.Markdown(elem_id="trace")
        graph = gr.Image(elem_id="graph", label="Task graph of the last run (green = cache hit, orange = ran)",
                         type="pil", interactive=False)
        gallery = gr.Gallery(elem_id="gallery", label="All turns", columns=6, height=260)
        outputs = [chat, msg, image, overlay, gallery, scene, graph, trace, status]

        def on_send(message: str):
            page.send(message)
            return page.outputs()

        msg.submit(on_send, inputs=msg, outputs=outputs)
        send.click(on_send, inputs=msg, outputs=outputs)
        undo.click(lambda: on_send("undo"), outputs=outputs)
        redo.click(lambda: on_send("redo"), outputs=outputs)
        # Not the textbox: a load finishing after the user started typing must not wipe the message.
        app.load(lambda: page.outputs(clear_textbox=False), outputs=[o for o in outputs if o is not msg])
    return app


def serve(session: ChatSession, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    """Start the page on ``host:port``; images are served from the session folder only."""
    app = build_app(session)
    app.queue(default_concurrency_limit=1)
    app.launch(server_name=host, server_port=port, share=False, inbrowser=False, prevent_thread_lock=not block,
               allowed_paths=[str(session.folder.resolve())], ssr_mode=False, quiet=True, footer_links=[],
               show_error=True)
    return app
