"""Chat turns on the user's own image (the web page's upload): inpaint a drawn mask, or redraw the photo.

An uploaded photo and the mask drawn on it are saved under the session folder (``uploads/``), read like
``--image``/``--mask`` (any mode, EXIF rotation, one-line errors), put in the content-addressed store and
run as an edit graph (``input.image`` -> ``edit.inpaint`` or ``edit.img2img``) into the turn's folder.
With a mask the message is what to paint there; without one the whole photo is redrawn toward the
message at the session's strength. The Scene history is not touched: the next text turn edits the plan.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from agent.chat.session import ChatSession, Turn

DEFAULT_STRENGTH = 0.6


def save_upload(session: ChatSession, image: Any, mask: Any = None) -> tuple[Path, Path | None]:
    """Write the uploaded picture (and mask, when it has any white) as PNGs under ``uploads/``."""
    from agent.util.images import read_user_image, to_mask

    folder = session.folder / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    n = len(session.turns)
    picture = read_user_image(image, "upload")
    image_path = folder / f"upload-{n:03d}.png"
    picture.save(image_path)
    mask_path = None
    if mask is not None:
        m = to_mask(read_mask_layer(mask, picture.size))
        if m.getbbox() is not None:
            mask_path = folder / f"mask-{n:03d}.png"
            m.save(mask_path)
    return image_path, mask_path


def read_mask_layer(mask: Any, size: tuple[int, int]) -> Any:
    """A drawn layer (any mode) at the picture's size."""
    from agent.util.images import as_pil

    layer = as_pil(mask, "mask")
    return layer if layer.size == size else layer.resize(size)


def image_turn(session: ChatSession, text: str, image_path: Path, mask_path: Path | None) -> Turn:
    """Run an edit of the uploaded image into a new turn folder (the caller appends and saves the turn)."""
    from agent.chat.session import Turn
    from agent.compiler import CompileOptions
    from agent.compiler.images import build_edit_graph, make_image_edit
    from agent.engine.run_folder import execute_to_dir

    st = session.state
    if not text.strip():
        raise ScenecraftError("say what to paint: the message is the prompt for the uploaded image")
    strength = None if mask_path is not None else (st.strength or DEFAULT_STRENGTH)
    edit = make_image_edit(session.executor.store, image_path, text, mask=mask_path, strength=strength,
                           what=("upload", "mask"))
    options = CompileOptions(model=st.model, steps=st.steps, extra=session.controls())
    graph = build_edit_graph(edit, st.backend, options)
    index = len(st.turns)
    run_dir = f"turn-{index:03d}"
    t0 = time.perf_counter()
    outcome = execute_to_dir(graph, session.folder / run_dir, seed=st.seed, executor=session.executor)
    trace = outcome.result.trace
    what = "Inpainted the drawn mask" if mask_path is not None else f"Redrew the photo at strength {strength}"
    turn = Turn(index=index, user=text, kind="image", reply="", run_dir=run_dir,
                images=[str(p.relative_to(session.folder)) for p in outcome.images], nodes=len(trace),
                cached=sum(r.cache_hit for r in trace), ran=[r.node for r in trace if r.status == "ok"],
                failed=[r.node for r in trace if r.status == "failed"], wall_s=round(time.perf_counter() - t0, 3))
    turn.reply = f"{what}: ran {len(turn.ran)} of {turn.nodes} nodes in {turn.wall_s:.2f}s."
    for r in outcome.result.failures:
        turn.reply += f" Node '{r.node}' failed: {r.error}."
    return turn
