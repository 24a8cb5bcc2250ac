"""A deliberately small stand-in for ``agent.edits.apply_edit`` (the chat's offline edit rules).

:meth:`agent.api.Agent.edit` uses ``agent.edits.apply_edit(scene, instruction) -> Scene`` when that
module exists; until it lands this covers the common follow-ups so the API works end to end:
recolour ("make the cup green"), add ("add a third apple", "add two dogs"), remove ("remove the cup"),
move ("move the dog to the right") and retext ("change the sign to CLOSED"). Anything else is a
:class:`ScenecraftError`, never a guess.
"""

from __future__ import annotations

import re

from agent.errors import ScenecraftError
from agent.scene import Scene, SceneObject

_COLORS = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray", "grey", "cyan", "gold", "silver", "beige", "navy", "teal", "magenta", "turquoise", "violet", "maroon", "olive", "lime", "tan", "cream", "indigo", "crimson"]
_NUMBERS = {"a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "second": 1, "third": 1, "fourth": 1, "fifth": 1}
_SHIFT = {"left": (-0.2, 0.0), "right": (0.2, 0.0), "up": (0.0, -0.2), "down": (0.0, 0.2)}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _targets(scene: Scene, noun: str) -> list[SceneObject]:
    noun = noun.strip().lower()
    found = scene.objects_named(noun) or scene.objects_named(_singular(noun))
    if not found:
        names = ", ".join(sorted({o.name for o in scene.objects})) or "none"
        raise ScenecraftError(f"edit names '{noun}' but the scene has no such object (objects: {names})")
    return found


def apply_edit(scene: Scene, instruction: str) -> Scene:
    """Return a new Scene with ``instruction`` applied; ``scene`` itself is not changed."""
    text = instruction.strip().rstrip(".!").strip()
    low = text.lower()
    out = scene.model_copy(deep=True)

    m = re.fullmatch(r"(?:make|color|colour|paint|turn) (?:the |all )?(.+?) (" + "|".join(_COLORS) + r")", low)
    if m:
        for obj in _targets(out, m.group(1)):
            i = out.objects.index(obj)
            desc = re.sub(r"\b(" + "|".join(_COLORS) + r")\b ?", "", obj.description).strip()
            desc = re.sub(r"^(an?) ", rf"\1 {m.group(2)} ", desc) if desc else f"a {m.group(2)} {obj.name}"
            out.objects[i] = obj.model_copy(update={"color": m.group(2), "description": desc})
        return Scene.parse(out.model_dump())

    m = re.fullmatch(r"change (?:the )?(?:sign|text|writing|words?)(?: on the \w+)? (?:to|into) ['\"“]?(.+?)['\"”]?", text,
                     flags=re.IGNORECASE)
    if m:
        if not out.texts:
            raise ScenecraftError("edit changes a text but the scene has none")
        out.texts[0] = out.texts[0].model_copy(update={"content": m.group(1)})
        return Scene.parse(out.model_dump())

    m = re.fullmatch(r"add (a second|a third|a fourth|a fifth|another|an|a|one|two|three|four|five) (.+)", low)
    if m:
        count = _NUMBERS[m.group(1).split()[-1]]
        noun = m.group(2).strip()
        color = next((c for c in _COLORS if re.search(rf"\b{c}\b", noun)), None)
        name = _singular(re.sub(r"\b(" + "|".join(_COLORS) + r")\b ?", "", noun).strip()) if count > 1 else \
            re.sub(r"\b(" + "|".join(_COLORS) + r")\b ?", "", noun).strip()
        like = out.objects_named(name)
        color = color or (like[0].color if like else None)
        ids = {o.id for o in out.objects} | {t.id for t in out.texts}
        for _ in range(count):
            k = 1
            while f"{name.replace(' ', '_')}_{k}" in ids:
                k += 1
            new_id = f"{name.replace(' ', '_')}_{k}"
            ids.add(new_id)
            out.objects.append(SceneObject(id=new_id, name=name, color=color, box=(0.4, 0.4, 0.6, 0.6),
                                           description=f"a {color + ' ' if color else ''}{name}"))
        from agent.layout import solve_layout

        return Scene.parse(solve_layout(out).model_dump())

    m = re.fullmatch(r"(?:remove|delete) (?:the |all )?(.+)", low)
    if m:
        gone = {o.id for o in _targets(out, m.group(1))}
        names_left = {o.name for o in out.objects if o.id not in gone} | {o.id for o in out.objects if o.id not in gone}
        out.objects = [o for o in out.objects if o.id not in gone]
        out.relations = [r for r in out.relations if {r.subject, r.object, r.object2} - {None} <= names_left]
        out.texts = [t for t in out.texts if t.on is None or t.on not in gone]
        return Scene.parse(out.model_dump())

    m = re.fullmatch(r"move (?:the )?(.+?) (?:to the |to |)(left|right|up|down)(?: side)?", low)
    if m:
        dx, dy = _SHIFT[m.group(2)]
        for obj in _targets(out, m.group(1)):
            x0, y0, x1, y1 = obj.box
            sx = min(max(dx, -x0), 1 - x1)
            sy = min(max(dy, -y0), 1 - y1)
            i = out.objects.index(obj)
            out.objects[i] = obj.model_copy(update={"box": (x0 + sx, y0 + sy, x1 + sx, y1 + sy)})
        return Scene.parse(out.model_dump())

    raise ScenecraftError(f"cannot apply '{instruction}' offline (try: make the X red, add a X, remove the X, "
                          "move the X to the left, change the sign to WORD)")
