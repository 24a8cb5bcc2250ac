"""Diffusion backends for the compiler: one per generating profile (``sd-turbo``, ``sdxl-turbo``, ...).

How the Scene's boxes reach the image (``layout``, from ``CompileOptions.extra["layout"]`` or the
profile): ``sketch`` draws the Scene and img2imgs it (works at 1-2 steps, the default for turbo models),
``regional`` restricts each phrase's cross-attention to its box (SD-family UNets, more steps help),
``gligen`` uses a GLIGEN checkpoint, ``none`` generates from the prompt alone. A Scene without objects
always uses one-step text-to-image. Texts are drawn afterwards by ``text.render``.

``steps`` (``--steps``) counts denoising steps actually run; for img2img paths the compiler converts it
to the schedule length (turbo at strength 0.5: ``--steps 1`` -> ``num_inference_steps=2``). Impossible
combinations (GLIGEN with an SDXL model, regional attention with SANA's transformer) fail here, before
anything is loaded.
"""

from __future__ import annotations

import re
from functools import partial

from agent.compiler.backends import (
    CompileOptions,
    add_text_nodes,
    lettering_ids,
    register_backend,
    without_lettering,
)
from agent.errors import ScenecraftError
from agent.graph import OutputRef, TaskGraph
from agent.models.profiles import GENERATION_PROFILES, check_combination, get_profile, schedule_length
from agent.scene import Scene, dumps_scene_dict

LAYOUTS = ("sketch", "regional", "gligen", "none")
_EXTRA_KEYS = {"layout", "strength", "guidance_scale", "negative_prompt", "scheduler", "loras"}


def image_scene(scene: Scene) -> Scene:
    """The Scene the image node sees: no texts, and their words out of the prompt; no lettering objects
    (a "word" carrying its text: no region asks the model to paint a word).

    Texts are drawn afterwards as real glyphs (diffusion models garble them), so editing a text must
    not change the image node's params: only ``text.render`` re-runs (the executor's cache keys on params).
    """
    letters = lettering_ids(scene)
    if letters:
        data = without_lettering(dumps_scene_dict(scene), letters)
        scene = scene.model_copy(update={"objects": [o for o in scene.objects if o.id not in letters],
                                         "relations": [r for r in scene.relations
                                                       if r.model_dump(mode="json") in data["relations"]]})
    prompt = scene.prompt
    for t in scene.texts:
        quoted = r"[\"'“‘]" + re.escape(t.content) + r"[\"'”’]"
        prompt = re.sub(quoted if re.search(quoted, prompt) else r"\b" + re.escape(t.content) + r"\b", " ", prompt)
    prompt = re.sub(r"\s+", " ", prompt).strip(" ,")
    return scene.model_copy(update={"texts": [], "prompt": prompt})


def build_diffusion(profile_name: str, scene: Scene, options: CompileOptions) -> TaskGraph:
    """Scene -> [layout-to-image or one-step node] -> [text.render] for one profile."""
    unknown = set(options.extra) - _EXTRA_KEYS
    if unknown:
        raise ScenecraftError(f"backend '{profile_name}' does not take option(s) {', '.join(sorted(unknown))}")
    prof = get_profile(profile_name, model=options.model)
    layout = options.extra.get("layout") or prof.layout
    if layout not in LAYOUTS:
        raise ScenecraftError(f"unknown layout '{layout}' (choose from: {', '.join(LAYOUTS)})")
    if not scene.objects:
        layout = "none"
    task = {"sketch": "image2image", "regional": "regional", "gligen": "gligen", "none": "text2image"}[layout]
    check_combination(prof, task)
    steps = options.steps or prof.steps
    common: dict = {"model": prof.model, "profile": prof.name, "width": scene.width, "height": scene.height}
    for key in ("guidance_scale", "negative_prompt", "scheduler", "loras"):
        if options.extra.get(key) not in (None, "", []):
            common[key] = options.extra[key]
    full_scene, scene = scene, image_scene(scene)
    graph = TaskGraph()
    if layout == "none":
        prompt = scene.prompt or ", ".join(o.description or o.name for o in scene.objects) or "a photo"
        if scene.negative:  # the Scene's "no X" joins the user's negative prompt
            common["negative_prompt"] = ", ".join([p for p in (common.get("negative_prompt"),) if p] + scene.negative)
        graph.add("generate", "generate.one_step", prompt=prompt, num_inference_steps=steps, **common)
    elif layout == "sketch":
        strength = float(options.extra.get("strength") or prof.strength)
        graph.add("generate", "layout.sketch_guided", scene=dumps_scene_dict(scene), strength=strength,
                  num_inference_steps=schedule_length(steps, strength), **common)
    elif layout == "regional":
        graph.add("generate", "layout.regional", scene=dumps_scene_dict(scene), num_inference_steps=steps, **common)
    else:
        graph.add("generate", "layout.gligen", scene=dumps_scene_dict(scene), num_inference_steps=steps, **common)
    last = add_text_nodes(graph, full_scene, "generate")
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph


for _name in GENERATION_PROFILES:
    register_backend(_name)(partial(build_diffusion, _name))
