"""A user's own image as a graph node, and the canvas padding that turns inpainting into outpainting.

- ``input.image``: the source of every edit graph. Its param is the image's handle in the
  content-addressed store (the CLI/API put the file's pixels there, see ``agent/util/images.py``), so the
  graph in a PNG's provenance names the exact pixels it started from and ``run --from`` reproduces the
  result as long as the store holds them. ``name`` (the file's name) is kept for people reading the graph.
- ``image.pad``: grow the canvas by ``left/top/right/bottom`` pixels, fill the new margin from the
  nearest edge pixels and output a mask that is white exactly on the margin. An ``edit.inpaint`` node
  fed with both redraws the margin and pastes the original pixels back unchanged: outpainting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from agent.artifacts import ImageRef, MaskRef
from agent.errors import ScenecraftError
from agent.registry import Plugin, PluginIO, register

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext

MAX_SIDE = 8192


@register
class InputImage(Plugin):
    """A user's image (or mask), already in the artifact store, as the start of a graph."""

    id = "input.image"
    version = "0.1.0"
    description = "A user's image from the content-addressed store (the source node of edit graphs)."

    class Input(PluginIO):
        image: ImageRef
        name: str = Field(default="", max_length=255, description="the file it was read from (for people)")

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        if not ctx.store.has(inp.image):
            label = f"'{inp.name}' " if inp.name else ""
            raise ScenecraftError(f"input image {label}({inp.image.sha256[:12]}) is not in the artifact store "
                                  f"{ctx.store.root}: give the file again (--image/--mask) to store it")
        return self.Output(image=inp.image)


def pad_image(image: Image.Image, left: int, top: int, right: int, bottom: int) -> tuple[Image.Image, Image.Image]:
    """(padded RGB image with edge-replicated margins, L mask white on the margin only).

    Args:
        image: the picture (converted to RGB).
        left, top, right, bottom: the margins in pixels (0: none on that side).

    The edge-replicated margin gives an inpainting model colours to continue instead of a flat fill.
    """
    import numpy as np
    from PIL import Image

    arr = np.asarray(image.convert("RGB"))
    padded = np.pad(arr, ((top, bottom), (left, right), (0, 0)), mode="edge")
    mask = np.full(padded.shape[:2], 255, dtype=np.uint8)
    mask[top:top + arr.shape[0], left:left + arr.shape[1]] = 0
    return Image.fromarray(padded), Image.fromarray(mask, mode="L")


@register
class PadImage(Plugin):
    """Grow the canvas; the mask marks the new margin (what an inpainting node should fill)."""

    id = "image.pad"
    version = "0.1.0"
    description = "Pad an image by pixels on each side; outputs the padded image and a mask of the margin."

    class Input(PluginIO):
        image: ImageRef
        left: int = Field(default=0, ge=0, le=MAX_SIDE)
        top: int = Field(default=0, ge=0, le=MAX_SIDE)
        right: int = Field(default=0, ge=0, le=MAX_SIDE)
        bottom: int = Field(default=0, ge=0, le=MAX_SIDE)

        @model_validator(mode="after")
        def _some_margin(self) -> PadImage.Input:
            if not (self.left or self.top or self.right or self.bottom):
                raise ValueError("give at least one of left, top, right, bottom > 0")
            return self

    class Output(PluginIO):
        image: ImageRef
        mask: MaskRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        w = inp.image.width + inp.left + inp.right
        h = inp.image.height + inp.top + inp.bottom
        if max(w, h) > MAX_SIDE:
            raise ScenecraftError(f"the padded image would be {w}x{h}; the limit is {MAX_SIDE} a side")
        padded, mask = pad_image(ctx.load_image(inp.image), inp.left, inp.top, inp.right, inp.bottom)
        return self.Output(image=ctx.save_image(padded), mask=ctx.save_mask(mask))  # type: ignore[arg-type]
