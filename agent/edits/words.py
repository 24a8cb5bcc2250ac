"""Reading follow-up instructions: which objects a phrase names, numbers, colours, nouns, relation words.

Used by :mod:`agent.edits`. Everything here is plain string work over the Scene's own names, so a
reference like "the second apple", "the red cup", "the apples" or "cup_4" resolves to exact objects,
and an ambiguous one ("the apple" when there are three) is an error that lists the choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.errors import ScenecraftError
from agent.scene import Scene, SceneObject
from agent.vocab.pictograms import COLORS, EMOJI
from agent.vocab.words import CARDINALS, ORDINALS
from agent.vocab.words import singular as _singular

# Cardinals are the shared table; a follow-up also counts with an article ("add a cup", "another one").
NUMBERS: dict[str, int] = {**CARDINALS, "a": 1, "an": 1, "another": 1, "a couple of": 2}
# Relation phrases people type -> the Scene's relation words (longest first when matching).
RELATION_PHRASES: dict[str, str] = {
    "to the left of": "left of", "on the left of": "left of", "left of": "left of",
    "to the right of": "right of", "on the right of": "right of", "right of": "right of",
    "on top of": "on top of", "on": "on top of", "onto": "on top of", "above": "above", "over": "above",
    "below": "below", "beneath": "below", "underneath": "under", "under": "under",
    "next to": "next to", "beside": "next to", "by": "next to", "near": "near", "close to": "near",
    "in front of": "in front of", "behind": "behind", "between": "between",
}
RELATION_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, RELATION_PHRASES), key=len, reverse=True)) + r")\b")
TEXT_WORDS = ("text", "sign", "label", "caption", "title", "writing", "words", "letters", "banner", "poster",
              "message", "headline", "slogan", "board")
_QUALIFIERS = {"left", "leftmost", "right", "rightmost", "top", "upper", "topmost", "bottom", "lower",
               "bottommost", "biggest", "largest", "big", "large", "smallest", "small", "last", "middle"}
_NO_NOUN = {"it", "them", "one", "more", "other", "some", "of", "the", "please", "too", "also", "here", "there"}


class EditError(ScenecraftError):
    """A follow-up instruction that cannot be applied; the message says why and what would work."""


def plural(name: str) -> str:
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    if name.endswith("y") and len(name) > 1 and name[-2] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


def singular(word: str, known: set[str] | None = None) -> str:
    """'apples' -> 'apple', 'buses' -> 'bus', 'puppies' -> 'puppy'; a Scene's own name always wins."""
    return _singular(word, (known or set()) | EMOJI.keys())


def colour_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, colour) for each colour word, 'light blue'/'dark red' kept whole."""
    out = []
    for m in re.finditer(r"\b(?:(light|dark|bright|pale|deep)\s+)?(" + "|".join(COLORS) + r")\b", text):
        out.append((m.start(), m.end(), m.group(0)))
    return out


def number_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


@dataclass
class Mention:
    """A phrase in the instruction that names objects in the Scene."""

    name: str
    start: int
    end: int
    plural: bool = False
    words: list[str] = field(default_factory=list)  # up to three words before the noun (qualifiers)
    object_id: str | None = None

    def spans(self) -> tuple[int, int]:
        return self.start, self.end


def find_mentions(scene: Scene, low: str) -> list[Mention]:
    """Every place ``low`` names an object of ``scene`` by id or (plural) name, in text order."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for obj in scene.objects:
        for m in re.finditer(rf"(?<![\w-]){re.escape(obj.id.lower())}(?![\w-])", low):
            if free(m.start(), m.end()):
                found.append(Mention(obj.name, m.start(), m.end(), object_id=obj.id))
                taken.append((m.start(), m.end()))
    for name in sorted({o.name for o in scene.objects}, key=len, reverse=True):
        pattern = rf"\b({re.escape(name)}|{re.escape(plural(name))}|{re.escape(name)}s)\b"
        for m in re.finditer(pattern, low):
            if not free(m.start(), m.end()):
                continue
            before = _qualifier_words(low[max(0, m.start() - 60):m.start()])
            found.append(Mention(name, m.start(), m.end(), plural=m.group(1) != name, words=before))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda x: x.start)


_DETERMINERS = {"the", "a", "an", "one", "all", "both", "every", "each", "this", "that", "these", "those", "my"}


def _qualifier_words(before: str) -> list[str]:
    """The words right before a noun that qualify it ('the second red'), stopping at any other word."""
    out: list[str] = []
    for w in reversed(re.findall(r"[a-z0-9]+", before)):
        if w in _DETERMINERS or w in _QUALIFIERS or w in COLORS or w in ORDINALS or number_value(w) is not None \
                or w in ("light", "dark", "bright", "pale", "deep"):
            out.insert(0, w)
        else:
            break
    return out[-4:]


def _center(o: SceneObject) -> tuple[float, float]:
    return (o.box[0] + o.box[2]) / 2, (o.box[1] + o.box[3]) / 2


def _area(o: SceneObject) -> float:
    return (o.box[2] - o.box[0]) * (o.box[3] - o.box[1])


