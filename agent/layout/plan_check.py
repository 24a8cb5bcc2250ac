"""Checks a Scene's boxes against its own relations and against the counts the request asked for.

Used twice: the LLM planner checks a plan before accepting it (counts go back to the model, broken
relations are re-solved by the layout solver), and the layout-rule critic reports the same checks as
:class:`~agent.findings.Finding` objects in the critique loop. Geometry follows the LMD benchmark's
rule (compare box centres, strict) for left/right/above/below; "on top of"/"under" also need the boxes
to overlap horizontally; "near"/"next to" need a small gap. Depth words cannot be judged from boxes.
"""

from __future__ import annotations

import re

from agent.findings import Finding
from agent.scene import Box, Relation, Scene

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
NEAR_GAP = 0.25  # largest gap (in canvas units) between boxes that still reads as "near" / "next to"
_FILLER = {"more", "other", "small", "big", "large", "little", "tiny", "huge", "old", "new", "of", "the"}


def singular(word: str) -> str:
    """Naive English singular, enough for category nouns ('cats', 'boxes', 'puppies', 'glasses')."""
    w = word.lower()
    irregular = {
        "people": "person",
        "men": "man",
        "women": "woman",
        "children": "child",
        "mice": "mouse",
        "geese": "goose",
        "feet": "foot",
        "teeth": "tooth",
        "knives": "knife",
        "leaves": "leaf",
    }
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


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


def _centre(b: Box) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _gap(a: Box, b: Box) -> float:
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return max(dx, dy)


def box_relation_holds(relation: str, a: Box, b: Box, c: Box | None = None) -> bool:
    """Whether box ``a`` stands in ``relation`` to box ``b`` (and ``c`` for 'between')."""
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    x_overlap = min(a[2], b[2]) > max(a[0], b[0])
    if relation == "left of":
        return ax < bx
    if relation == "right of":
        return ax > bx
    if relation == "above":
        return ay < by
    if relation == "below":
        return ay > by
    if relation == "on top of":
        return ay < by and x_overlap
    if relation == "under":
        return ay > by and x_overlap
    if relation in ("next to", "near"):
        return _gap(a, b) <= NEAR_GAP
    if relation == "between" and c is not None:
        cx, cy = _centre(c)
        return min(bx, cx) < ax < max(bx, cx) or min(by, cy) < ay < max(by, cy)
    return True  # in front of / behind: depth is not visible in 2-D boxes


def relation_holds(scene: Scene, rel: Relation) -> bool:
    """Every subject instance against every object instance (GenEval's rule), using the Scene's boxes."""
    subs, objs = scene.objects_named(rel.subject), scene.objects_named(rel.object)
    others = scene.objects_named(rel.object2) if rel.object2 else [None]
    return all(
        box_relation_holds(rel.relation, s.box, o.box, t.box if t is not None else None)
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
