"""DSG-1k at plan level: does a Scene show each semantic tuple? (SCORING_RULES.md, "DSG-1k")

- entity (X): an object named like X (head word, singular), or X's head word in the background/style, or,
  for X a personal pronoun or indefinite ("he", "you", "someone": the annotators' name for an unnamed
  person), an object named by a person noun (WordNet's people: "man", "woman", "person"), or,
  for X naming a text ("words", "text 'peace'"), a Scene text (holding the quoted words, if any). A
  trailing place ("motorcycle in front", "dog on the left") is not the head: the noun before it is.
- part ("A's B"): an object named like B, or the A object whose description names B (in either number:
  "a person with raised hands" names "person's hand" and "person's hands").
- count (X, ==N): exactly N objects named like X (N a digit or a number word; other counts are not scored).
- color (X, c): an object showing X (as for entity / part; for X naming a text, a Scene text) has colour c,
  or c in its description; for X that is only the background, c in the background.
- spatial (X, Y, r): both ends objects whose boxes agree with r (any pair), by centres: left/right/above/
  below/under compare centres, "on" also needs horizontal overlap, "in" needs X's centre inside Y's box;
  every other relation (near, next to, behind, in front of, wear, hold, ...) needs both present. One end
  only in the background (or naming the picture itself: "background", "foreground", "image"): the other is
  present; both only in the background: not shown (no object stands in any relation). Ends that are
  parts ("man's hand") are found as for part tuples. An end that only names a part of the picture ("in the
  left bottom", "on the right side of the image"): X's box centre lies there (halves; the middle is the
  central third). "X in the background" with X only in the background: shown. An end naming a text ("the
  words", "text 'peace'") with no object so named: the Scene's texts (holding the quoted words, if any) are
  its boxes, and a text "on" / "in" a thing is written on it (``on``) or inside its box. Y "each other" / "one
  another": two of X's objects stand in r to each other.
- text (X, "s"): the Scene's texts, joined, hold s (case and punctuation folded).
- style (global, or attribute - style): every word of the value is in the Scene's style or background;
  an aspect ratio ("ar 16:9", "aspect ratio 9:16") is shown by the Scene's width:height (within 5%).
- spurious: an object whose name matches no entity (whole or part) tuple of the prompt.
"""

from __future__ import annotations

import re

from agent.eval.dsg_data import NUMBER_WORDS, DsgPrompt, DsgTuple
from agent.scene import Scene, SceneObject

_IRREGULAR = {
    "men": "man", "women": "woman", "children": "child", "people": "person", "persons": "person",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "oxen": "ox", "leaves": "leaf",
    "knives": "knife", "wives": "wife", "wolves": "wolf", "loaves": "loaf", "shelves": "shelf", "halves": "half",
    "calves": "calf", "scarves": "scarf", "lives": "life", "thieves": "thief", "elves": "elf", "dice": "die",
    "potatoes": "potato", "tomatoes": "tomato", "heroes": "hero", "mangoes": "mango", "volcanoes": "volcano",
    "buses": "bus", "gases": "gas", "lenses": "lens", "irises": "iris", "canvases": "canvas", "cacti": "cactus",
    "fungi": "fungus", "data": "datum", "criteria": "criterion", "phenomena": "phenomenon",
    "hooves": "hoof", "dwarves": "dwarf", "selves": "self", "sheaves": "sheaf", "wharves": "wharf",
}
_KEEP = {"pants", "jeans", "shorts", "trousers", "scissors", "news", "species", "series", "bus",
         "gas", "lens", "canvas", "atlas", "iris", "chaos", "christmas", "grass", "glass", "dress", "class"}
# Irregular plurals that also end compounds ("bookshelves", "penknives", "werewolves", "housewives",
# "superheroes"): the longest tail wins, and at least 3 letters must come before it ("olives" is not o+lives).
_COMPOUND_TAILS = tuple(sorted((k for k in _IRREGULAR if len(k) >= 4 and k not in ("dice", "data")),
                               key=len, reverse=True))
