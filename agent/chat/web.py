"""The web page for a chat session (``scenecraft ui``): chat, image, boxes, Scene JSON, task graph, trace,
a settings panel, a photo upload with a drawn mask, a gallery of whole images and a zip of the run folder.

One page serves one :class:`agent.chat.ChatSession` (a local tool: every open tab sees the same
session, and turns are serialised by a lock). The user's message shows at once and the status line
streams (elapsed time, the running node's denoising step) while the turn runs. Gradio is imported only
when the page is built, with its analytics and version check switched off so the server makes no
network calls of its own.
"""

from __future__ import annotations

import os
from typing import Any

from agent.chat.page_state import PageState
from agent.chat.session import ChatSession

# Set before gradio is imported: no analytics, no version check, no hub telemetry, no share tunnel.
OFFLINE_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "GRADIO_SHARE": "False", "DO_NOT_TRACK": "1"}


def quiet_gradio_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    no_proxy = {h for h in os.environ.get("NO_PROXY", "").split(",") if h} | {"127.0.0.1", "localhost"}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(sorted(no_proxy))


LAYOUTS = ["profile default", "sketch", "regional", "gligen", "none"]


def _settings_panel(gr: Any, session: ChatSession) -> list:
    """Seed, size, backend, model, steps, layout, negative prompt, guidance, n: applied on the next send."""
    from agent.compiler import backend_names

    st = session.state
    with gr.Accordion("Settings", open=False, elem_id="settings"):
        with gr.Row():
            seed = gr.Number(st.seed, label="Seed", precision=0, elem_id="set-seed")
            width = gr.Number(st.width, label="Width", precision=0, elem_id="set-width")
            height = gr.Number(st.height, label="Height", precision=0, elem_id="set-height")
            n = gr.Slider(1, 8, value=st.n, step=1, label="Images per turn (n)", elem_id="set-n")
        with gr.Row():
            backend = gr.Dropdown(backend_names(), value=st.backend, label="Backend", elem_id="set-backend")
            model = gr.Textbox(st.model or "", label="Model (id or folder; empty: the profile's)", elem_id="set-model")
            steps = gr.Number(st.steps, label="Steps (empty: the profile's)", precision=0, elem_id="set-steps")
            layout = gr.Dropdown(LAYOUTS, value=st.layout or LAYOUTS[0], label="Layout method", elem_id="set-layout")
        with gr.Row():
            negative = gr.Textbox(st.negative_prompt or "", label="Negative prompt (needs guidance > 1)",
                                  elem_id="set-negative")
            guidance = gr.Number(st.guidance, label="Guidance (empty: the profile's)", elem_id="set-guidance")
            strength = gr.Number(st.strength, label="Strength for uploads without a mask (empty: 0.6)",
                                 elem_id="set-strength")
    return [seed, width, height, n, backend, model, steps, layout, negative, guidance, strength]


def apply_settings(session: ChatSession, values: list) -> None:
    """The panel's values into the session (empty fields mean "the default")."""
    seed, width, height, n, backend, model, steps, layout, negative, guidance, strength = values
    session.update_settings(seed=int(seed or 0), width=int(width or session.state.width),
                            height=int(height or session.state.height), n=int(n or 1), backend=backend,
                            model=(model or "").strip() or None, steps=int(steps) if steps else None,
                            layout=None if layout in (None, LAYOUTS[0]) else layout,
                            negative_prompt=(negative or "").strip() or None,
                            guidance=None if guidance in (None, "") else float(guidance),
                            strength=float(strength) if strength else None)


def _editor_parts(value: Any) -> tuple[Any, Any]:
    """(picture, drawn layer) from an ImageEditor value; (None, None) when nothing was uploaded."""
    if not value or value.get("background") is None:
        return None, None
    layers = [layer for layer in (value.get("layers") or []) if layer is not None]
    return value["background"], (layers[0] if layers else None)


