"""``sketch.place_texts``: texts moved with the anchored thing they are written on, as the sketch draws it.

The planner puts "HELLO WORLD" in the t-shirt's box; the sketch draws the worn t-shirt on the man's
torso. This node maps each text from its carrier's planned box onto the carrier's drawn box, so the
glyphs land on the shirt. Only the sketch backend adds it, and only when a text sits on an anchored
object; its params are the drawable scene and the texts, so a text edit re-runs it and ``text.render``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene, SceneText

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class SketchPlaceTexts(Plugin):
    """Move texts onto their carriers as ``sketch.render`` places them (worn, held, on a support)."""

    id = "sketch.place_texts"
    version = "0.1.0"
    description = "Map each text's box from its carrier's planned box to the carrier's drawn box."

    class Input(PluginIO):
        scene: Scene
        texts: list[SceneText]

    class Output(PluginIO):
        texts: list[SceneText]

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from plugins.sketch import settled_texts

        scene = inp.scene.model_copy(update={"texts": inp.texts})
        return self.Output(texts=settled_texts(scene, scene.width, scene.height))
