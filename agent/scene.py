"""The Scene: the typed plan a planner writes and every later stage reads.

The JSON shape is a public contract (see DESIGN.md): one entry per object instance, boxes as
``[x0, y0, x1, y1]`` normalised to 0..1 with y growing downwards, relations between object names or
ids, texts with their own boxes, and a list of excluded things (``negative``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from agent.defaults import (
    MAX_IMAGE_SIDE,
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    MAX_LIST_ITEMS,
    MAX_OBJECTS,
    MAX_PROMPT_CHARS,
    MAX_RELATIONS,
    MAX_STRING_CHARS,
    MAX_TEXTS,
    SIZE,
)
from agent.errors import ValidationError, check_text, control_problem, text_problem

RelationWord = Literal[
    "left of",
    "right of",
    "above",
    "below",
    "on top of",
    "under",
    "next to",
    "near",
    "in front of",
    "behind",
    "between",
]
RELATION_WORDS: tuple[str, ...] = RelationWord.__args__  # type: ignore[attr-defined]

Box = tuple[float, float, float, float]

AnchorKind = Literal["on", "in", "worn_by", "held_by", "part_of"]
"""How an object hangs on another: rests ``on`` its top, sits ``in`` it (contents), is ``worn_by`` or
``held_by`` a wearer/holder, or is a ``part_of`` it. The renderer places and draws it accordingly."""

Region = Literal[
    "top left", "top", "top right", "left", "center", "right", "bottom left", "bottom", "bottom right",
]
"""A named region of the whole image ("in the bottom left corner", "at the top of the picture")."""
REGIONS: tuple[str, ...] = Region.__args__  # type: ignore[attr-defined]


def check_box(box: Box) -> Box:
    """Reject boxes outside the unit square or with non-positive size (no silent clipping)."""
    x0, y0, x1, y1 = box
    for v in box:
        if not (0.0 <= v <= 1.0):
            raise ValueError(f"box {list(box)} has a coordinate outside 0..1")
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"box {list(box)} needs x0 < x1 and y0 < y1")
    return box


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)


class Anchor(_Strict):
    """The object this one is attached to (``target`` is an object id) and how."""

    kind: AnchorKind
    target: str = Field(min_length=1, max_length=128)


# The attribute of an object that is lettering ("the word 'BEE'" -> a "word" carrying its text): renderers draw
# only the text on it, where the layout put the object.
LETTERING = "lettering"


class SceneObject(_Strict):
    """One object instance: ``name`` is the bare singular category; attributes live beside it.

    ``z`` is the draw order (larger is nearer the viewer and covers smaller ``z``; unset is 0); ``anchor`` ties the
    object to another (a hat worn by a cat, tulips in a vase); ``region`` records an absolute place the
    request named ("in the bottom left corner"). All three are optional, so older Scene files load.
    """

    id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=128)
    description: str = ""
    color: str | None = None
    attributes: list[str] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    box: Box
    z: int | None = Field(default=None, ge=-1000, le=1000)  # None draws as 0; kept out of old JSON
    anchor: Anchor | None = None
    region: Region | None = None

    _box = field_validator("box")(classmethod(lambda cls, v: check_box(v)))


class Relation(_Strict):
    """``subject`` stands in ``relation`` to ``object``; both are object names or ids."""

    subject: str = Field(min_length=1)
    relation: RelationWord
    object: str = Field(min_length=1)
    object2: str | None = None  # the second reference object of "between"


class SceneText(_Strict):
    """A string to render as real glyphs inside ``box``."""

    id: str = Field(min_length=1, max_length=128)
    content: str = Field(min_length=1, max_length=2000)
    box: Box
    color: str | None = None
    font: str | None = None
    align: Literal["left", "center", "right"] = "center"
    rotation: float = Field(default=0.0, ge=-360.0, le=360.0, allow_inf_nan=False)
    on: str | None = None  # id of the object the text is written on (a sign, a shirt)
    region: Region | None = None  # a named region of the image the request put this text in

    _box = field_validator("box")(classmethod(lambda cls, v: check_box(v)))


class Scene(_Strict):
    """What is where: the contract between planners, the compiler, verifiers and the critique loop."""

    prompt: str = Field(default="", max_length=MAX_PROMPT_CHARS)
    width: int = Field(default=SIZE, ge=8, le=MAX_IMAGE_SIDE)
    height: int = Field(default=SIZE, ge=8, le=MAX_IMAGE_SIDE)
    background: str = Field(default="", max_length=MAX_STRING_CHARS)
    style: str = Field(default="", max_length=MAX_STRING_CHARS)
    objects: list[SceneObject] = Field(default_factory=list, max_length=MAX_OBJECTS)
    relations: list[Relation] = Field(default_factory=list, max_length=MAX_RELATIONS)
    texts: list[SceneText] = Field(default_factory=list, max_length=MAX_TEXTS)
    negative: list[str] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)

    @model_validator(mode="after")
    def _check_references(self) -> Scene:
        seen: set[str] = set()
        for item in [*self.objects, *self.texts]:
            if item.id in seen:
                raise ValueError(f"duplicate id '{item.id}'")
            seen.add(item.id)
        names = {o.name for o in self.objects} | {o.id for o in self.objects}
        for i, rel in enumerate(self.relations):
            for field in ("subject", "object", "object2"):
                ref = getattr(rel, field)
                if ref is not None and ref not in names:
                    raise ValueError(f"relations[{i}].{field} '{ref}' names no object")
            if rel.relation == "between" and rel.object2 is None:
                raise ValueError(f"relations[{i}]: 'between' needs object2")
        object_ids = {o.id for o in self.objects}
        for o in self.objects:
            if o.anchor is not None and (o.anchor.target not in object_ids or o.anchor.target == o.id):
                raise ValueError(f"object '{o.id}'.anchor.target '{o.anchor.target}' names no other object")
        for t in self.texts:
            if t.on is not None and t.on not in object_ids:
                raise ValueError(f"text '{t.id}'.on '{t.on}' names no object")
        return self

    # -- (de)serialisation -------------------------------------------------------------------------
    @classmethod
    def parse(cls, data: Any) -> Scene:
        """Build a Scene from a dict or JSON text, raising only the project's :class:`ValidationError`.

        The raw data is checked against the documented limits first (list lengths, string lengths,
        nesting, valid text), so a hostile file is rejected before a single object is built."""
        data = load_json(data, "scene")
        cls.check_raw(data)
        return parse_model(cls, data, where="scene")

    @classmethod
    def check_raw(cls, data: Any, where: str = "scene") -> None:
        """The documented limits on plain JSON data (a file, an LLM reply) before any model is built."""
        check_lengths(data, SCENE_LISTS, where)
        if isinstance(data, dict) and isinstance(data.get("objects"), list):
            for i, obj in enumerate(data["objects"]):
                check_lengths(obj, {"attributes": MAX_LIST_ITEMS}, f"{where}.objects[{i}]")
        check_json_value(data, where)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=True)

    # -- queries --------------------------------------------------------------------------------
    def objects_named(self, ref: str) -> list[SceneObject]:
        """Objects whose id or name is ``ref`` (relations may use either)."""
        return [o for o in self.objects if o.id == ref or o.name == ref]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.objects:
            out[o.name] = out.get(o.name, 0) + 1
        return out


M = TypeVar("M", bound=BaseModel)
SCENE_LISTS = {"objects": MAX_OBJECTS, "texts": MAX_TEXTS, "relations": MAX_RELATIONS, "negative": MAX_LIST_ITEMS}
MAX_JSON_ITEMS = 200_000  # values in one JSON document, whatever its shape


def check_prompt(prompt: Any, where: str = "prompt") -> str:
    """A request (prompt, instruction, batch line) every entry point accepts: non-empty valid text
    within ``MAX_PROMPT_CHARS``; anything else is one :class:`ValidationError` naming ``where``."""
    if not isinstance(prompt, str):
        raise ValidationError(f"must be text, not {type(prompt).__name__}", where=where)
    check_text(prompt, where, MAX_PROMPT_CHARS)
    if problem := control_problem(prompt):
        raise ValidationError(problem, where=where)
    if not prompt.strip():
        raise ValidationError("is empty", where=where)
    return prompt


@contextmanager
def scene_errors(where: str) -> Iterator[None]:
    """Turn a pydantic error from building a Scene in code (a planner, an edit) into one
    :class:`ValidationError`: a prompt that asks for more than the limits allow is the user's to fix."""
    try:
        yield
    except PydanticValidationError as exc:
        raise ValidationError(first_error(exc), where=where) from None


