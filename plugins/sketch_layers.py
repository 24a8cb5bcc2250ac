"""The ``sketch-layers`` backend: the sketch drawn as one graph node per object, so an edit re-runs only its object.

``sketch.render`` draws a whole Scene in one node, so recolouring one cup re-draws everything. Here the
background and each object's (cropped) layer are separate nodes: a layer node's params are only its
object and the canvas size, so after "make the cup green" the executor's cache serves the background
and every other object's layer; only the cup's layer, the handle-only stack steps after it, the one
compose and the text run again.
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
from agent.vocab.pictograms import background_hints
from plugins.sketch import (
    cleared_objects,
    draw_object,
    draw_setting_things,
    label_near_text,
    object_fades,
    pictogram_for,
    scene_lift,
    settled_texts,
    text_carriers,
)
from plugins.sketch_backdrops import background_colors, gradient, paint_backdrop, scene_setting, scene_setting_words
from plugins.sketch_clearance import calm_backdrop
from plugins.sketch_paper import lifted, veil
from plugins.sketch_texts import drawn_objects

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class SketchBackground(Plugin):
    """The themed background alone: sky/wall colour above a horizon, ground/floor colour below.

    Its params are the resolved colours, not the words, so rewording the prompt without changing the
    theme keeps this node (and every overlay after it) in the cache.
    """

    id = "sketch.background"
    version = "0.4.1"  # 0.2: the setting's features (sea, skyline, trees, floor) and the things it names; 0.3: the
    # features give way where a text keeps its own box (as sketch.render); 0.4: lifted toward white (lift);
    # 0.4.1: the setting value carries other settings' bands
    description = "Draw a two-tone gradient background (the sketch's sky and ground)."

    class Input(PluginIO):
        sky: tuple[int, int, int]
        ground: tuple[int, int, int]
        horizon: float = Field(ge=0.0, le=1.0)
        width: int = Field(ge=8, le=8192)
        height: int = Field(ge=8, le=8192)
        setting: str = Field(default="", description="setting family whose features are drawn (beach, city ...)")
        things: list[str] = Field(default_factory=list, description="pictures of the setting things the "
                                  "background names (palm trees), drawn small on the horizon")
        clear: list[tuple[float, float, float, float]] = Field(
            default_factory=list, description="pixel rects kept plain for texts that keep their own box")
        lift: float = Field(default=0.0, ge=0.0, le=1.0, description="how far the features and setting things go "
                            "toward white (sky and ground come lifted already; plugins.sketch_paper)")

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = paint_backdrop(inp.width, inp.height, (inp.sky, inp.ground, inp.horizon), inp.setting, inp.lift)
        before = img.copy()
        draw_setting_things(img, list(inp.things), inp.horizon)
        veil(img, before, inp.lift)
        calm_backdrop(img, gradient(inp.width, inp.height, inp.sky, inp.ground, inp.horizon), list(inp.clear))
        return self.Output(image=ctx.save_image(img))


class PlacedLayer(PluginIO):
    """A cropped layer and where its top-left corner goes on the canvas (handles, not pixels)."""

    image: ImageRef
    mask: MaskRef
    x: int
    y: int


@register
class SketchLayer(Plugin):
    """One object's pictogram, cropped to what it covers: colour in ``image``, coverage in ``mask``.

    Cropping keeps the stored layer small, so re-drawing one object costs little however big the canvas.
    """

    id = "sketch.layer"
    version = "0.4.5"  # 0.4: drawn where sketch.render's placement puts it (box_px, picture); 0.4.1-0.4.3: as
    # sketch.render's (things on a street keep their size; grass, water, sand are the backdrop; a pose said only
    # of parts is one person); 0.4.4: rugs, curtains, every raised arm; 0.4.5: faded as sketch.render fades it
    description = "Draw one Scene object as a cropped pictogram layer (RGB + mask + position)."

    class Input(PluginIO):
        object: SceneObject
        width: int = Field(ge=8, le=8192)
        height: int = Field(ge=8, le=8192)
        labels: bool = True
        picture: str | None = Field(default=None, description="emoji or @shape; None with box_px: the labelled box")
        box_px: tuple[float, float, float, float] | None = Field(default=None, description="settled box in pixels")
        fade: float = Field(default=0.0, ge=0.0, le=1.0, description="share of its opacity taken away "
                            "(plugins.sketch_reader)")

    class Output(PluginIO):
        layer: PlacedLayer

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from PIL import Image

        canvas = Image.new("RGBA", (inp.width, inp.height), (0, 0, 0, 0))
        draw_object(canvas, inp.object, inp.labels, pic=inp.picture, box=inp.box_px, fade=inp.fade)
        bbox = canvas.getchannel("A").getbbox() or (0, 0, 1, 1)
        crop = canvas.crop(bbox)
        return self.Output(layer=PlacedLayer(image=ctx.save_image(crop.convert("RGB")),
                                             mask=ctx.save_mask(crop.getchannel("A")), x=bbox[0], y=bbox[1]))


@register
class SketchStack(Plugin):
    """Append one layer to a painting-order list of layers (pure bookkeeping: no pixels are touched)."""

    id = "sketch.stack"
    version = "0.1.0"
    description = "Append a placed layer to a list of placed layers."

    class Input(PluginIO):
        layers: list[PlacedLayer] = Field(default_factory=list)
        layer: PlacedLayer

    class Output(PluginIO):
        layers: list[PlacedLayer]

    def run(self, inp: Input, ctx: RunContext) -> Output:
        return self.Output(layers=[*inp.layers, inp.layer])


@register
class SketchCompose(Plugin):
    """Paint layers, in list order, over an image through their masks (grey levels are alpha)."""

    id = "sketch.compose"
    version = "0.1.0"
    description = "Composite placed layers over a base image."

    class Input(PluginIO):
        image: ImageRef
        layers: list[PlacedLayer]

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        base = ctx.load_image(inp.image)
        for i, placed in enumerate(inp.layers):
            layer, mask = ctx.load_image(placed.image), ctx.load_image(placed.mask)
            if layer.size != mask.size:
                raise ValueError(f"layers[{i}]: image size {layer.size} differs from mask size {mask.size}")
            base.paste(layer, (placed.x, placed.y), mask)
        return self.Output(image=ctx.save_image(base))


def node_suffix(object_id: str, taken: set[str]) -> str:
    """A graph-safe, unique node suffix from an object id (ids may hold any characters)."""
    base = re.sub(r"[^A-Za-z0-9_.\-]", "_", object_id)[:100] or "object"
    name, k = base, 2
    while name in taken:
        name, k = f"{base}-{k}", k + 1
    taken.add(name)
    return name


def add_style_node(graph: TaskGraph, scene: Scene, image_node: str) -> str:
    """A ``sketch.style`` preview after ``image_node`` when the Scene names a style it can show."""
    if not scene.style.strip():
        return image_node
    graph.add("style", "sketch.style", style=scene.style, links={"image": (image_node, "image")})
    return "style"


@register_backend("sketch-layers")
def build_sketch_layers(scene: Scene, options: CompileOptions) -> TaskGraph:
    """background, one ``layer_<id>`` per object, a ``stack_<id>`` chain in painting order, compose, text.

    Node ids come from object ids, so an object keeps its nodes (and their cache entries) across edits;
    the stack chain only passes handles, so an edit costs one small layer plus one compose.
    """
    graph = TaskGraph()
    words = scene_setting_words(scene)
    sky, ground, horizon = background_colors(words)
    placed, zones, _ = cleared_objects(scene, scene.width, scene.height)
    carriers = text_carriers(scene)  # no label on a text's carrier or next to a text (as sketch.render)
    staying = [t for t in scene.texts if t.region is not None or not t.on]  # the texts sketch.render is given
    lift = scene_lift(scene.model_copy(update={"texts": staying}), scene.width, scene.height, True,
                      frozenset(carriers))
    fades = object_fades(scene.model_copy(update={"texts": staying}), scene.width, scene.height, True,
                         frozenset(carriers), lift)
    graph.add("background", "sketch.background", sky=list(lifted(sky, lift)), ground=list(lifted(ground, lift)),
              horizon=horizon, width=scene.width, height=scene.height, setting=scene_setting(scene),
              things=[p for h in background_hints(scene.background) if (p := pictogram_for(h))],
              clear=[[round(v, 2) for v in z] for z in zones], **({"lift": lift} if lift else {}))
    last, stack, taken = "background", None, set()
    # Same placement and painting order as sketch.render.
    for p in placed:
        obj = p.obj
        suffix = node_suffix(obj.id, taken)
        graph.add(f"layer_{suffix}", "sketch.layer", object=obj.model_dump(mode="json", exclude_none=True),
                  width=scene.width, height=scene.height, picture=p.pic,
                  labels=obj.id not in carriers and not label_near_text(p.box, scene.texts, scene.width, scene.height),
                  box_px=[round(v, 2) for v in p.box], **({"fade": fades[obj.id]} if obj.id in fades else {}))
        links = {"layer": (f"layer_{suffix}", "layer")}
        if stack is not None:
            links["layers"] = (stack, "layers")
        graph.add(f"stack_{suffix}", "sketch.stack", links=links)
        stack = f"stack_{suffix}"
    if stack is not None:
        graph.add("compose", "sketch.compose", links={"image": ("background", "image"), "layers": (stack, "layers")})
        last = "compose"
    last = add_style_node(graph, scene, last)
    seen = {"texts": settled_texts(scene, scene.width, scene.height)}
    anchored = {o.id for o in scene.objects if o.anchor is not None}
    if any(t.on in anchored for t in scene.texts):  # as sketch.place_texts: the objects where they are drawn
        seen["objects"] = drawn_objects(scene, scene.width, scene.height)
    last = add_text_nodes(graph, scene.model_copy(update=seen), last,
                          carriers=True)  # as the sketch backend: plates and bands know the objects
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph
