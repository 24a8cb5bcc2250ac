"""Settings that will have no effect in a graph, said before it runs (one line each).

A negative prompt only acts through classifier-free guidance, which diffusers runs when
``guidance_scale > 1``: the turbo profiles run at guidance 0, so a negative prompt there (from
``--negative-prompt`` or from "no X" in the request) changes nothing. SANA-Sprint takes no negative
prompt at all. A strength on a pure text-to-image node has nothing to act on.
"""

from __future__ import annotations

from typing import Any

from agent.graph import TaskGraph
from agent.models.profiles import PROFILES, detect_family

_NEGATIVE_PLUGINS = {"generate.one_step", "layout.sketch_guided", "layout.regional", "layout.gligen",
                     "edit.img2img", "edit.inpaint", "edit.instruct"}


def _negative(params: dict[str, Any]) -> str | None:
    scene = params.get("scene") or {}
    parts = [params.get("negative_prompt"), *(scene.get("negative") or [])]
    return ", ".join(p for p in parts if p) or None


def _guidance_and_family(params: dict[str, Any]) -> tuple[float, str]:
    prof = PROFILES.get(params.get("model", "")) or PROFILES.get(params.get("profile") or "sd-turbo")
    family = detect_family(str(params.get("model", "")), prof.family if prof else None) or "sd"
    guidance = params.get("guidance_scale")
    return (float(guidance) if guidance is not None else (prof.guidance_scale if prof else 7.5)), family


def ineffective_settings(graph: TaskGraph) -> list[str]:
    """One line per setting that will not change the picture (deduplicated, in node order)."""
    notes: list[str] = []
    for node in graph.nodes:
        if node.plugin not in _NEGATIVE_PLUGINS:
            continue
        negative = _negative(node.params)
        if not negative:
            continue
        guidance, family = _guidance_and_family(node.params)
        profile = node.params.get("profile") or node.params.get("model")
        if family == "sana":
            notes.append(f"the negative prompt '{negative}' has no effect: SANA-Sprint takes none")
        elif guidance <= 1.0 and node.plugin != "edit.instruct":
            notes.append(f"the negative prompt '{negative}' has no effect at guidance {guidance:g} ({profile}'s "
                         f"default); pass --guidance 2 or more to use it (slower, and turbo models were "
                         f"distilled for 0)")
    return list(dict.fromkeys(notes))