def _send_handler(gr: Any, page: PageState):  # noqa: ANN202 - a generator function for gradio
    """``on_send(message, editor, *settings)``: apply the settings, show the message at once, stream the
    status while the turn runs, then every view (and clear the editor when its photo was used)."""
    from agent.errors import ScenecraftError

    skip6 = [gr.skip()] * 6

    def on_send(message: str, editor: Any, *values: Any):
        picture, layer = _editor_parts(editor)
        if not (message or "").strip() and picture is None:
            yield (page.messages(), message, *page.views(), gr.skip())
            return
        try:
            apply_settings(page.session, list(values))
        except ScenecraftError as exc:
            yield (page.messages(), message, *skip6, f"**Settings:** {exc}", gr.skip(), gr.skip())
            return
        shown = [*page.messages(), {"role": "user", "content": message or "(image)"},
                 {"role": "assistant", "content": "…"}]
        for line in page.run_turn(lambda: page.send(message, picture, layer)):
            yield (shown, "", *skip6, line, gr.skip(), gr.skip())
        yield (page.messages(), "", *page.views(), None if picture is not None else gr.skip())

    return on_send


def build_app(session: ChatSession):  # noqa: ANN201 - a gradio Blocks
    """The Gradio Blocks page for ``session`` (imports gradio)."""
    quiet_gradio_env()
    import gradio as gr

    page = PageState(session)
    with gr.Blocks(title="Scenecraft chat", analytics_enabled=False) as app:
        gr.Markdown("## Scenecraft chat\nDescribe an image, then edit it: *make the cup green*, *add a third apple*, "
                    "*move the dog to the right*, *change the sign to CLOSED*, *undo*. Or upload a photo, draw "
                    "over the part to repaint and say what goes there.")
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
                upload = gr.ImageEditor(elem_id="upload", label="Your photo (draw white over what to repaint)",
                                        type="pil", sources=["upload", "clipboard"], layers=False,
                                        brush=gr.Brush(colors=["#ffffff"], color_mode="fixed"), height=320)
            with gr.Column(scale=1):
                image = gr.Image(elem_id="image", label="Image", type="filepath", interactive=False)
                overlay = gr.Image(elem_id="overlay", label="Scene boxes over the image", type="pil", interactive=False)
                download = gr.DownloadButton("Download the run folder (.zip)", elem_id="download", value=None)
        settings = _settings_panel(gr, session)
        with gr.Row():
            scene = gr.Code(elem_id="scene-json", label="Scene (JSON)", language="json", interactive=False,
                            max_lines=30)
            trace = gr.Markdown(elem_id="trace")
        graph = gr.Image(elem_id="graph", label="Task graph of the last run (green = cache hit, orange = ran)",
                         type="pil", interactive=False)
        gallery = gr.Gallery(elem_id="gallery", label="All turns", columns=4, height="auto", object_fit="contain",
                             preview=False)
        views = [image, overlay, gallery, scene, graph, trace, status, download]
        on_send = _send_handler(gr, page)
        outputs = [chat, msg, *views, upload]
        msg.submit(on_send, inputs=[msg, upload, *settings], outputs=outputs)
        send.click(on_send, inputs=[msg, upload, *settings], outputs=outputs)
        for button, word in ((undo, "undo"), (redo, "redo")):
            button.click(lambda *v, w=word: (yield from on_send(w, None, *v)), inputs=settings, outputs=outputs)
        # Not the textbox: a load finishing after the user started typing must not wipe the message.
        app.load(lambda: (page.messages(), *page.views()), outputs=[chat, *views])
    return app


def serve(session: ChatSession, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    """Start the page on ``host:port``; images are served from the session folder only."""
    app = build_app(session)
    app.queue(default_concurrency_limit=1)
    app.launch(server_name=host, server_port=port, share=False, inbrowser=False, prevent_thread_lock=not block,
               allowed_paths=[str(session.folder.resolve())], ssr_mode=False, quiet=True, footer_links=[],
               show_error=True)
    return app
