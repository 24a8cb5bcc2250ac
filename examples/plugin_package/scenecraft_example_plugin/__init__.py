"""``example.posterize``: reduce each colour channel to a few levels (a poster look).

A complete third-party plugin: a namespaced id, a version, typed pydantic Input/Output, and ``run``.
It reads and writes pixels only through the context (``ctx.load_image`` / ``ctx.save_image``), so its
output is a handle the executor can cache. It is *not* decorated with ``@register``: the package's
entry point (see pyproject.toml) is how Scenecraft finds it.
"""

from __future__ import annotations

from pydantic import Field

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO


class Posterize(Plugin):
    """Quantise an image to ``levels`` values per channel."""

    id = "example.posterize"
    version = "0.1.0"
    description = "Reduce each colour channel to a few levels."

    class Input(PluginIO):
        image: ImageRef
        levels: int = Field(default=4, ge=2, le=256)

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx) -> Output:
        from PIL import ImageOps

        bits = max(1, (inp.levels - 1).bit_length())
        image = ImageOps.posterize(ctx.load_image(inp.image).convert("RGB"), bits)
        return self.Output(image=ctx.save_image(image))
