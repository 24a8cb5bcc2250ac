"""``mask.box``: a white-on-black mask of normalised boxes, the region an inpainting edit may change.

The critique loop uses it to turn "this object is wrong" into "repaint this box"; the mask is a
handle in the artifact store like any image, so inpainting nodes take it as their ``mask`` input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from agent.artifacts import MaskRef
from agent.registry import Plugin, PluginIO, register
from agent.scene import Box, check_box

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class BoxMask(Plugin):
    """Paint each box white (grown by ``grow`` of the canvas on every side) on a black canvas."""

    id = "mask.box"
    version = "0.1.0"
    description = "A mask covering the given normalised boxes."

    class Input(PluginIO):
        width: int = Field(ge=8, le=8192)
        height: int = Field(ge=8, le=8192)
        boxes: list[Box] = Field(min_length=1)
        grow: float = Field(default=0.02, ge=0.0, le=0.5)

        @field_validator("boxes")
        @classmethod
        def _boxes(cls, v: list[Box]) -> list[Box]:
            return [check_box(b) for b in v]

    class Output(PluginIO):
        mask: MaskRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from PIL import Image, ImageDraw

        img = Image.new("L", (inp.width, inp.height), 0)
        draw = ImageDraw.Draw(img)
        for x0, y0, x1, y1 in inp.boxes:
            g = inp.grow
            draw.rectangle(
                (
                    round(max(0.0, x0 - g) * inp.width),
                    round(max(0.0, y0 - g) * inp.height),
                    round(min(1.0, x1 + g) * inp.width) - 1,
                    round(min(1.0, y1 + g) * inp.height) - 1,
                ),
                fill=255,
            )
        return self.Output(mask=ctx.save_mask(img))