_SINGULAR_MEN = {"specimen", "abdomen", "stamen", "regimen", "cyclamen", "hymen"}
_STOP = {"a", "an", "the", "of", "by", "in", "on", "with", "and", "some", "its", "his", "her", "their"}
GEOMETRIC = {
    "left": ("left", "left of", "to the left of", "left to", "on the left of", "on the left side of"),
    "right": ("right", "right of", "to the right of", "right to", "on the right of", "on the right side of"),
    "above": ("above", "over"),
    "below": ("below", "under", "beneath", "underneath"),
    "on": ("on", "on top of", "on the top of", "onto", "atop", "upon", "sit on", "stand on top of"),
    "in": ("in", "inside", "inside of", "into", "within"),
}
BY_BACKGROUND = "ok: in the background/style"  # the reason of an entity shown only by the background or style
FRAME_WORDS = {"background", "foreground", "image", "picture", "scene"}  # ends that name the picture itself
_KIND = {word: kind for kind, words in GEOMETRIC.items() for word in words}


def fold(text: str) -> str:
    """Lower case, punctuation to spaces, one space between words."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("_", " ")).split())


def fold_color(text: str) -> str:
    """:func:`fold` with British spellings made American ("colourful grey" -> "colorful gray")."""
    return fold(text).replace("colour", "color").replace("grey", "gray")


def singular(word: str) -> str:
    """A plain English singular, independent of the planner's own word tables (the yardstick stays put)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    tail = next((k for k in _COMPOUND_TAILS if w.endswith(k) and len(w) - len(k) >= 3), None)
    if tail is not None:  # compounds: "bookshelves", "grandchildren"
        return w[: -len(tail)] + _IRREGULAR[tail]
    if w.endswith("men") and len(w) > 5 and w not in _SINGULAR_MEN:  # "policemen", "fishermen"
        return w[:-3] + "man"
    if w in _KEEP or len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "ous")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    return w[:-1]


def split_part(name: str) -> tuple[str | None, str]:
    """ "man's hair" -> ("man", "hair"); "elephants' tusks" -> ("elephants", "tusks") (the plural possessive is
    the same "A's B"); "cat" -> (None, "cat")."""
    low = name.lower()
    owner, sep, part = low.rpartition("'s ")
    if not (sep and owner.strip()):
        owner, sep, part = low.rpartition("s' ")
        owner = owner + "s" if sep else owner
    return (owner.strip(), part.strip()) if sep and owner.strip() else (None, name)


# A trailing phrase that only says where an instance stands ("motorcycle in front", "the dog on the left",
# "tree in the background"): the instance is still named by the noun before it.
_PLACED = re.compile(r"\s+(?:(?:in|at|on|to)\s+(?:the\s+)?(?:front|back|left|right|top|bottom|middle|center|centre"
                     r"|distance|background|foreground)|behind)\s*$", re.IGNORECASE)


# Words that pick some of a group ("one of the women"): the group names what they are.
_PARTITIVE = set(NUMBER_WORDS) | {"some", "each", "both", "all", "many", "few", "several", "most", "any", "either",
                                  "neither", "half", "rest", "the", "a", "an"}


def head(name: str) -> str:
    """The singular head word: "rubix cubes" -> "cube", "cup of coffee" -> "cup", "man's hair" -> "hair",
    "motorcycle in front" -> "motorcycle", "one of the women" -> "woman"."""
    _, part = split_part(_PLACED.sub("", name))
    before, of, after = part.partition(" of ")
    if of and set(fold(before).split()) <= _PARTITIVE:  # "one of the women", "two of the children"
        before = after
    words = [w for w in fold(before).split() if w not in _STOP]
    return singular(words[-1]) if words else ""


def words(text: str) -> set[str]:
    return {singular(w) for w in fold(text).split()}


# Pronouns and indefinites the annotators use as an entity's name when the prompt names no one.
PERSON_PRONOUNS = frozenset({"he", "she", "you", "someone", "somebody", "him"})  # not "they": often things


def is_person(name: str) -> bool:
    """Whether ``name``'s head is a noun WordNet files under people (its planner kind "p"), or "person"
    itself, which WordNet files with the top-level nouns rather than under people."""
    from agent.vocab import noun_kind  # the lexicon table loads only when a pronoun is scored

    h = head(name)
    kind = noun_kind(h)
    return h == "person" or kind is not None and kind.kind == "p"


def named_like(obj: SceneObject, name: str) -> bool:
    h = head(name)
    if h in PERSON_PRONOUNS:
        return is_person(obj.name)
    return bool(h) and head(obj.name) == h


def _has_word(text: str, phrase: str) -> bool:
    p = fold(phrase)
    return bool(p) and f" {p} " in f" {fold(text)} "


def _scene_words(scene: Scene) -> set[str]:
    return words(f"{scene.background} {scene.style}")


