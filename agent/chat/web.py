"""The web page for a chat session (``scenecraft ui``): chat with live status, settings, an upload with a
drawn mask and margins to outpaint, the image, Scene boxes, Scene JSON, task graph, trace, every image of
every turn, a zip.

One page serves one :class:`agent.chat.ChatSession` (a local tool: every open tab sees the same
session, and turns are serialised by a lock). Handlers are generators: the user's message shows at once,
then the status streams (node started/finished, diffusion step k of n) while the turn runs in a worker
thread (``agent/chat/web_stream.py``). What the page shows comes from ``agent/chat/page_state.py``.
Gradio is imported only when the page is built, with its analytics and version check switched off so
the server makes no network calls of its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from agent.chat.page_state import PageState
from agent.chat.session import ChatSession

__all__ = ["OFFLINE_ENV", "PageState", "build_app", "editor_parts", "quiet_gradio_env", "serve"]

# Set before gradio is imported: no analytics, no version check, no hub telemetry, no share tunnel. And
# before diffusers loads a pipeline: diffusers imports onnxruntime when installed (the OCR extra), and
# onnxruntime 1.32 otherwise sends telemetry to mobile.events.data.microsoft.com (seen by the browser test).
OFFLINE_ENV = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "GRADIO_SHARE": "False", "DO_NOT_TRACK": "1", "ORT_DISABLE_TELEMETRY": "1"}
SETTING_FIELDS = ("seed", "width", "height", "backend", "model", "steps", "layout", "negative_prompt", "guidance",
                  "scheduler", "loras", "n")
LAYOUTS = ["default", "sketch", "regional", "gligen", "none"]
MODES = ["redraw (img2img)", "instruction (InstructPix2Pix)", "keep the photo (outpaint only)"]
CSS = """
#gallery .thumbnail-item img { object-fit: contain !important; }
#status { min-height: 5em; }
"""


def quiet_gradio_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    no_proxy = {h for h in os.environ.get("NO_PROXY", "").split(",") if h} | {"127.0.0.1", "localhost"}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(sorted(no_proxy))


def editor_parts(value: Any) -> tuple[Any, Any]:
    """Gradio's ImageEditor value -> (the photo, the drawn strokes as one RGBA layer, or None)."""
    if not isinstance(value, dict):
        return value, None
    background = value.get("background")
    layers = [x for x in (value.get("layers") or []) if x is not None]
    if background is None:
        return None, None
    if not layers:
        return background, None
    from PIL import Image

    from agent.util.images import as_pil

    mask = Image.new("RGBA", as_pil(layers[0], "mask").size, (0, 0, 0, 0))
    for layer in layers:
        mask.alpha_composite(as_pil(layer, "mask").convert("RGBA").resize(mask.size))
    return background, mask


def _settings_panel(gr: Any, session: ChatSession) -> list[Any]:
    """The settings components, in SETTING_FIELDS order (values from the session)."""
    from agent.chat.settings import SCHEDULERS
    from agent.compiler.backends import backend_names

    st = session.state
    with gr.Accordion("Settings", open=False, elem_id="settings"):
        with gr.Row():
            seed = gr.Number(st.seed, label="Seed", precision=0, elem_id="set-seed")
            width = gr.Number(st.width, label="Width", precision=0, minimum=8, maximum=8192, elem_id="set-width")
            height = gr.Number(st.height, label="Height", precision=0, minimum=8, maximum=8192, elem_id="set-height")
            n = gr.Slider(1, 8, value=st.n, step=1, label="Images per turn (n seeds)", elem_id="set-n")
        with gr.Row():
            backend = gr.Dropdown(backend_names(), value=st.backend, label="Backend", elem_id="set-backend")
            model = gr.Textbox(st.model or "", label="Model (id or folder; blank = the profile's)",
                               elem_id="set-model")
            steps = gr.Number(st.steps or 0, label="Steps (0 = the profile's)", precision=0, minimum=0,
                              elem_id="set-steps")
            layout = gr.Dropdown(LAYOUTS, value=st.layout or "default", label="Layout method", elem_id="set-layout")
        with gr.Row():
            negative = gr.Textbox(st.negative_prompt or "", label="Negative prompt", elem_id="set-negative")
            guidance = gr.Textbox("" if st.guidance is None else f"{st.guidance:g}", elem_id="set-guidance",
                                  label="Guidance (blank = the profile's; above 1 for a negative prompt to act)")
        with gr.Row():
            scheduler = gr.Dropdown(["default", *SCHEDULERS], value=st.scheduler or "default", allow_custom_value=True,
                                    label="Scheduler (any diffusers scheduler class; default = the model's)",
                                    elem_id="set-scheduler")
            loras = gr.Textbox(", ".join(st.loras), label="LoRAs: PATH_OR_ID[:SCALE], comma-separated",
                               elem_id="set-loras")
    return [seed, width, height, backend, model, steps, layout, negative, guidance, scheduler, loras, n]


