"""The ``sketch-layers`` backend: the sketch drawn as one graph node per object, so edits stay cheap.

``sketch.render`` draws a whole Scene in one node, so recolouring one cup re-draws everything. Here the
background, each object's layer and the overlays are separate nodes: a layer node's params are only its
object (and the canvas size), so after "make the cup green" the executor's cache serves the background
and every other object's layer, and only the cup's layer, the overlays above it and the text re-run.
The picture matches ``sketch.render`` (same background, pictograms, order and labels; label edges may
differ by a few grey levels because layers are blended through a mask).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef, MaskRef
from agent.compiler import CompileOptions, add_text_nodes, register_backend
from agent.graph import OutputRef, TaskGraph
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene, SceneObject
from plugins.sketch import background_colors, draw_object

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class SketchBackground(Plugin):
    """The themed background alone: sky/wall colour above a horizon, ground/floor colour below.

    Its params are the resolved colours, not the words, so rewording the prompt without changing the
    theme keeps this node (and every overlay after it) in the cache.
    """

    id = "sketch.background"
    version = "0.1.0"
    description = "Draw a two-tone gradient background (the sketch's sky and ground)."

    class Input(PluginIO):
        sky: tuple[int, int, int]
        ground: tuple[int, int, int]
        horizon: float = Field(ge=0.0, le=1.0)
        width: int = Field(ge=8, le=8192)
        height: int = Field(ge=8, le=8192)

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        import numpy as np
        from PIL import Image

        # The same gradient as plugins.sketch.draw_background, from colours instead of words.
        y = np.linspace(0.0, 1.0, inp.height, dtype=np.float32)[:, None]
        top, bottom, horizon = np.array(inp.sky, np.float32), np.array(inp.ground, np.float32), inp.horizon
        sky_rows = top * (1.05 - 0.15 * (y / max(horizon, 1e-3)))
        ground_rows = bottom * (0.95 + 0.1 * ((y - horizon) / max(1 - horizon, 1e-3)))
        rows = np.where(y < horizon, sky_rows, ground_rows)
        arr = np.clip(np.repeat(rows[:, None, :], inp.width, axis=1), 0, 255).astype(np.uint8)
        return self.Output(image=ctx.save_image(Image.fromarray(arr, "RGB")))


@register
class SketchLayer(Plugin):
    """One object's pictogram on a transparent canvas: colour in ``image``, coverage in ``mask``."""

    id = "sketch.layer"
    version = "0.1.0"
    description = "Draw one Scene object as a pictogram layer (RGB + mask) for later overlay."

    class Input(PluginIO):
        object: SceneObject
        width: int = Field(ge=8, le=8192)
        height: int = Field(ge=8, le=8192)
        labels: bool = True

    class Output(PluginIO):
        image: ImageRef
        mask: MaskRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from PIL import Image

        canvas = Image.new("RGBA", (inp.width, inp.height), (0, 0, 0, 0))
        draw_object(canvas, inp.object, inp.labels)
        return self.Output(image=ctx.save_image(canvas.convert("RGB")), mask=ctx.save_mask(canvas.getchannel("A")))


@register
class SketchOverlay(Plugin):
    """Paste a layer over an image through its mask (the mask's grey levels are the layer's alpha)."""

    id = "sketch.overlay"
    version = "0.1.0"
    description = "Composite a layer image over a base image through a mask."

    class Input(PluginIO):
        image: ImageRef
        layer: ImageRef
        mask: ImageRef

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        base, layer, mask = ctx.load_image(inp.image), ctx.load_image(inp.layer), ctx.load_image(inp.mask)
        if base.size != layer.size or base.size != mask.size:
            raise ValueError(f"layer size {layer.size} or mask size {mask.size} differs from image size {base.size}")
        base.paste(layer, (0, 0), mask.convert("L"))
        return self.Output(image=ctx.save_image(base))


def node_suffix(object_id: str, taken: set[str]) -> str:
    """A graph-safe, unique node suffix from an object id (ids may hold any characters)."""
    base = re.sub(r"[^A-Za-z0-9_.\-]", "_", object_id)[:100] or "object"
    name, k = base, 2
    while name in taken:
        name, k = f"{base}-{k}", k + 1
    taken.add(name)
    return name


@register_backend("sketch-layers")
def build_sketch_layers(scene: Scene, options: CompileOptions) -> TaskGraph:
    """background -> overlay(largest object) -> ... -> overlay(smallest) -> text, one layer node per object.

    Node ids come from object ids, so an object keeps its nodes (and their cache entries) across edits.
    """
    graph = TaskGraph()
    sky, ground, horizon = background_colors(f"{scene.background} {scene.prompt if not scene.background else ''}")
    graph.add("background", "sketch.background", sky=list(sky), ground=list(ground), horizon=horizon,
              width=scene.width, height=scene.height)
    last, taken = "background", set()
    # Same painting order as sketch.render: largest first so small objects stay visible.
    for obj in sorted(scene.objects, key=lambda o: -(o.box[2] - o.box[0]) * (o.box[3] - o.box[1])):
        suffix = node_suffix(obj.id, taken)
        graph.add(f"layer_{suffix}", "sketch.layer", object=obj.model_dump(mode="json", exclude_none=True),
                  width=scene.width, height=scene.height)
        graph.add(f"over_{suffix}", "sketch.overlay", links={"image": (last, "image"), "layer": (f"layer_{suffix}", "image"),
                                                             "mask": (f"layer_{suffix}", "mask")})
        last = f"over_{suffix}"
    last = add_text_nodes(graph, scene, last)
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph
