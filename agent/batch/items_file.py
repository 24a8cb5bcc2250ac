"""Prompt files for ``scenecraft batch``: ``.txt``, ``.jsonl`` and ``.csv`` into validated items.

- ``.txt``: one prompt a line; blank lines and lines starting with ``#`` are skipped.
- ``.jsonl``: one JSON object a line with ``prompt`` and optional ``id``, ``seed``, ``n``, ``backend``,
  ``model``, ``steps``, ``width``, ``height`` and the generation controls ``negative_prompt``,
  ``guidance_scale``, ``strength``, ``scheduler``, ``loras`` (a list of ``PATH_OR_ID[:SCALE]``).
- ``.csv``: a header row with a ``prompt`` column; the optional columns above are read when present
  (``loras`` separated by ``;``).

A bad line (invalid JSON, a missing prompt, a wrong type, a duplicate id) becomes a :class:`LineError`
with its line number and reason; the other lines still become items. Fields the batch runner does not
use (GenEval's ``tag``, ``include``) are ignored but listed in ``BatchFile.ignored_fields``, so a typo
is visible rather than silent. Every item gets a folder ``name`` that is safe whatever its id says.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from pydantic import ValidationError as PydanticValidationError

from agent.errors import ScenecraftError, control_problem
from agent.scene import first_error
from agent.util.safe_names import NameAllocator, safe_name, short_hash

FORMATS = (".txt", ".jsonl", ".csv")
CONTROL_FIELDS = ("negative_prompt", "guidance_scale", "strength", "scheduler", "loras")
ITEM_FIELDS = ("id", "prompt", "seed", "n", "backend", "model", "steps", "width", "height", *CONTROL_FIELDS)
_INT_FIELDS = ("seed", "n", "steps", "width", "height")
_FLOAT_FIELDS = ("guidance_scale", "strength")
MAX_ITEMS = 1_000_000


class ItemSpec(BaseModel):
    """What one line asks for. ``None`` means "use the batch default" (``--seed``, ``--backend``...)."""

    model_config = ConfigDict(extra="forbid")

    prompt: StrictStr = Field(min_length=1, max_length=4000)
    id: StrictStr | None = Field(default=None, min_length=1, max_length=256)
    seed: StrictInt | None = Field(default=None, ge=0, lt=2**63)
    n: StrictInt = Field(default=1, ge=1, le=64)
    backend: StrictStr | None = Field(default=None, min_length=1, max_length=64)
    model: StrictStr | None = Field(default=None, min_length=1, max_length=512)
    steps: StrictInt | None = Field(default=None, ge=1, le=1000)
    width: StrictInt | None = Field(default=None, ge=8, le=8192)
    height: StrictInt | None = Field(default=None, ge=8, le=8192)
    negative_prompt: StrictStr | None = Field(default=None, max_length=4000)
    guidance_scale: float | None = Field(default=None, ge=0.0, le=50.0)
    strength: float | None = Field(default=None, gt=0.0, le=1.0)
    scheduler: StrictStr | None = Field(default=None, min_length=1, max_length=100)
    loras: list[StrictStr] | None = Field(default=None, max_length=16)

    def controls(self) -> dict[str, Any]:
        """The generation controls this line sets, as ``Agent.run`` options."""
        names = {"guidance_scale": "guidance"}
        return {names.get(k, k): getattr(self, k) for k in CONTROL_FIELDS if getattr(self, k) is not None}


class BatchItem(ItemSpec):
    """A validated line: its id (given or derived), where it came from, and its output folder name."""

    id: str
    line: int
    name: str


class LineError(BaseModel):
    line: int
    reason: str


@dataclass
class BatchFile:
    path: Path
    items: list[BatchItem] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    ignored_fields: list[str] = field(default_factory=list)


def _auto_id(spec: ItemSpec) -> str:
    """Readable and stable: the prompt's start plus a hash of the whole spec (so edits elsewhere in the
    file do not renumber it, and a resumed run finds the same ids)."""
    unset = {k for k in CONTROL_FIELDS if getattr(spec, k) is None}  # ids from before the controls stay the same
    digest = short_hash(spec.model_dump_json(exclude=unset))
    return f"{safe_name(spec.prompt, max_bytes=40, fallback='prompt')}-{digest}"


def _rows_txt(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    rows: list[tuple[int, dict[str, Any] | str]] = []
    for i, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            rows.append((i, {"prompt": line}))
    return rows


def _rows_jsonl(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    rows: list[tuple[int, dict[str, Any] | str]] = []
    for i, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            rows.append((i, f"invalid JSON ({exc.msg} at column {exc.colno})"))
            continue
        except RecursionError:
            rows.append((i, "invalid JSON (nested too deeply)"))
            continue
        rows.append((i, obj if isinstance(obj, dict) else f"expected a JSON object, got {type(obj).__name__}"))
    return rows


def _rows_csv(text: str, path: Path) -> list[tuple[int, dict[str, Any] | str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ScenecraftError(f"{path}: line 1: bad CSV header ({exc})") from None
    _check_header(header, path)
    rows: list[tuple[int, dict[str, Any] | str]] = []
    start = reader.line_num + 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc):  # a quote never closed: every later row would vanish into one cell
                raise ScenecraftError(f"{path}: line {start}: a quoted cell is never closed "
                                      "(it would swallow every later row)") from None
            rows.append((start, f"bad CSV ({exc})"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if None in rec:
            rows.append((line, f"{len(rec[None])} more cells than header columns"))
            continue
        cells = {k.strip(): v for k, v in rec.items() if k is not None}
        if all(v is None or not v.strip() for v in cells.values()):
            continue
        obj: dict[str, Any] = {}
        bad = None
        for key, value in cells.items():
            if value is None or (key != "prompt" and not value.strip()):
                continue  # an empty optional cell means "use the default"
            if key in _INT_FIELDS or key in _FLOAT_FIELDS:
                kind = int if key in _INT_FIELDS else float
                try:
                    obj[key] = kind(value.strip())
                except ValueError:
                    bad = f"{key}: '{value}' is not {'an integer' if kind is int else 'a number'}"
                    break
            elif key == "loras":
                obj[key] = [x.strip() for x in value.split(";") if x.strip()]
            else:
                obj[key] = value.strip() if key != "prompt" else value
        rows.append((line, bad if bad else obj))
    return rows


def _check_header(header: Sequence[str] | None, path: Path) -> None:
    """A ``prompt`` column, and no column named twice (the later one would silently win)."""
    names = [h.strip() for h in header or []]
    if "prompt" not in names:
        raise ScenecraftError(f"{path}: line 1: the CSV header has no 'prompt' column "
                              f"(found: {', '.join(names)[:120] or 'nothing'})")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ScenecraftError(f"{path}: line 1: the CSV header names {', '.join(repr(d) for d in dupes)[:120]} "
                              "more than once")


def read_batch_file(path: Path | str) -> BatchFile:
    """Read and validate a prompt file. File-level problems raise; line-level ones are collected."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        raise ScenecraftError(f"{p}: unknown prompt file type '{suffix or '(none)'}' (use .txt, .jsonl or .csv)")
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ScenecraftError(f"cannot read prompt file '{p}': {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ScenecraftError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    if suffix == ".txt":
        rows = _rows_txt(text)
    elif suffix == ".jsonl":
        rows = _rows_jsonl(text)
    else:
        rows = _rows_csv(text, p)
    if len(rows) > MAX_ITEMS:
        raise ScenecraftError(f"{p}: {len(rows)} lines is more than the {MAX_ITEMS} a batch takes")

    out = BatchFile(path=p)
    ignored: set[str] = set()
    first_line: dict[str, int] = {}
    names = NameAllocator()
    for line, row in rows:
        if isinstance(row, str):
            out.errors.append(LineError(line=line, reason=row))
            continue
        data = {k: v for k, v in row.items() if k in ITEM_FIELDS}
        ignored.update(k for k in row if k not in ITEM_FIELDS)
        if isinstance(data.get("id"), int) and not isinstance(data.get("id"), bool):
            data["id"] = str(data["id"])
        prompt = data.get("prompt")
        if isinstance(prompt, str) and (problem := control_problem(prompt) or ("" if prompt.strip() else "is empty")):
            out.errors.append(LineError(line=line, reason=f"prompt {problem}"))  # refused here, not at run time
            continue
        try:
            spec = ItemSpec.model_validate(data)
        except PydanticValidationError as exc:
            out.errors.append(LineError(line=line, reason=first_error(exc)))
            continue
        given = spec.id is not None
        item_id = spec.id if given else _auto_id(spec)
        if item_id in first_line:
            if given:
                out.errors.append(LineError(line=line,
                                            reason=f"duplicate id '{item_id}' (first on line {first_line[item_id]})"))
                continue
            k = 2
            while f"{item_id}~{k}" in first_line:
                k += 1
            item_id = f"{item_id}~{k}"  # the same prompt twice: both run, as separate items
        first_line[item_id] = line
        out.items.append(BatchItem(**{**spec.model_dump(), "id": item_id}, line=line, name=names.take(item_id)))
    out.ignored_fields = sorted(ignored)
    return out