def _upload_panel(gr: Any, session: ChatSession) -> tuple[Any, ...]:
    with gr.Accordion("Your image: upload, draw a mask to inpaint", open=True, elem_id="upload-panel"):
        editor = gr.ImageEditor(elem_id="upload", label="Photo (draw over the part to repaint)", type="pil",
                                image_mode="RGBA", format="png", sources=["upload", "clipboard"], height=360,
                                brush=gr.Brush(colors=["#ffffff"], color_mode="fixed"), layers=False)
        with gr.Row():
            mode = gr.Radio(MODES, value=MODES[0], label="Without a mask", elem_id="upload-mode")
            strength = gr.Slider(0.05, 1.0, value=session.state.strength or 0.6, step=0.05,
                                 label="Strength (img2img)", elem_id="set-strength")
        outpaint = gr.Textbox("", label="Outpaint: grow the canvas by, e.g. left=256,top=128 (blank = no)",
                              elem_id="outpaint")
        with gr.Row():
            run_upload = gr.Button("Edit this image with the message", elem_id="run-upload", variant="primary")
            to_editor = gr.Button("Put the current image here", elem_id="to-editor")
    return editor, mode, strength, outpaint, run_upload, to_editor


def _apply(page: PageState, settings: tuple, strength: float | None = None) -> str:
    """Apply the panel's values; '' or a markdown line with what changed / what was wrong."""
    from agent.chat.settings import apply_settings, setting_notes
    from agent.errors import ScenecraftError

    values = dict(zip(SETTING_FIELDS, settings, strict=True))
    if strength is not None:
        values["strength"] = strength
    try:
        with page.lock:
            changes = apply_settings(page.session, values)
    except ScenecraftError as exc:
        return f"**Settings not applied:** {exc}"
    notes = setting_notes(page.session) if changes else []
    return "; ".join([*(f"`{c}`" for c in changes), *notes])


def _stream(gr: Any, page: PageState, job: Callable[[], Any], user: str, title: str, note: str) -> Iterator[tuple]:
    """Show the user's message now, stream status while ``job`` runs, then every view."""
    from agent.chat.web_stream import TurnStream

    stream = TurnStream(job, title, page.session.executor, page.lock)
    pending = [*page.messages(), {"role": "user", "content": user}, {"role": "assistant", "content": "⏳ starting"}]
    skip = [gr.skip()] * 6
    for md in stream:
        pending[-1] = {"role": "assistant", "content": f"⏳ {stream.status.line()}"}
        yield (list(pending), "", *skip, md + (f"\n\n{note}" if note else ""), gr.skip())
    if stream.error is not None:
        raise stream.error
    *views, status, download = page.views()
    yield (page.messages(), "", *views, status + (f"\n\n{note}" if note else ""), download)


