"""The embedded default backend: Scene -> pictogram sketch -> style preview -> text glyphs.

``drawable_scene`` is the part of a Scene that the ``sketch.render`` node keys its cache on.
"""

from __future__ import annotations

from typing import Any

from agent.compiler.backends import CompileOptions, add_text_nodes, lettering_ids, register_backend, without_lettering
from agent.graph import OutputRef, TaskGraph
from agent.scene import Scene, dumps_scene_dict
from agent.vocab.pictograms import background_key, pile_phrases


def text_carriers(scene: Scene) -> set[str]:
    """Ids of objects a text is written on: their text names them, so they get no name label on top."""
    return {t.on for t in scene.texts if t.on}


def drawable_scene(scene: Scene) -> dict[str, Any]:
    """The part of a Scene that changes pixels of the picture (objects, background, size).

    Texts, the prompt (but its pile phrases: "a stack of books"), the style and negatives are left out so
    that editing them does not change the sketch node's cache key: a follow-up "change the sign to CLOSED"
    re-runs only the text node, "make it a watercolor" only the style node (texts that keep their own box
    go to the sketch node separately, see ``build_sketch``). Relations stay: the sketch
    stands things on their supports and puts what is behind behind. Lettering objects (a "word" carrying
    its text) are left out: the text node draws them.
    """
    data = without_lettering(dumps_scene_dict(scene), lettering_ids(scene))
    for key in ("texts", "negative"):
        data[key] = []
    # Only the setting word ("beach", "kitchen"; the prompt's when the plan has none) and the setting things
    # the background names ("palm trees") draw, so only they are in the key: rewording the background (a
    # chat edit restates it) keeps the sketch cached.
    data["background"] = background_key(scene.background, scene.prompt)
    data["prompt"] = pile_phrases(scene.prompt)  # "a stack of books" draws a stack; the rest draws nothing
    data["style"] = ""
    return data


@register_backend("sketch")
def build_sketch(scene: Scene, options: CompileOptions) -> TaskGraph:
    """The embedded default: pictogram sketch, a ``sketch.style`` preview when the Scene names a style
    (its own node, so a chat style edit re-runs it and the picture changes), then text glyphs. Texts on
    anchored things (a slogan on a worn shirt) go through ``sketch.place_texts``, which moves them with
    their carrier as the sketch draws it."""
    graph = TaskGraph()
    # Texts that keep their planned box (an image position, or no carrier) are the sketch's business too: it
    # keeps pictures and backdrop clutter out of their way. Texts on a carrier stay out of its cache key.
    staying = [t.model_dump(mode="json", exclude_none=True) for t in scene.texts if t.region is not None or not t.on]
    graph.add("sketch", "sketch.render", scene=drawable_scene(scene), unlabelled=sorted(text_carriers(scene)),
              **({"texts": staying} if staying else {}))
    last = "sketch"
    if scene.style.strip():
        graph.add("style", "sketch.style", style=scene.style, links={"image": ("sketch", "image")})
        last = "style"
    anchored = {o.id for o in scene.objects if o.anchor is not None}
    if any(t.on in anchored for t in scene.texts):
        texts = [t.model_dump(mode="json", exclude_none=True) for t in scene.texts]
        graph.add("text_place", "sketch.place_texts", scene=drawable_scene(scene), texts=texts)
        graph.add("text", "text.render", links={"image": (last, "image"), "texts": ("text_place", "texts"),
                                                "objects": ("text_place", "objects")})
        last = "text"
    else:
        last = add_text_nodes(graph, scene, last, carriers=True)  # texts go on their carrier's flat area
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph
