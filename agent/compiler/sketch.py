"""The embedded default backend: Scene -> pictogram sketch -> text glyphs.

``drawable_scene`` is the part of a Scene that the ``sketch.render`` node keys its cache on.
"""

from __future__ import annotations

from typing import Any

from agent.compiler.backends import CompileOptions, add_text_nodes, register_backend
from agent.graph import OutputRef, TaskGraph
from agent.scene import Scene, dumps_scene_dict
from agent.vocab.pictograms import setting_word


def text_carriers(scene: Scene) -> set[str]:
    """Ids of objects a text is written on: their text names them, so they get no name label on top."""
    return {t.on for t in scene.texts if t.on}


def drawable_scene(scene: Scene) -> dict[str, Any]:
    """The part of a Scene that changes pixels of the picture (objects, background, size).

    Texts, relations, the prompt and negatives are left out so that editing them does not change the
    sketch node's cache key: a follow-up "change the sign to CLOSED" re-runs only the text node.
    """
    data = dumps_scene_dict(scene)
    for key in ("texts", "relations", "negative"):
        data[key] = []
    # Without a planned background, the prompt's setting word ("beach", "kitchen") still picks the
    # backdrop; the rest of the prompt is left out of the key.
    data["background"] = scene.background or setting_word(scene.prompt)
    data["prompt"] = ""
    return data


@register_backend("sketch")
def build_sketch(scene: Scene, options: CompileOptions) -> TaskGraph:
    """The embedded default: pictogram sketch, then text glyphs."""
    graph = TaskGraph()
    graph.add("sketch", "sketch.render", scene=drawable_scene(scene), unlabelled=sorted(text_carriers(scene)))
    last = add_text_nodes(graph, scene, "sketch", carriers=True)
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph
