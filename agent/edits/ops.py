"""The scene operations both edit engines share: the chat follow-up rules (:mod:`agent.edits.rules`) and the
critique loop's edit plans (:func:`agent.critique.edit_plan.apply_edits`) recolour, name, add and remove
objects through these, so a recoloured description or a removed object's leftovers read the same either way.
"""

from __future__ import annotations

import re

from agent.edits.place import place_new
from agent.layout.texts import place_texts
from agent.scene import Box, Scene, SceneObject, SceneText
from agent.vocab.pictograms import COLORS


def new_id(scene: Scene, name: str) -> str:
    """The first free ``<name>_<k>`` id (object and text ids share one namespace); odd characters become ``_``."""
    used = {o.id for o in scene.objects} | {t.id for t in scene.texts}
    base, k = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "object", 1
    while f"{base}_{k}" in used:
        k += 1
    return f"{base}_{k}"


def recolour_description(obj: SceneObject, colour: str) -> str:
    """``obj``'s description with its colour words ("light blue" included) replaced by ``colour``."""
    desc = re.sub(r"\b(?:(?:light|dark|bright|pale|deep)\s+)?(?:" + "|".join(COLORS) + r")\s+", "", obj.description)
    if re.search(rf"\b{re.escape(obj.name)}\b", desc):
        return re.sub(rf"\b{re.escape(obj.name)}\b", f"{colour} {obj.name}", desc, count=1)
    return f"a {colour} {obj.name}"


def drop_dangling(scene: Scene) -> None:
    """Remove relations and texts that name objects no longer in the scene; a thing anchored to a removed
    object (the hat of a removed cat) stays, no longer attached."""
    refs = {o.id for o in scene.objects} | {o.name for o in scene.objects}
    scene.relations[:] = [r for r in scene.relations if r.subject in refs and r.object in refs
                          and (r.object2 is None or r.object2 in refs)]
    ids = {o.id for o in scene.objects}
    scene.texts[:] = [t for t in scene.texts if t.on is None or t.on in ids]
    for o in scene.objects:
        if o.anchor is not None and o.anchor.target not in ids:
            o.anchor = None


def add_object(scene: Scene, name: str, description: str, colour: str | None = None,
               box: Box | None = None) -> SceneObject:
    """Append a new object; without a ``box`` it goes to a free spot sized for its name (nothing else moves).

    Args:
        scene: the Scene to change in place.
        name: the object's category name ("apple").
        description: what to draw ("a red apple").
        colour: its colour word, if any.
        box: where it goes; None places it with :func:`agent.edits.place.place_new`.
    """
    obj = SceneObject(id=new_id(scene, name), name=name, description=description, color=colour,
                      box=box if box is not None else place_new(scene, name))
    scene.objects.append(obj)
    return obj


def add_text(scene: Scene, content: str, on: SceneObject | None = None) -> SceneText:
    """Append a new text, boxed by the layout's own rule (:func:`agent.layout.texts.place_texts`: on the part of
    its object that carries writing, widened until it reads; else the free band at the top); the texts
    already in the scene keep their boxes."""
    text = SceneText(id=new_id(scene, "text"), content=content, box=(0.1, 0.04, 0.9, 0.18),
                     on=on.id if on is not None else None)
    probe = scene.model_copy(update={"texts": [text]}, deep=True)
    place_texts(probe)
    text.box = probe.texts[0].box
    scene.texts.append(text)
    return text
