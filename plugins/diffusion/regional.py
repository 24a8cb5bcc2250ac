"""``layout.regional``: training-free layout by restricting each object phrase's attention to its box.

The prompt lists every object's phrase ("a red apple, a blue cup, a wooden table"); during denoising the
regional processor (``regional_attention.py``) lets a phrase's tokens be attended only from inside that
object's box, with a small boost there. Works with any SD-family UNet (SD 1.x/2.x, SD-Turbo, SDXL, a GLIGEN
UNet) at any step count. With ``record_maps`` the output reports how much of the phrases' attention fell
outside their boxes (0.0 when restricted; the check that the processor does what it says).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pydantic import Field

from agent.artifacts import ImageRef
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
    seed_of,
    steps_and_guidance,
)

if TYPE_CHECKING:
    from agent.context import RunContext
    from plugins.diffusion.regional_attention import RegionState

log = logging.getLogger("scenecraft.regional")


def regional_prompt(scene: Scene) -> str:
    """Every object's phrase in order, then background and style: each phrase appears once per instance."""
    parts = [object_phrase(o) for o in scene.objects] + [p for p in (scene.background, scene.style) if p]
    return ", ".join(parts) or scene.prompt or "a photo"


def outside_mass(state: RegionState) -> float:
    """Largest share of a restricted phrase's attention that landed outside its box, over all layers/steps."""
    worst = 0.0
    for maps in state.maps.values():
        for m in maps:  # (seq_len, n_tokens)
            inside = state.inside(m.shape[0], m.device)
            for i, r in enumerate(state.regions):
                toks = [t for t in r.tokens if t < m.shape[1]]
                if not toks:
                    continue
                mass = m[:, toks].sum()
                out = m[~inside[i]][:, toks].sum()
                worst = max(worst, float(out / mass.clamp_min(1e-12)))
    return worst


@register
class RegionalLayout(Plugin):
    """Generate a Scene with each object phrase's cross-attention kept inside its box."""

    id = "layout.regional"
    version = "0.1.0"
    description = "Text-to-image with per-object regional cross-attention (SD-family UNets, any step count)."

    class Input(SizedInput):
        scene: Scene
        prompt: str | None = Field(default=None, description="None: the objects' phrases, background, style")
        boost: float = Field(default=1.0, ge=0.0, le=10.0, description="score added inside a phrase's box")
        record_maps: bool = Field(default=False, description="measure attention outside the boxes (slower)")

    class Output(PluginIO):
        image: ImageRef
        outside_mass: float | None = None

    def model_ids(self, inp: Input) -> list[str]:
        return model_ids_of(resolve_profile(inp))

    def run(self, inp: Input, ctx: RunContext) -> Output:
        image, state = self.generate(inp, ctx)
        return self.Output(image=ctx.save_image(image), outside_mass=outside_mass(state) if inp.record_maps else None)

    def generate(self, inp: Input, ctx: RunContext, restrict: bool = True) -> tuple[Any, RegionState]:
        """The image and the state (with per-layer maps when ``record_maps``); ``restrict=False`` only observes."""
        from plugins.diffusion.regional_attention import (
            Region,
            RegionState,
            phrase_tokens,
            regional_attention,
        )

        prof = resolve_profile(inp)
        steps, guidance = steps_and_guidance(inp, prof)
        width, height = inp.width or inp.scene.width, inp.height or inp.scene.height
        pipe = get_pipeline(ctx, prof, "text2image")
        prompt = inp.prompt or regional_prompt(inp.scene)
        phrases = [object_phrase(o) for o in inp.scene.objects]
        tokens = phrase_tokens(pipe.tokenizer, prompt, phrases)
        for phrase, toks in zip(phrases, tokens, strict=True):
            if not toks:
                log.warning("phrase %r is not in the (truncated) prompt; it is not restricted", phrase)
        regions = [Region(t, o.box) for t, o in zip(tokens, inp.scene.objects, strict=True) if t]
        factor = pipe.vae_scale_factor
        state = RegionState(regions, (height // factor, width // factor), boost=inp.boost, cfg=guidance > 1.0,
                            restrict=restrict, record=inp.record_maps)

        def kwargs_for(batch: list[int]) -> dict:
            return {"prompt": prompt, "negative_prompt": scene_negative(inp.scene, inp.negative_prompt),
                        "num_inference_steps": steps, "guidance_scale": guidance, "width": width, "height": height,
                        "generator": generators(batch)}

        # The UNet is shared: patch it inside the call, which holds the pool's per-base lock.
        return call_pipe(ctx, pipe, [seed_of(inp, ctx)], kwargs_for, inp.scheduler, steps,
                         around=lambda: regional_attention(pipe.unet, state))[0], state
