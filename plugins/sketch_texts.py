"""``sketch.place_texts``: texts moved with the anchored thing they are written on, as the sketch draws it.

The planner puts "HELLO WORLD" in the t-shirt's box; the sketch draws the worn t-shirt on the man's
torso. This node maps each text from its carrier's planned box onto the carrier's drawn box, so the
glyphs land on the shirt, and hands ``text.render`` the objects as drawn too, so a text finds its
carrier's flat area (and a carrier the page reader takes for ink is made paper, plugins.carrier_paper)
where the sketch painted it. Only the sketch backend adds it, and only when a text sits on an anchored
object; its params are the drawable scene and the texts, so a text edit re-runs it and ``text.render``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene, SceneObject, SceneText

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class SketchPlaceTexts(Plugin):
    """Move texts onto their carriers as ``sketch.render`` places them (worn, held, on a support)."""

    id = "sketch.place_texts"
    version = "0.2.0"  # 0.2: the objects as drawn go out too
    description = "Map each text's box from its carrier's planned box to the carrier's drawn box."

    class Input(PluginIO):
        scene: Scene
        texts: list[SceneText]

    class Output(PluginIO):
        texts: list[SceneText]
        objects: list[SceneObject] = Field(default_factory=list, description="the objects with their drawn boxes")

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from plugins.sketch import settled_texts

        scene = inp.scene.model_copy(update={"texts": inp.texts})
        return self.Output(texts=settled_texts(scene, scene.width, scene.height),
                           objects=drawn_objects(scene, scene.width, scene.height))


def drawn_objects(scene: Scene, width: int, height: int) -> list[SceneObject]:
    """The scene's objects with each drawn one's box where the sketch drew it (a worn shirt on the
    wearer's torso); objects the sketch does not draw as pictures keep their planned box."""
    from plugins.sketch import placed_objects

    drawn = {p.obj.id: p.box for p in placed_objects(scene, width, height)}
    out = []
    for o in scene.objects:
        b = drawn.get(o.id)
        if b is not None:
            box = (b[0] / width, b[1] / height, b[2] / width, b[3] / height)
            o = o.model_copy(update={"box": tuple(round(min(max(v, 0.0), 1.0), 4) for v in box)})
        out.append(o)
    return out
