"""The offline rules behind :func:`agent.edits.apply_edit`, one function per kind of follow-up.

Each rule gets a deep copy of the Scene, the instruction as typed and in lower case, and returns the
edited Scene, or None when the instruction is not its kind; a rule that recognises its kind but cannot
apply it raises :class:`EditError` saying why. Rules change only what the instruction names, so other
objects keep their ids and boxes (and their graph nodes stay in the executor's cache).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.edits.moves import rule_move, rule_resize, rule_swap
from agent.edits.ops import add_text, drop_dangling, new_id, recolour_description
from agent.edits.place import place_new
from agent.edits.words import (
    COLORS,
    EMOJI,
    TEXT_WORDS,
    EditError,
    colour_words,
    find_mentions,
    mentions_from,
    number_value,
    objects_of,
    parse_noun_phrase,
    plural,
    quoted,
    resolve,
    split_relation,
    targets,
)
from agent.scene import Relation, Scene, SceneObject

Rule = Callable[[Scene, str, str], "Scene | None"]
STYLES = ("photorealistic", "photo", "photograph", "realistic", "watercolor", "watercolour", "oil painting", "painting",
          "cartoon", "anime", "pencil sketch", "sketch", "pixel art", "3d render", "comic", "line art", "vector art",
          "flat illustration", "illustration", "low poly", "claymation", "ukiyo-e", "charcoal drawing", "drawing")


# -- helpers --------------------------------------------------------------------------------------------------
def _content(text: str, start: int) -> str:
    raw = quoted(text[start:]) or text[start:].strip().strip("\"'“”‘’").rstrip(".!").strip()
    if not raw:
        raise EditError("no new text given: say e.g. 'change the sign to \"CLOSED\"'")
    return raw


def _add_objects(scene: Scene, name: str, n: int, colour: str | None, adjectives: list[str],
                 relation: str | None = None, target: SceneObject | None = None,
                 target2: SceneObject | None = None) -> list[SceneObject]:
    sibling = next((o for o in scene.objects if o.name == name), None)
    if colour is None and sibling is not None and not adjectives:
        colour = sibling.color
    if sibling is not None and not adjectives and colour == sibling.color:
        desc = sibling.description
    else:
        desc = " ".join(["a", *([colour] if colour else []), *adjectives, name])
    made = []
    for _ in range(n):
        box = place_new(scene, name, relation, target, target2)
        obj = SceneObject(id=new_id(scene, name), name=name, description=desc, color=colour, box=box)
        scene.objects.append(obj)
        made.append(obj)
        if relation and target is not None:
            scene.relations.append(Relation(subject=obj.id, relation=relation, object=target.id,
                                            object2=target2.id if relation == "between" and target2 else None))
    scene.negative[:] = [w for w in scene.negative if w not in (name, plural(name))]
    return made


# -- rules, tried in order ------------------------------------------------------------------------------------
def rule_relayout(scene: Scene, text: str, low: str) -> Scene | None:
    if not re.search(r"\b(re-?layout|re-?arrange|tidy up|spread (?:them|everything) out|re-?solve the layout)\b", low):
        return None
    from agent.layout import solve_layout

    return solve_layout(scene, seed=0)


def rule_text(scene: Scene, text: str, low: str) -> Scene | None:
    for t in scene.texts:  # "change OPEN to CLOSED", "replace OPEN with CLOSED"
        m = re.search(rf"\b(?:change|replace|switch|turn)\s+(?:the\s+text\s+)?[\"'“‘]?{re.escape(t.content.lower())}"
                      r"[\"'”’]?\s+(?:to|with|into|by)\s+", low)
        if m:
            t.content = _content(text, m.end())
            return scene
    m = re.match(r"^(?:please\s+)?(?:write|print|add\s+(?:the\s+|a\s+)?(?:text|words?|caption|label))\s+"
                 r"(?:saying\s+)?", low)
    if m:  # a new text: "write 'SALE' on the box", "add the text 'HELLO'"
        body, rel, rest = split_relation(text[m.end():])
        content = quoted(body) or body.strip("\"'“”‘’ .!")
        if not content:
            raise EditError("no text given: say e.g. 'write \"SALE\" on the box'")
        hits = find_mentions(scene, rest.lower()) if rel else []
        on_obj = objects_of(scene, hits[:1])[0] if hits else None
        add_text(scene, content, on_obj)
        return scene
    tw = "|".join(TEXT_WORDS)
    for pat in ((rf"\b(?:change|set|make|edit|update|rewrite|let)\s+(?:the\s+)?(?:\w+\s+)?({tw})(?:'s)?(?:\s+text)?\s+"
                 r"(?:to\s+say|to\s+read|say|says|read|reads|to|into|as)\s+"),
                rf"\b(?:the\s+)?({tw})\s+should\s+(?:say|read|be)\s+"):
        m = re.search(pat, low)
        if m:
            break
    else:
        return None
    word, content = m.group(1), _content(text, m.end())
    if content.lower() in COLORS:
        return None  # "change the sign to red" is a recolour
    if re.match(r"(?:a|an)\s", content.lower()) and parse_noun_phrase(content, set())[2] in EMOJI:
        return None  # "change the sign to a flag" replaces the object
    on_obj = next((o for o in scene.objects if o.name == word), None)
    on_texts = [t for t in scene.texts if on_obj is not None and t.on == on_obj.id]
    if on_texts:
        on_texts[0].content = content
    elif len(scene.texts) == 1:
        scene.texts[0].content = content
    elif scene.texts:
        listed = ", ".join(f"{t.id} '{t.content}'" for t in scene.texts)
        raise EditError(f"which text? there are {len(scene.texts)} ({listed}): say 'change <old> to <new>'")
    else:
        add_text(scene, content, on_obj)
    return scene


def rule_background(scene: Scene, text: str, low: str) -> Scene | None:
    if re.search(r"\b(?:remove|delete|no|plain|clear)\s+(?:the\s+)?background\b", low):
        scene.background = "a plain white background"
        return scene
    pats = ((r"\b(?:change|set|make|switch|replace|turn|use)\s+(?:the\s+)?(?:background|backdrop|setting)\s+"
             r"(?:to\s+be\s+|to\s+|into\s+|with\s+|be\s+)?"),
            r"^background\s*[:=]?\s+",
            r"\b(?:put|place|move|set)\s+(?:it|them|everything|all|the\s+(?:whole\s+)?scene)\s+(?=(?:on|in|at|into|onto)\s)")
    for pat in pats:
        m = re.search(pat, low)
        if m:
            scene.background = _content(text, m.end())
            return scene
    return None


def rule_style(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.search(r"\b(?:change|set|switch)\s+(?:the\s+)?style\s+(?:to\s+|into\s+)?"
                  r"|^style\s*[:=]?\s+|\bin\s+the\s+style\s+of\s+", low)
    if m:
        scene.style = _content(text, m.end())
        return scene
    style = "|".join(re.escape(s) for s in STYLES)
    m = re.search(rf"\b(?:make|render|draw|turn|redo|do)\s+(?:it|this|everything|the\s+(?:image|picture|scene))\s+"
                  rf"(?:look\s+like\s+|into\s+|as\s+|in\s+)?(?:an?\s+)?({style})\b", low)
    if m:
        scene.style = m.group(1)
        return scene
    return None


def rule_replace(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:please\s+)?(?:replace|swap|turn|change|make)\s+(.+?)\s+(?:with|into|for|to|by)\s+(.+)$", low)
    if not m or not re.match(r"(?:a|an|one|some|two|three|\d+)\s", m.group(2)):
        return None
    hits = find_mentions(scene, m.group(1))
    if not hits:
        return None
    _, colour, name, adjectives = parse_noun_phrase(m.group(2), set(scene.counts()))
    if not name or name in COLORS:
        return None
    objs = objects_of(scene, hits[:1])
    old_names = {o.name for o in objs}
    for o in objs:
        fresh = new_id(scene, name)
        for r in scene.relations:
            for field in ("subject", "object", "object2"):
                if getattr(r, field) == o.id:
                    setattr(r, field, fresh)
        for t in scene.texts:
            if t.on == o.id:
                t.on = fresh
        o.id, o.name, o.color = fresh, name, colour
        o.description = " ".join(["a", *([colour] if colour else []), *adjectives, name])
    for r in scene.relations:  # relations by the old name follow when no object keeps that name
        for field in ("subject", "object", "object2"):
            if getattr(r, field) in old_names and getattr(r, field) not in scene.counts():
                setattr(r, field, name)
    return scene


def rule_remove(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:please\s+)?(?:remove|delete|erase|drop|get\s+rid\s+of|take\s+(?:away|out)|eliminate)\s+", low)
    if not m:
        return None
    mentions = mentions_from(scene, low, m.end())
    if not mentions:
        if any(re.search(rf"\b{w}\b", low) for w in TEXT_WORDS) and scene.texts:
            scene.texts[:] = []
            return scene
        phrase = re.sub(r"^(?:the|a|an|all|any)\s+", "", low[m.end():])
        raise EditError(f"there is no {phrase} in the scene (objects: {', '.join(sorted(scene.counts())) or 'none'})")
    gone: list[SceneObject] = []
    for men in mentions:
        n = number_value(men.words[-1]) if men.words else None
        objs = [o for o in scene.objects if o.name == men.name] if n and n > 1 and men.object_id is None \
            else resolve(scene, men, allow_any=True)
        if n and n > 1 and men.object_id is None:
            if n > len(objs):
                raise EditError(f"cannot remove {n} {plural(men.name)}: there are {len(objs)}")
            objs = objs[-n:]
        gone.extend(objs)
    scene.objects[:] = [o for o in scene.objects if o not in gone]
    for name in {o.name for o in gone}:
        if name not in scene.counts() and name not in scene.negative:
            scene.negative.append(name)
    drop_dangling(scene)
    return scene


def rule_add(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:please\s+)?(?:add|insert|include|draw|put|place)\s+(?:in\s+)?", low)
    if not m:
        return None
    phrase = low[m.end():]
    if low.startswith(("put", "place")) and not re.match(r"(?:a|an|another|one|two|three|four|five|\d+)\s", phrase):
        return None  # "put the cat above the dog" moves an existing cat
    says = re.search(r"\s+(?:that\s+says|which\s+says|saying|that\s+reads|reading|with\s+the\s+(?:text|words?))\s+",
                     phrase)
    content = _content(text, m.end() + says.end()) if says else None
    if says:
        phrase = phrase[:says.start()]
    body, relation, rest = split_relation(phrase)
    parts = [p for p in re.split(r"\s*,\s*|\s+and\s+(?=(?:a|an|another|one|two|three|four|five|\d+)\b)", body) if p]
    made: list[SceneObject] = []
    for part in parts or [body]:  # "add a cat and two dogs" adds both
        count, colour, name, adjectives = parse_noun_phrase(part, set(scene.counts()))
        if not name:
            raise EditError(f"add what? no object named in '{text}'")
        target, target2 = targets(scene, relation, rest, name) if relation else (None, None)
        have = scene.counts().get(name, 0)
        n = 1 if count is None else (max(1, -count - have) if count < 0 else count)
        if n > 16:
            raise EditError(f"adding {n} objects at once is too many (at most 16)")
        made += _add_objects(scene, name, n, colour, adjectives, relation, target, target2)
    if content:
        add_text(scene, content, made[0])
    return scene


def rule_count(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.search(r"\bnumber\s+of\s+([a-z ]+?)\s+(?:to|=)\s+(\w+)", low)
    pairs: list[tuple[str, int]] = []
    if m:
        hits = find_mentions(scene, m.group(1))
        n = number_value(m.group(2))
        if not hits or n is None:
            raise EditError(f"cannot set the number of '{m.group(1)}' to '{m.group(2)}'")
        pairs.append((hits[0].name, n))
    else:
        for men in find_mentions(scene, low):
            w = men.words[-1] if men.words else ""
            if w.isdigit() or (w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                     "eleven", "twelve") and men.object_id is None):
                pairs.append((men.name, int(number_value(w) or 0)))
    if not pairs:
        return None
    for name, n in pairs:
        have = [o for o in scene.objects if o.name == name]
        if n == len(have):
            raise EditError(f"there are already {n} {plural(name) if n != 1 else name}")
        if n > 16:
            raise EditError(f"{n} {plural(name)} are too many (at most 16)")
        if n < len(have):
            drop = have[n:]
            scene.objects[:] = [o for o in scene.objects if o not in drop]
        else:
            _add_objects(scene, name, n - len(have), have[0].color if have else None, [])
    drop_dangling(scene)
    return scene


def rule_recolour(scene: Scene, text: str, low: str) -> Scene | None:
    mentions = find_mentions(scene, low)
    colours = colour_words(low)
    qualifier_ends = {men.start for men in mentions}
    free = [c for c in colours if not any(low[c[1]:s].strip() == "" and s >= c[1] for s in qualifier_ends)]
    if not free:
        return None
    colour = free[-1][2]
    if not mentions:
        if any(re.search(rf"\b{w}\b", low) for w in TEXT_WORDS) and scene.texts:
            for t in scene.texts:
                t.color = colour
            return scene
        named = re.match(r"^(?:please\s+)?(?:make|colou?r|paint|turn|dye)\s+(?:all\s+)?(?:the\s+)?([a-z][a-z ]*?)\s+"
                         r"(?:(?:colou?red|in)\s+)?" + re.escape(colour) + r"\b", low)
        if named and named.group(1) not in ("it", "everything", "them"):
            raise EditError(f"there is no {named.group(1)} in the scene "
                            f"(objects: {', '.join(sorted(scene.counts())) or 'none'})")
        return None
    texty = [men for men in mentions if men.name in TEXT_WORDS and re.search(r"\b(text|writing|letters|words)\b", low)]
    if texty and scene.texts:
        for t in scene.texts:
            t.color = colour
        return scene
    for obj in objects_of(scene, mentions):
        obj.color = colour
        obj.description = recolour_description(obj, colour)
    return scene


def rule_negative(scene: Scene, text: str, low: str) -> Scene | None:
    m = re.match(r"^(?:no|without|exclude|don'?t\s+(?:want|include|show|draw))\s+(?:any\s+)?(.+?)\s*$", low)
    if not m:
        return None
    if find_mentions(scene, m.group(1)):
        return rule_remove(scene, "remove " + text[m.start(1):], "remove " + m.group(1))
    _, _, name, _ = parse_noun_phrase(m.group(1), set(scene.counts()))
    if name and name not in scene.negative:
        scene.negative.append(name)
    return scene


RULES: list[Rule] = [rule_relayout, rule_text, rule_background, rule_style, rule_swap, rule_replace, rule_remove,
                     rule_add, rule_move, rule_resize, rule_recolour, rule_count, rule_negative]
