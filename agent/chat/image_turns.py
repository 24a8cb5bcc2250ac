"""Chat turns on the user's own image (the web page's upload): inpaint a drawn mask, or redraw the photo.

An uploaded photo and the mask drawn on it are saved under the session folder (``uploads/``), read like
``--image``/``--mask`` (any mode, EXIF rotation, one-line errors), put in the content-addressed store and
run as an edit graph (``input.image`` -> ``edit.inpaint`` or ``edit.img2img``) into the turn's folder.
With a mask the message is what to paint there; without one the whole photo is redrawn toward the
message at the session's strength, or (``instruction=True``) the message is an InstructPix2Pix
instruction. Margins to outpaint (``left=256,top=128``) grow the canvas after that step and fill the new
border, or alone (``redraw=False``) keep every pixel of the photo. The session's controls and ``n`` apply
as in text turns. The Scene history is not touched: the next text turn edits the plan.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from agent.chat.session import ChatSession

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


def image_turn(session: ChatSession, text: str, image_path: Path, mask_path: Path | None,
               instruction: bool = False, outpaint: str | dict[str, int] | None = None,
               redraw: bool = True) -> dict[str, Any]:
    """Run an edit of the uploaded image into a new turn folder; returns the ``Turn`` fields (the session
    makes, appends and saves the turn).

    Args:
        session: the chat session (settings, executor, folder).
        text: the message: what to paint, or the instruction.
        image_path, mask_path: the saved upload and its mask (None: no strokes drawn).
        instruction: without a mask, run ``text`` as an InstructPix2Pix instruction ("make it winter").
        outpaint: margins to grow the canvas by after the edit (``"left=256"``), filled toward ``text``.
        redraw: without a mask or an instruction, redraw the photo toward ``text`` at the session's
            strength; False keeps the photo as it is (outpainting only).

    The session's ``n`` makes that many seeds (``image_1..N.png`` and ``grid.png``).
    """
    from agent.chat.runs import execute_turn, turn_fields
    from agent.compiler import CompileOptions
    from agent.compiler.images import build_edit_graph, make_image_edit

    st = session.state
    if not text.strip():
        raise ScenecraftError("say what to paint: the message is the prompt for the uploaded image")
    instruct = instruction and mask_path is None
    if not (redraw or instruct or mask_path is not None or outpaint):
        raise ScenecraftError("nothing to do: keeping the photo needs an outpaint margin (e.g. left=256) or a mask")
    strength = None if mask_path is not None or instruct or not redraw else (st.strength or DEFAULT_STRENGTH)
    edit = make_image_edit(session.executor.store, image_path, None if instruct else text, mask=mask_path,
                           strength=strength, instruction=text if instruct else None, outpaint=outpaint or None,
                           what=("upload", "mask"))
    options = CompileOptions(model=st.model, steps=st.steps, extra=session.controls())
    graph = build_edit_graph(edit, st.backend, options)
    run_dir = f"turn-{len(st.turns):03d}"
    t0 = time.perf_counter()
    fields = turn_fields(session, text, "image", run_dir, execute_turn(session, graph, run_dir), t0, graph)
    what = ("Inpainted the drawn mask" if mask_path is not None else "Followed the instruction" if instruct
            else f"Redrew the photo at strength {strength}" if strength is not None else "Kept the photo")
    grown = "".join(f", {k} +{v} px" for k, v in edit.outpaint.items())
    grown = f", then outpainted ({grown[2:]})" if grown else ""
    fields["reply"] = f"{what}{grown}. {fields['reply']}"
    return fields
