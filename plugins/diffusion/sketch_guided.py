"""``layout.sketch_guided``: layout control that works at 1-2 steps.

Attention-based layout methods need many steps to steer; a one-step model has no time to be steered.
Instead, draw the Scene (each object as a pictogram in its box, coloured as asked, over a background
that matches its words) with the sketch renderer, then img2img it at a chosen strength: the model keeps
the sketch's placement and colours and redraws the look. Lower strength keeps the layout more faithfully.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene
from plugins.diffusion.common import (
    SizedInput,
    img2img_schedule,
    model_ids_of,
    resolve_profile,
    scene_negative,
    scene_prompt,
    seed_of,
)
from plugins.diffusion.img2img import img2img

if TYPE_CHECKING:
    from agent.context import RunContext


@register
class SketchGuided(Plugin):
    """Render the Scene as a sketch, then img2img it with a few-step model."""

    id = "layout.sketch_guided"
    version = "0.1.0"
    description = "Scene -> pictogram sketch -> img2img at a chosen strength (layout control at 1-2 steps)."

    class Input(SizedInput):
        scene: Scene
        prompt: str | None = Field(default=None, description="None: built from the Scene")
        strength: float | None = Field(default=None, gt=0.0, le=1.0, description="None: the profile's default")

    class Output(PluginIO):
        image: ImageRef
        sketch: ImageRef

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        from plugins.sketch import render_scene

        prof = resolve_profile(inp)
        steps, guidance, strength = img2img_schedule(inp, prof, inp.strength)
        width, height = inp.width or inp.scene.width, inp.height or inp.scene.height
        sketch = render_scene(inp.scene, width, height, labels=False, lift=0.0)  # the model redraws it: no lift
        out = img2img(ctx, prof, sketch, inp.prompt or scene_prompt(inp.scene),
                      scene_negative(inp.scene, inp.negative_prompt), strength, steps, guidance, seed_of(inp, ctx),
                      scheduler=inp.scheduler)
        return self.Output(image=ctx.save_image(out), sketch=ctx.save_image(sketch))
