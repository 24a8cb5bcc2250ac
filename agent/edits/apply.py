"""Follow-up edits: ``apply_edit(scene, instruction) -> Scene`` changes a plan the way a chat turn asks.

Offline rules cover the common follow-ups: recolour ("make the cup green"), add ("add a third apple",
"add a dog left of the cat"), remove ("remove the cup"), move ("move the dog to the right", "put the
cat above the dog"), resize ("make the dog bigger"), counts ("make it five apples"), text ("change the
sign to CLOSED"), background and style. Each rule changes only what it names: other objects keep their
ids and boxes, so their graph nodes hit the executor's cache on the next run. An instruction no rule
understands goes to the LLM planner's ``edit`` when one is configured, else it is a clear
:class:`EditError`. Undo is the chat session's job, not a Scene edit.
"""

from __future__ import annotations

import re

from agent.edits.rules import RULES
from agent.edits.words import NUMBERS, EditError, plural
from agent.errors import ScenecraftError
from agent.scene import Scene

__all__ = ["EditError", "apply_edit", "describe_scene"]


def apply_edit(scene: Scene, instruction: str, *, llm: bool | None = None) -> Scene:
    """A new Scene with ``instruction`` applied; ``scene`` itself is never modified.

    ``llm``: None (default) asks ``get_planner("llm")`` only when the rules do not understand the
    instruction and that planner is installed, configured and offers ``edit``; False never asks; True
    requires it.
    """
    text = " ".join(instruction.strip().split())
    if not text:
        raise EditError("empty instruction: say what to change, e.g. 'make the cup green'")
    low = text.lower().rstrip(".!")
    if low in ("undo", "redo"):
        raise EditError(f"'{low}' is a chat session command, not a scene edit")
    for rule in RULES:
        out = rule(scene.model_copy(deep=True), text, low)
        if out is not None:
            return _finish(scene, out)
    if llm is not False:
        out = _llm_edit(scene, text, required=bool(llm))
        if out is not None:
            return _finish(scene, out)
    names = ", ".join(sorted(scene.counts())) or "none"
    raise EditError(f"cannot understand the edit '{text}' (objects: {names}); try e.g. 'make the X green', 'add a X', "
                    "'remove the X', 'move the X to the left', 'change the sign to OPEN', "
                    "'change the background to ...'")


def _llm_edit(scene: Scene, text: str, required: bool) -> Scene | None:
    """The hook to the LLM planner (another module): used only when it exists and can edit."""
    try:
        from agent.planners import get_planner

        planner = get_planner("llm")
    except (ScenecraftError, ImportError, TypeError) as exc:
        if required:
            raise EditError(f"the llm planner is not available for edits: {exc}") from None
        return None
    edit = getattr(planner, "edit", None)
    if edit is None:
        if required:
            raise EditError("the llm planner has no edit(scene, instruction)")
        return None
    try:
        out = edit(scene, text)
    except ScenecraftError:
        raise
    except Exception as exc:  # noqa: BLE001 - a network or model failure is the user's to see, not a traceback
        raise EditError(f"the llm planner could not edit the scene: {type(exc).__name__}: {exc}") from None
    return Scene.parse(out.model_dump(mode="json") if isinstance(out, Scene) else out)


def _finish(old: Scene, new: Scene) -> Scene:
    """Re-validate, and keep ``prompt`` describing the edited plan (backends read it as the global prompt)."""
    if not new.background and not old.background:
        m = re.search(r"\b(?:on|in|at|inside)\s+(?:a|an|the)\s+([a-z][a-z ]+)$", old.prompt.lower())
        new.background = m.group(0) if m else ""
    new.prompt = describe_scene(new)
    try:
        return Scene.parse(new.model_dump(mode="json"))
    except ScenecraftError as exc:
        raise EditError(f"the edit would make an invalid scene: {exc}") from None


def describe_scene(scene: Scene) -> str:
    """A one-line request that matches the plan: 'three red apples and a blue cup, ...'."""
    words = {v: k for k, v in NUMBERS.items() if k not in ("a", "an", "another", "a couple of")}
    groups: dict[tuple[str, str | None], int] = {}
    for o in scene.objects:
        groups[(o.name, o.color)] = groups.get((o.name, o.color), 0) + 1
    parts = []
    for (name, colour), n in groups.items():
        head = f"{colour} {name}" if colour else name
        parts.append(f"{'an' if head[0] in 'aeiou' else 'a'} {head}" if n == 1 else
                     f"{words.get(n, str(n))} {colour + ' ' if colour else ''}{plural(name)}")
    out = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + (parts[-1] if parts else "")
    out += "".join(f", with the text \"{t.content}\"" for t in scene.texts)
    if scene.background:
        out += f", {scene.background}"
    if scene.style:
        out += f", {scene.style} style"
    return out.strip(", ") or scene.prompt