def resolve(scene: Scene, mention: Mention, *, allow_any: bool = False) -> list[SceneObject]:
    """The objects a mention names. Plurals and "all/both" give all; a singular must be unambiguous.

    ``allow_any``: "an apple"/"one apple" may pick one of several (the last one), as in "remove an apple".
    """
    if mention.object_id is not None:
        return [o for o in scene.objects if o.id == mention.object_id]
    objs = [o for o in scene.objects if o.name == mention.name]
    words = mention.words
    colours = [w for w in words if w in COLORS]
    if colours:
        objs = [o for o in objs if o.color and colours[-1] in o.color.lower().split()] or []
        if not objs:
            raise EditError(f"there is no {colours[-1]} {mention.name} in the scene")
    if mention.plural or any(w in ("all", "both", "every", "each") for w in words):
        return objs
    by_x = sorted(objs, key=lambda o: _center(o)[0])
    for w in reversed(words):
        if w in ORDINALS:
            k = ORDINALS[w]
            if k > len(by_x):
                raise EditError(f"there is no {w} {mention.name} (there are {len(by_x)})")
            return [by_x[k - 1]]
        if w in _QUALIFIERS and len(objs) > 1:
            pick = {
                "left": by_x[0], "leftmost": by_x[0], "right": by_x[-1], "rightmost": by_x[-1], "last": by_x[-1],
                "middle": by_x[len(by_x) // 2],
                "top": min(objs, key=lambda o: _center(o)[1]), "upper": min(objs, key=lambda o: _center(o)[1]),
                "topmost": min(objs, key=lambda o: _center(o)[1]),
                "bottom": max(objs, key=lambda o: _center(o)[1]), "lower": max(objs, key=lambda o: _center(o)[1]),
                "bottommost": max(objs, key=lambda o: _center(o)[1]),
                "biggest": max(objs, key=_area), "largest": max(objs, key=_area), "big": max(objs, key=_area),
                "large": max(objs, key=_area), "smallest": min(objs, key=_area), "small": min(objs, key=_area),
            }[w]
            return [pick]
    if len(objs) > 1:
        if allow_any and words and words[-1] in ("a", "an", "one"):
            return [objs[-1]]
        ids = ", ".join(o.id for o in objs)
        raise EditError(f"which {mention.name}? there are {len(objs)} ({ids}): say 'the {plural(mention.name)}', "
                        f"'the first {mention.name}', 'the left {mention.name}' or an id")
    return objs


def parse_noun_phrase(phrase: str, known: set[str]) -> tuple[int | None, str | None, str, list[str]]:
    """'a third red apple' -> (count or ordinal, colour, name, other adjectives); name is singular.

    The name is the longest trailing run of words that is a known category (the Scene's names or a
    pictogram), else the last word, so 'a small fluffy dog' -> name 'dog', adjectives ['small', 'fluffy'].
    """
    # The noun phrase ends at a joining word: 'a cup of coffee' -> 'a cup', 'a dog with a hat' -> 'a dog'.
    phrase = re.split(r"\b(?:and|with|from|for|of|that|which|who|where|but|in|at)\b", phrase.lower())[0]
    words = re.findall(r"[a-z][a-z\-]*|\d+", phrase)
    count: int | None = None
    colour: str | None = None
    rest: list[str] = []
    article = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("light", "dark", "bright", "pale", "deep") and i + 1 < len(words) and words[i + 1] in COLORS:
            colour, i = f"{w} {words[i + 1]}", i + 2
            continue
        if w in ("a", "an", "another") and count is None and not rest:
            article = True
        elif (count is None or article) and not rest and (number_value(w) is not None or w in ORDINALS):
            count = number_value(w) if number_value(w) is not None else -ORDINALS[w]  # ordinals are negative
            article = False
        elif w in COLORS and colour is None:
            colour = w
        elif w in ("more", "extra", "additional", "new", "other", "the", "some", "of"):
            pass
        else:
            rest.append(w)
        i += 1
    if not rest or rest[-1] in _NO_NOUN:
        return count, colour, "", rest
    rest[-1] = singular(rest[-1], known)
    for k in range(len(rest)):
        cand = " ".join(rest[k:])
        if cand in known or cand in EMOJI:
            return count, colour, cand, rest[:k]
    return count, colour, rest[-1], rest[:-1]


def split_relation(text: str) -> tuple[str, str | None, str]:
    """'a dog left of the cat' -> ('a dog', 'left of', 'the cat'); no relation -> (text, None, '')."""
    m = RELATION_RE.search(text)
    if not m:
        return text, None, ""
    return text[:m.start()].strip(), RELATION_PHRASES[m.group(1)], text[m.end():].strip()


def quoted(text: str) -> str | None:
    """The first quoted string ("..", '..', “..”) in the original text, case kept."""
    m = re.search(r"[\"“”]([^\"“”]+)[\"“”]|(?<![A-Za-z])['‘]([^'‘’]+)['’](?![A-Za-z])", text)
    if not m:
        return None
    return (m.group(1) or m.group(2)).strip() or None


def mentions_from(scene: Scene, low: str, start: int) -> list[Mention]:
    """Mentions after position ``start`` (the words following the verb)."""
    return [m for m in find_mentions(scene, low) if m.start >= start]


def objects_of(scene: Scene, mentions: list[Mention], allow_any: bool = False) -> list[SceneObject]:
    """Every object the mentions name, each once, in mention order."""
    out: list[SceneObject] = []
    for m in mentions:
        out.extend(o for o in resolve(scene, m, allow_any=allow_any) if o not in out)
    return out


def targets(scene: Scene, relation: str, rest: str, what: str) -> tuple[SceneObject, SceneObject | None]:
    """The object(s) a relation phrase names: one, or two for 'between the cup and the dog'.

    Args:
        scene: the Scene to look in.
        relation: the relation word ("between" needs two objects).
        rest: the text after the relation phrase.
        what: the thing being placed (for the error message).
    """
    objs: list[SceneObject] = []
    for hit in find_mentions(scene, rest):
        objs.extend(o for o in resolve(scene, hit) if o not in objs)
    need = 2 if relation == "between" else 1
    if len(objs) < need:
        raise EditError(f"cannot put the {what} {relation} '{rest}': "
                        + ("name two objects of the scene" if need == 2 else "no such object in the scene"))
    return objs[0], (objs[1] if need == 2 else None)
