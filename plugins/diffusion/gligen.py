"""``layout.gligen``: boxes as a trained conditioning signal, through diffusers' GLIGEN pipeline.

GLIGEN adds gated self-attention layers that read (phrase, box) pairs; it exists for SD 1.4 only, so it
needs a GLIGEN checkpoint (the ``gligen`` profile). ``StableDiffusionGLIGENPipeline`` sits in diffusers'
deprecated pipelines (no fixes after 0.33.1) and is pinned working in 0.42.1; it takes no ``timesteps=``,
so the scheduler's trailing spacing sets the schedule. ``gligen_scheduled_sampling_beta`` is the share
of steps that use the boxes (the rest refine freely).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.errors import ValidationError
from agent.models.profiles import check_combination
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene
from plugins.diffusion.common import (
    SizedInput,
    call_pipe,
    generators,
    get_pipeline,
    model_ids_of,
    object_phrase,
    resolve_profile,
    scene_negative,
    scene_prompt,
    seed_of,
    steps_and_guidance,
)

if TYPE_CHECKING:
    from agent.context import RunContext

MAX_BOXES = 30  # GLIGEN's position net was trained with at most 30 grounding tokens


@register
class GligenLayout(Plugin):
    """Generate a Scene with GLIGEN: each object's phrase grounded in its box."""

    id = "layout.gligen"
    version = "0.1.0"
    description = "Box-grounded text-to-image with a GLIGEN checkpoint."

    class Input(SizedInput):
        model: str = Field(default="gligen", min_length=1)
        scene: Scene
        prompt: str | None = Field(default=None, description="None: built from the Scene")
        gligen_scheduled_sampling_beta: float = Field(default=0.3, ge=0.0, le=1.0)

    class Output(PluginIO):
        image: ImageRef

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp, "gligen"))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        prof = resolve_profile(inp, "gligen")
        check_combination(prof, "gligen")  # before any other complaint: the model is the bigger mistake
        objects = inp.scene.objects
        if len(objects) > MAX_BOXES:
            raise ValueError(f"GLIGEN takes at most {MAX_BOXES} boxes; the scene has {len(objects)} objects")
        steps, guidance = steps_and_guidance(inp, prof)
        beta = inp.gligen_scheduled_sampling_beta
        if beta > 0 and int(beta * steps) < 1:
            raise ValidationError(f"{beta} x {steps} steps grounds no step in its box; "
                                  f"raise it to >= {1 / steps:.2f} or use more steps",
                                  where="gligen_scheduled_sampling_beta")
        pipe = get_pipeline(ctx, prof, "gligen")
        kwargs = {"prompt": inp.prompt or scene_prompt(inp.scene),
                      "negative_prompt": scene_negative(inp.scene, inp.negative_prompt),
                      "gligen_phrases": [object_phrase(o) for o in objects],
                      "gligen_boxes": [list(o.box) for o in objects],
                      "gligen_scheduled_sampling_beta": inp.gligen_scheduled_sampling_beta,
                      "num_inference_steps": steps, "guidance_scale": guidance,
                      "width": inp.width or inp.scene.width, "height": inp.height or inp.scene.height}

        out = call_pipe(ctx, pipe, [seed_of(inp, ctx)], lambda batch: {**kwargs, "generator": generators(batch)},
                        inp.scheduler, steps)[0]
        return self.Output(image=ctx.save_image(out))
