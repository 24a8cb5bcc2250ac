"""The prompt library: templates in ``prompts/<name>.toml``, loaded and rendered by name.

A template file holds ``description``, the ``variables`` it needs, a ``system`` and a ``user``
template, and optional few-shot ``[[examples]]`` (``user``/``assistant`` pairs, used verbatim).
Placeholders are ``{name}``; any other brace is literal text, so JSON in a template needs no
escaping. Substitution is a single regex pass over plain names: no attribute or index access, no
format specs, nothing evaluated, and a value that itself contains ``{x}`` is never expanded again.

Why TOML inside a ``prompts`` package: ``tomllib`` is in the standard library (YAML would add a
dependency), multi-line strings keep prompts readable, and shipping the folder as a package with
``package-data`` means installed wheels find the files through ``importlib.resources`` exactly as a
source checkout does. ``$SCENECRAFT_PROMPTS`` may name a folder whose files override the built-ins.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from agent.errors import ScenecraftError

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PromptError(ScenecraftError):
    """An unknown template name, a malformed template file, or a missing/unknown variable."""


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    description: str
    variables: tuple[str, ...]
    system: str
    user: str
    examples: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def render(self, **values: object) -> list[tuple[str, str]]:
        """Messages as ``(role, text)`` pairs: system, the few-shot turns, then the user turn."""
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise PromptError(f"prompt '{self.name}' needs variable(s) {', '.join(missing)}")
        unknown = sorted(set(values) - set(self.variables))
        if unknown:
            raise PromptError(
                f"prompt '{self.name}' has no variable(s) {', '.join(unknown)} "
                f"(it takes: {', '.join(self.variables) or 'none'})"
            )
        text = {k: str(v) for k, v in values.items()}
        messages = [("system", _fill(self.system, text))]
        for user, assistant in self.examples:
            messages += [("human", user), ("ai", assistant)]
        messages.append(("human", _fill(self.user, text)))
        return messages


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), template)


def _builtin_dir() -> Path | None:
    try:
        return Path(str(resources.files("prompts")))
    except (ModuleNotFoundError, TypeError):
        here = Path(__file__).resolve().parents[2] / "prompts"
        return here if here.is_dir() else None


def _search_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("SCENECRAFT_PROMPTS"):
        dirs.append(Path(os.environ["SCENECRAFT_PROMPTS"]))
    builtin = _builtin_dir()
    if builtin is not None:
        dirs.append(builtin)
    return dirs


def available() -> list[str]:
    """Names of all templates that :func:`load` can find."""
    return sorted({p.stem for d in _search_dirs() if d.is_dir() for p in d.glob("*.toml")})


def load(name: str) -> PromptTemplate:
    """The template called ``name`` (a clear error names the known ones when it does not exist)."""
    if not _NAME.match(name):  # also keeps the name from walking out of the folder
        raise PromptError(f"prompt name '{name}' must be lower-case letters, digits and _")
    for d in _search_dirs():
        path = d / f"{name}.toml"
        if path.is_file():
            return _load_file(path, path.stat().st_mtime_ns)
    raise PromptError(f"unknown prompt '{name}' (known: {', '.join(available()) or 'none'})")


def render(name: str, **values: object) -> list[tuple[str, str]]:
    """Load ``name`` and render it with ``values``."""
    return load(name).render(**values)


@lru_cache(maxsize=64)
def _load_file(path: Path, _mtime: int) -> PromptTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"prompt file '{path}' is not readable TOML: {exc}") from None
    where = f"prompt file '{path}'"
    for key in ("system", "user"):
        if not isinstance(data.get(key), str):
            raise PromptError(f"{where}: '{key}' must be a string")
    variables = data.get("variables", [])
    if not (
        isinstance(variables, list)
        and all(isinstance(v, str) and _PLACEHOLDER.fullmatch("{" + v + "}") for v in variables)
    ):
        raise PromptError(f"{where}: 'variables' must be a list of plain names")
    used = set(_PLACEHOLDER.findall(data["system"])) | set(_PLACEHOLDER.findall(data["user"]))
    undeclared = sorted(used - set(variables))
    if undeclared:
        raise PromptError(f"{where}: placeholder(s) {', '.join(undeclared)} are not in 'variables'")
    examples = []
    for i, ex in enumerate(data.get("examples", [])):
        if not (isinstance(ex, dict) and isinstance(ex.get("user"), str) and isinstance(ex.get("assistant"), str)):
            raise PromptError(f"{where}: examples[{i}] needs string 'user' and 'assistant'")
        examples.append((ex["user"], ex["assistant"]))
    return PromptTemplate(
        name=path.stem,
        description=str(data.get("description", "")),
        variables=tuple(variables),
        system=data["system"],
        user=data["user"],
        examples=tuple(examples),
    )