def _handlers(gr: Any, page: PageState) -> tuple[Callable, Callable]:
    def on_send(message: str, *settings: Any) -> Iterator[tuple]:
        note = _apply(page, settings)
        if note.startswith("**Settings not applied") or not message.strip():
            yield (page.messages(), message, *page.views()[:6], note or page.status(), gr.skip())
            return
        title = f"Turn {len(page.session.turns)}: {message[:60]}"
        yield from _stream(gr, page, lambda: page.send(message), message, title, note)

    def on_upload(message: str, editor: Any, mode: str, strength: float, outpaint: str,
                  *settings: Any) -> Iterator[tuple]:
        note = _apply(page, settings, strength)
        image, mask = editor_parts(editor)
        if image is None or note.startswith("**Settings not applied"):
            why = note if note.startswith("**Settings") else "**Upload a photo first** (drop it on the editor)."
            yield (page.messages(), message, *page.views()[:6], why, gr.skip())
            return
        job = (lambda: page.send_image(message, image, mask, instruction=mode == MODES[1],  # noqa: E731
                                       outpaint=outpaint.strip() or None, redraw=mode == MODES[0]))
        title = f"Turn {len(page.session.turns)} on your image: {message[:60]}"
        yield from _stream(gr, page, job, f"🖼 {message}", title, note)

    return on_send, on_upload


def _fixed(handler: Callable[..., Iterator[tuple]], message: str) -> Callable[..., Iterator[tuple]]:
    """``handler`` with the message fixed (the Undo and Redo buttons), still a generator for gradio."""
    def run(*settings: Any) -> Iterator[tuple]:
        yield from handler(message, *settings)

    return run


def build_app(session: ChatSession) -> Any:
    """The Gradio Blocks page for ``session`` (imports gradio)."""
    quiet_gradio_env()
    import gradio as gr

    page = PageState(session)
    with gr.Blocks(title="Scenecraft chat", analytics_enabled=False) as app:
        gr.Markdown("## Scenecraft chat\nDescribe an image, then edit it: *make the cup green*, *add a third apple*, "
                    "*move the dog to the right*, *change the sign to CLOSED*, *undo*. Or upload a photo below.")
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
                settings = _settings_panel(gr, session)
            with gr.Column(scale=1):
                image = gr.Image(elem_id="image", label="Image", type="filepath", interactive=False, height=400)
                download = gr.DownloadButton("Download the run folder (.zip)", elem_id="download")
                editor, mode, strength, outpaint, run_upload, to_editor = _upload_panel(gr, session)
        gallery = gr.Gallery(elem_id="gallery", label="Every turn's images, newest first (click to enlarge)",
                             columns=6, fit_columns=False, height=300, object_fit="contain", allow_preview=True,
                             preview=False)
        with gr.Row():
            overlay = gr.Image(elem_id="overlay", label="Scene boxes over the image", type="pil", interactive=False)
            graph = gr.Image(elem_id="graph", label="Task graph of the last run (green = cache hit, orange = ran)",
                             type="pil", interactive=False)
        with gr.Row():
            scene = gr.Code(elem_id="scene-json", label="Scene (JSON)", language="json", interactive=False,
                            max_lines=30)
            trace = gr.Markdown(elem_id="trace")
        outputs = [chat, msg, image, overlay, gallery, scene, graph, trace, status, download]
        on_send, on_upload = _handlers(gr, page)
        msg.submit(on_send, inputs=[msg, *settings], outputs=outputs)
        send.click(on_send, inputs=[msg, *settings], outputs=outputs)
        for button, word in ((undo, "undo"), (redo, "redo")):
            button.click(_fixed(on_send, word), inputs=settings, outputs=outputs)
        run_upload.click(on_upload, inputs=[msg, editor, mode, strength, outpaint, *settings], outputs=outputs)
        to_editor.click(page.image_path, outputs=editor)
        # Not the textbox: a load finishing after the user started typing must not wipe the message.
        app.load(lambda: (page.messages(), *page.views()), outputs=[o for o in outputs if o is not msg])
    return app


def serve(session: ChatSession, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> Any:
    """Start the page on ``host:port``; images are served from the session folder only.

    Args:
        session: the chat session the page shows and edits.
        host: the address to bind (loopback by default: a local tool, no auth).
        port: the TCP port.
        block: serve until interrupted; False returns the running app at once (tests).
    """
    app = build_app(session)
    app.queue(default_concurrency_limit=1)
    app.launch(server_name=host, server_port=port, share=False, inbrowser=False, prevent_thread_lock=not block,
               allowed_paths=[str(session.folder.resolve())], ssr_mode=False, quiet=True, footer_links=[],
               show_error=True, css=CSS)
    return app
