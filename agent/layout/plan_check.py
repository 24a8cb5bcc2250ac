"""Checks a Scene's boxes against its own relations and against the counts the request asked for.

Used twice: the LLM planner checks a plan before accepting it (counts go back to the model, broken
relations are re-solved by the layout solver), and the layout-rule critic reports the same checks as
:class:`~agent.findings.Finding` objects in the critique loop. Geometry is the layout solver's own rule
(:func:`agent.layout.check.relation_holds`: a relation holds only when GenEval's, T2I-CompBench's and
LMD's scorers would all accept the boxes), so a plan the check accepts is one every benchmark accepts.
"""

from __future__ import annotations

import re

from agent.findings import Finding
from agent.layout.check import relation_holds as box_relation_holds
from agent.scene import Relation, Scene
from agent.vocab.words import CARDINALS as NUMBER_WORDS
from agent.vocab.words import singular

_FILLER = {"more", "other", "small", "big", "large", "little", "tiny", "huge", "old", "new", "of", "the"}


def requested_counts(prompt: str) -> dict[str, int]:
    """Explicit counts in a request: 'three red apples' -> {'apple': 3}; 'without dogs' -> {'dog': 0}.

    Only number words and digits count ('a cat' is left alone: it may be a style phrase), so the check
    never invents a requirement the request did not state.
    """
    text = re.sub(r"['\"“”][^'\"“”]*['\"“”]", " ", prompt.lower())  # quoted text is to be rendered, not counted
    out: dict[str, int] = {}
    words = re.findall(r"[a-z]+|\d+", text)
    for i, w in enumerate(words):
        n = NUMBER_WORDS.get(w) if not w.isdigit() else int(w)
        if w in ("without", "no") and i + 1 < len(words) and words[i + 1] not in NUMBER_WORDS:
            n = 0
        if n is None or n > 32:
            continue
        # the noun follows the number after at most two attribute words ("three small red apples")
        j = i + 1
        while j < len(words) and j < i + 3 and (words[j] in _ADJ or words[j] in _FILLER):
            j += 1
        if j < len(words) and words[j] not in _STOP and not words[j].isdigit() and words[j] not in NUMBER_WORDS:
            out[singular(words[j])] = n
    return out


_STOP = {
    "and",
    "with",
    "on",
    "in",
    "at",
    "of",
    "to",
    "the",
    "a",
    "an",
    "left",
    "right",
    "above",
    "below",
    "near",
    "next",
    "under",
    "behind",
    "front",
    "top",
    "is",
    "are",
    "that",
    "which",
    "without",
    "no",
    "or",
    "than",
    "more",
}
_ADJ = {
    "red",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "brown",
    "black",
    "white",
    "gray",
    "grey",
    "wooden",
    "metal",
    "glass",
    "plastic",
    "fluffy",
    "shiny",
    "round",
    "square",
    "striped",
    "golden",
    "silver",
    "small",
    "big",
    "large",
    "little",
    "tiny",
    "huge",
    "old",
    "new",
    "young",
    "cute",
    "tall",
    "short",
}


def matches(name: str, noun: str) -> bool:
    """Does an object's ``name`` stand for ``noun`` ('sports ball' ~ 'ball', 'teddy bear' ~ 'bear')?"""
    name, noun = name.lower(), noun.lower()
    return name == noun or name.endswith(" " + noun) or noun.endswith(" " + name) or singular(name) == noun


def count_problems(scene: Scene, prompt: str) -> list[Finding]:
    """One finding per requested count (ok or wrong_count / extra for an excluded thing)."""
    found = []
    for noun, n in requested_counts(prompt).items():
        have = [o for o in scene.objects if matches(o.name, noun)]
        if len(have) == n:
            found.append(Finding(check="layout", target=noun, expected=str(n), observed=str(n), message=f"{n} {noun}"))
            continue
        problem = "extra" if n == 0 else "wrong_count"
        found.append(
            Finding(
                check="layout",
                target=noun,
                problem=problem,
                expected=str(n),
                observed=str(len(have)),
                message=f"the request asks for {n} '{noun}' but the plan has {len(have)}",
            )
        )
    for neg in scene.negative:
        have = [o.id for o in scene.objects if matches(o.name, singular(neg.split()[-1]) if neg.split() else neg)]
        if have:
            found.append(
                Finding(
                    check="layout",
                    target=have[0],
                    problem="extra",
                    expected="absent",
                    observed=f"{len(have)}",
                    message=f"'{neg}' is excluded but the plan draws {', '.join(have)}",
                )
            )
    return found


def relation_holds(scene: Scene, rel: Relation) -> bool:
    """Every subject instance against every object instance (GenEval's rule), using the Scene's boxes."""
    subs, objs = scene.objects_named(rel.subject), scene.objects_named(rel.object)
    others = scene.objects_named(rel.object2) if rel.object2 else [None]
    return all(
        box_relation_holds(rel.relation, s.box, o.box, t.box if t is not None else None, scene.width, scene.height)
        for s in subs
        for o in objs
        for t in others
        if s.id != o.id
    )


def relation_findings(scene: Scene) -> list[Finding]:
    out = []
    for rel in scene.relations:
        text = f"{rel.subject} {rel.relation} {rel.object}" + (f" and {rel.object2}" if rel.object2 else "")
        subject = scene.objects_named(rel.subject)
        target = subject[0].id if subject else rel.subject
        if relation_holds(scene, rel):
            out.append(Finding(check="layout", target=target, expected=text, message=text))
        else:
            out.append(
                Finding(
                    check="layout",
                    target=target,
                    problem="wrong_position",
                    expected=text,
                    box=subject[0].box if subject else None,
                    message=f"the boxes break '{text}'",
                )
            )
    return out


def check_plan(scene: Scene, prompt: str | None = None) -> list[Finding]:
    """All layout-rule findings for ``scene`` (relations, counts asked for in ``prompt`` or scene.prompt)."""
    return [*relation_findings(scene), *count_problems(scene, prompt if prompt is not None else scene.prompt)]