def load_json(data: Any, where: str, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """JSON text (str/bytes) as Python data, within ``max_bytes``; other data is returned as is."""
    if not isinstance(data, (str, bytes, bytearray)):
        return data
    if len(data) > max_bytes:
        raise ValidationError(f"is {len(data)} bytes of JSON (limit {max_bytes})", where=where)
    if isinstance(data, str) and (problem := text_problem(data)):
        raise ValidationError(f"text {problem}", where=where)
    if len(data) > 10_000 and _too_deep(data):
        raise ValidationError(f"JSON nested too deeply (limit {MAX_JSON_DEPTH} levels)", where=where)
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"invalid JSON ({exc.msg} at line {exc.lineno})", where=where) from None
    except RecursionError:
        raise ValidationError("JSON nested too deeply", where=where) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(f"not JSON text ({str(exc)[:80]})", where=where) from None


# The closing quote is optional so an unterminated string runs to the end in one pass: with a required
# quote, each of n stray '"' rescans the rest of the input (quadratic: a 516-byte zlib PNG chunk held 90 s).
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"?')


def _too_deep(data: str | bytes | bytearray, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests deeper than ``limit``, found by a running bracket count (numpy, C speed)
    instead of building the objects: parsing 4 MiB of deep nesting costs seconds."""
    import numpy as np

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    codes = np.frombuffer(_JSON_STRING.sub(b"", raw), dtype=np.uint8)
    masked = codes | 0x20  # '[' 0x5B and '{' 0x7B both become 0x7B; ']' 0x5D and '}' 0x7D both 0x7D
    steps = (masked == 0x7B).astype(np.int32)
    steps -= masked == 0x7D
    return bool(steps.size) and int(np.cumsum(steps, out=steps).max()) > limit


def check_lengths(data: Any, limits: dict[str, int], where: str) -> None:
    """The lists of ``data`` (a dict) named in ``limits`` are no longer than their limit."""
    if not isinstance(data, dict):
        return
    for key, limit in limits.items():
        value = data.get(key)
        if isinstance(value, (list, dict, str)) and len(value) > limit:
            raise ValidationError(f"holds {len(value)} items (limit {limit})", where=f"{where}.{key}")


def check_json_value(data: Any, where: str, max_str: int = MAX_STRING_CHARS, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Walk plain JSON data without recursion: every string (key or value) is valid text within
    ``max_str`` characters, nesting stays within ``max_depth`` and the whole holds at most
    ``MAX_JSON_ITEMS`` values. Raises one :class:`ValidationError` naming the path.

    Args:
        data: parsed JSON (dicts, lists, strings, numbers, None).
        where: what the data is, for the error (``graph``, ``scene``).
        max_str: the longest string allowed.
        max_depth: the deepest nesting allowed.
    """
    stack: list[tuple[Any, str, int]] = [(data, where, 0)]
    seen = 0
    while stack:
        value, path, depth = stack.pop()
        seen += 1
        if seen > MAX_JSON_ITEMS:
            raise ValidationError(f"holds more than {MAX_JSON_ITEMS} values", where=where)
        if isinstance(value, str):
            _check_string(value, path, max_str)
        elif isinstance(value, (dict, list, tuple)):
            if depth >= max_depth:
                raise ValidationError(f"nested deeper than {max_depth} levels", where=path)
            if isinstance(value, dict):
                for k, v in value.items():
                    key = k if isinstance(k, str) else str(k)
                    _check_string(key, f"{path} key", MAX_STRING_CHARS)
                    stack.append((v, f"{path}.{key[:40]}", depth + 1))
            else:
                if seen + len(value) > MAX_JSON_ITEMS:
                    raise ValidationError(f"holds more than {MAX_JSON_ITEMS} values", where=where)
                stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))


def _check_string(value: str, path: str, max_str: int) -> None:
    if len(value) > max_str:
        raise ValidationError(f"is {len(value)} characters long (limit {max_str})", where=path)
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, where=path)


def parse_model(model: type[M], data: Any, where: str) -> M:
    """Validate a dict or JSON text into ``model``; any failure becomes one :class:`ValidationError`."""
    try:
        if isinstance(data, (str, bytes, bytearray)):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(first_error(exc), where=where) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValidationError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, where=where) from None


def first_error(exc: PydanticValidationError) -> str:
    """One short line from a pydantic error: the location path and the reason."""
    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
    msg = err.get("msg", "invalid").removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def dumps_scene_dict(scene: Scene) -> dict[str, Any]:
    """Plain-JSON dict of a Scene (what graph params and PNG chunks carry)."""
    return json.loads(scene.to_json(indent=None))
