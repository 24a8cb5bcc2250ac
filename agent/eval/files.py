"""Reading benchmark files: every bad row is one line naming the file and line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from agent.errors import ScenecraftError
from agent.scene import first_error
from agent.util.user_files import read_text_file

R = TypeVar("R", bound=BaseModel)


def read_text(path: Path) -> str:
    return read_text_file(path, "benchmark file")


def read_rows(path: Path, model: type[R]) -> list[R]:
    """Each non-blank line of a JSONL file validated as ``model``."""
    rows = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(model.model_validate_json(line))
        except PydanticValidationError as exc:
            raise ScenecraftError(f"{path}:{n}: {first_error(exc)}") from None
    return rows


def read_json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ScenecraftError(f"{path}: not valid JSON ({exc})".splitlines()[0]) from None


class IncludeItem(BaseModel):
    """One GenEval ``include``/``exclude`` entry: a COCO class, a count, maybe a colour and a position."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    class_: str = Field(alias="class", min_length=1)
    count: int = Field(ge=0)
    color: str | None = None
    position: tuple[str, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


class GenEvalRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    prompt: str
    tag: str
    include: list[IncludeItem]
    exclude: list[IncludeItem] = []


class LMDRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    index: int
    prompt: str
    category: str
