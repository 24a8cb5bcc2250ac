"""Scene -> TaskGraph, per backend: the backend registry, ``compile_scene`` and the shared text nodes.

Backends register a builder under a name; the builder returns a graph whose ``outputs`` name the
final image(s). Modules of optional backends are imported only when their name is asked for, so the
default sketch path never imports torch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.errors import ScenecraftError
from agent.graph import TaskGraph
from agent.scene import LETTERING, Scene


@dataclass
class CompileOptions:
    """What the user chose beyond the Scene: model, steps, and backend-specific extras."""

    model: str | None = None
    steps: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[Scene, CompileOptions], TaskGraph]
_BUILDERS: dict[str, Builder] = {}
# Backends that live in optional modules: name -> module that registers it on import.
LAZY_BACKENDS: dict[str, str] = {
    "sketch": "agent.compiler.sketch",
    **{name: "agent.compiler.diffusion" for name in ("sd-turbo", "sdxl-turbo", "sana-sprint", "gligen")},
    # The per-object sketch lives with its plugins (so a chat edit re-runs only the changed layer).
    "sketch-layers": "plugins.sketch_layers",
}


def register_backend(name: str) -> Callable[[Builder], Builder]:
    def deco(fn: Builder) -> Builder:
        if name in _BUILDERS and _BUILDERS[name] is not fn:
            raise ScenecraftError(f"duplicate backend '{name}'")
        _BUILDERS[name] = fn
        return fn

    return deco


def backend_names() -> list[str]:
    return sorted(set(_BUILDERS) | set(LAZY_BACKENDS))


def compile_scene(scene: Scene, backend: str = "sketch", options: CompileOptions | None = None) -> TaskGraph:
    """Build the TaskGraph that renders ``scene`` with ``backend``."""
    if backend not in _BUILDERS and backend in LAZY_BACKENDS:
        importlib.import_module(LAZY_BACKENDS[backend])
    if backend not in _BUILDERS:
        raise ScenecraftError(f"unknown backend '{backend}' (choose from: {', '.join(backend_names())})")
    return _BUILDERS[backend](scene, options or CompileOptions())


def lettering_ids(scene: Scene) -> set[str]:
    """Ids of objects that are lettering carrying a text ("the word 'BEE'" -> word_1, attribute "lettering",
    with the text on it; a mail "letter" with writing on it is a thing and is drawn).

    Their text is all there is to draw: renderers leave the object itself out (no box, no region prompt)
    and draw the glyphs in its box, where the layout put it among the other things.
    """
    carried = {t.on for t in scene.texts if t.on}
    return {o.id for o in scene.objects if o.id in carried and LETTERING in o.attributes}


def without_lettering(data: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    """A Scene dict without the objects ``ids`` and the relations that name them (by id, or by a name
    only they have)."""
    if not ids:
        return data
    keep = [o for o in data["objects"] if o["id"] not in ids]
    names = {o["name"] for o in keep} | {o["id"] for o in keep}
    rels = [r for r in data["relations"]
            if all(r.get(f) is None or r[f] in names for f in ("subject", "object", "object2"))]
    return {**data, "objects": keep, "relations": rels}


def add_text_nodes(graph: TaskGraph, scene: Scene, image_node: str, harmonize_model: str | None = None,
                   prompt: str = "", carriers: bool = False) -> str:
    """Append glyph rendering after ``image_node`` when the Scene has texts; returns the last node id.

    With ``carriers`` (the sketch backend, which draws objects where their boxes say) the objects go to
    ``text.render`` too: a text written on one goes on its largest flat area, and a text's plate widens
    into a band across the objects under it.

    With ``harmonize_model`` (a diffusion backend's inpainting model) a ``text.harmonize`` node follows,
    blending the glyphs into the image and keeping the plain overlay when OCR says the blend hurt them.

    Args:
        graph: the graph to extend.
        scene: the Scene whose texts to draw.
        image_node: the node whose image the texts go on.
        harmonize_model: a diffusion model to blend the glyphs in with (None: plain overlay).
        prompt: the picture's prompt, for the harmonizer.
    """
    if not scene.texts:
        return image_node
    extra: dict[str, Any] = {}
    if carriers:  # lettering objects are not drawn: their text goes in its own box, not on a flat area
        letters = lettering_ids(scene)
        extra["objects"] = [o.model_dump(mode="json", exclude_none=True) for o in scene.objects if o.id not in letters]
    graph.add("text", "text.render", links={"image": (image_node, "image")},
              texts=[t.model_dump(mode="json", exclude_none=True) for t in scene.texts], **extra)
    if harmonize_model is None:
        return "text"
    graph.add("text_blend", "text.harmonize", model=harmonize_model, prompt=prompt or scene.prompt,
              links={"image": ("text", "image"), "mask": ("text", "mask"), "texts": ("text", "texts")})
    return "text_blend"