def _objects(scene: Scene, name: str) -> list[SceneObject]:
    return [o for o in scene.objects if named_like(o, name)]


def _entity(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    x = t.args[0]
    if _objects(scene, x):
        return True, "ok"
    if head(x) in _scene_words(scene):
        return True, BY_BACKGROUND
    if _text_ends(scene, x):
        return True, "ok: the Scene's texts"  # "Is there text?", "the words": a planned text shows them
    return False, f"no object named like '{x}' (head '{head(x)}') and not in background/style"


def _part_objects(scene: Scene, x: str) -> list[SceneObject]:
    """Objects showing X; for a part "A's B" an object named like B, or an A object whose description names B."""
    owner, part = split_part(x)
    if owner is None:
        return _objects(scene, x)
    return _objects(scene, part) + [o for o in _objects(scene, owner) if head(part) in words(o.description)]


def _part(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    x = t.args[0]
    if split_part(x)[0] is None:
        return _entity(t, scene)
    return bool(_part_objects(scene, x)), f"no object named like '{x}' and no owner whose description names it"


def _count(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    n, got = t.count, len(_objects(scene, t.args[0]))
    return got == n, f"expected {n} '{t.args[0]}', planned {got}"


def _color(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    x, c = t.args[0], fold_color(t.args[-1])
    owner = split_part(x)[0]
    cands = _part_objects(scene, x) or _text_ends(scene, x)
    for o in cands:
        if fold_color(o.color or "") == c or _has_word(fold_color(o.description), c):
            return True, "ok"
    if owner is None and head(x) in _scene_words(scene) and _has_word(fold_color(scene.background), c):
        return True, "ok"  # X is the background ("a blue sky") and the background names the colour
    if not cands:
        return False, f"no object for '{x}'"
    return False, f"'{x}' is {cands[0].color or 'uncoloured'}, expected {c}"


def _centre(o: SceneObject) -> tuple[float, float]:
    return (o.box[0] + o.box[2]) / 2, (o.box[1] + o.box[3]) / 2


def agrees(a: SceneObject, b: SceneObject, kind: str) -> bool:
    """Whether a's box stands in ``kind`` (a GEOMETRIC key) to b's box, by centres."""
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    if kind == "left":
        return ax < bx
    if kind == "right":
        return ax > bx
    if kind == "above":
        return ay < by
    if kind == "below":
        return ay > by
    if kind == "on":
        return ay < by and a.box[0] < b.box[2] and b.box[0] < a.box[2]
    return b.box[0] <= ax <= b.box[2] and b.box[1] <= ay <= b.box[3]  # "in"


_PLACE_WORDS = {"left", "right", "top", "bottom", "middle", "center", "centre", "upper", "lower"}
_PLACE_FILLER = {"side", "sides", "corner", "corners", "part", "half", "area", "portion", "edge", "of", "the", "an",
                 "a"} | FRAME_WORDS | {"photo", "frame"}
_PLACE_RELATIONS = {"in", "on", "at", "to", "towards", "in the", "at the", "on the"}


def frame_place(end: str) -> set[str] | None:
    """The place words of an end that only names a part of the picture ("left bottom", "top right", "left
    side of the image", "bottom corners of the image"), else None."""
    ws = fold(end).split()
    places = {w for w in ws if w in _PLACE_WORDS}
    return places if places and all(w in _PLACE_WORDS | _PLACE_FILLER for w in ws) else None


def in_frame_place(o: SceneObject, places: set[str]) -> bool:
    """Whether ``o``'s centre lies in that part of the picture (halves; the middle is the central third)."""
    x, y = _centre(o)
    ok = {"left": x < 0.5, "right": x > 0.5, "top": y < 0.5, "upper": y < 0.5, "bottom": y > 0.5, "lower": y > 0.5}
    middle = 1 / 3 <= x <= 2 / 3 and 1 / 3 <= y <= 2 / 3
    return all(ok.get(p, middle if len(places) == 1 else True) for p in places)


TEXT_WORDS = {"text", "word", "letter", "lettering", "message", "title", "caption", "phrase", "slogan", "quote",
              "writing", "inscription", "sentence", "headline"}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")


def _text_ends(scene: Scene, end: str) -> list[SceneObject]:
    """The Scene's texts as the boxes of an end that names a text ("the words", "text 'peace'"), when no
    object is named so; a quoted end keeps only the texts that hold its words."""
    if head(_QUOTED.sub("", end)) not in TEXT_WORDS:
        return []
    quoted = [fold(q.strip("'\"“”")) for q in _QUOTED.findall(end)]
    return [SceneObject(id=tx.id, name="text", description=tx.content, box=tx.box, color=tx.color)
            for tx in scene.texts if all(q in fold(tx.content) for q in quoted)]


def _written_on(a: SceneObject, b: SceneObject, kind: str, scene: Scene) -> bool:
    """A text end "on" / "in" a thing: the text is written on it (its ``on`` link), or inside its box."""
    tx = next((tx for tx in scene.texts if tx.id == a.id and a.name == "text"), None)
    return tx is not None and kind in ("on", "in") and (tx.on == b.id or agrees(a, b, "in"))


def _spatial(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    if len(t.args) < 3:
        return False, f"spatial tuple needs (X, Y, r): {t.args}"
    x, y, rel = t.args[0], t.args[1], fold(t.args[2])
    xs = _part_objects(scene, x) or _text_ends(scene, x)
    ys, bg = _part_objects(scene, y) or _text_ends(scene, y), _scene_words(scene) | FRAME_WORDS
    if fold(y) in ("each other", "one another"):  # "stacked on top of each other": among X's own instances
        kind = _KIND.get(rel)
        ok = len(xs) >= 2 and (kind is None or any(agrees(a, b, kind) for a in xs for b in xs if a is not b))
        return ok, f"no two '{x}' stand {rel} each other in the boxes"
    places = frame_place(y) if rel in _PLACE_RELATIONS else None
    if places is not None and xs:  # "an object in the left bottom": where its box is
        return any(in_frame_place(a, places) for a in xs), f"'{x}' is not in the {y} of the picture"
    if not xs and head(y) == "background" and rel in _PLACE_RELATIONS and head(x) in _scene_words(scene):
        return True, "ok"  # "grass in the background": the Scene's background names it
    if xs and ys:
        kind = _KIND.get(rel)
        if kind is None or any(agrees(a, b, kind) or _written_on(a, b, kind, scene) for a in xs for b in ys):
            return True, "ok"
        return False, f"'{x}' is not {rel} '{y}' in the boxes"
    if (xs and head(y) in bg) or (ys and head(x) in bg):
        return True, "ok"
    return False, f"'{x if not xs else y}' is missing"


def _text(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    want = fold(t.args[-1])
    got = fold(" ".join(tx.content for tx in scene.texts))
    return want in got, f"texts {got[:60]!r} do not hold {want!r}"


_RATIO = re.compile(r"^\W*(?:ar|aspect(?: ratio)?)\s+(\d+)\s*:\s*(\d+)\s*$", re.IGNORECASE)


def _style(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    m = _RATIO.match(t.args[-1])
    if m and int(m[1]) > 0 and int(m[2]) > 0:  # "--ar 16:9": the Scene's size shows it (within 5%)
        want_ratio, got = int(m[1]) / int(m[2]), scene.width / scene.height
        return abs(got - want_ratio) <= 0.05 * want_ratio, f"size {scene.width}x{scene.height} is not {m[1]}:{m[2]}"
    want = words(t.args[-1]) - {singular(w) for w in _STOP}
    missing = sorted(want - _scene_words(scene))
    return not missing, f"style/background lack {' '.join(missing)!r}"


CHECKS = {"entity": _entity, "part": _part, "count": _count, "color": _color, "spatial": _spatial, "text": _text,
          "style": _style}


def check(t: DsgTuple, scene: Scene) -> tuple[bool, str]:
    """(shown, reason) for one scored tuple; ``t.category`` must not be None."""
    cat = t.category
    if cat is None or not t.args:
        return False, "not plan-checkable"
    return CHECKS[cat](t, scene)


def entity_heads(prompt: DsgPrompt) -> set[str]:
    """Head words of the prompt's entity tuples (whole, and both ends of a part "A's B")."""
    out: set[str] = set()
    for t in prompt.tuples:
        if t.broad == "entity" and t.args:
            owner, part = split_part(t.args[0])
            out |= {head(part)} | ({head(owner)} if owner else set())
    return out - {""}


def spurious(prompt: DsgPrompt, scene: Scene) -> list[str]:
    """Names of planned objects that match no entity or part tuple of the prompt."""
    heads = entity_heads(prompt)
    someone = bool(heads & PERSON_PRONOUNS)  # "he is kneeling": a man is the one the annotators call "he"
    return [o.name for o in scene.objects if head(o.name) not in heads and not (someone and is_person(o.name))]
