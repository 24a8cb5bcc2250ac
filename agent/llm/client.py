"""Talking to any OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio) via LangChain.

Configuration comes, highest first, from explicit arguments, ``SCENECRAFT_LLM_*`` environment
variables, the ``[llm]`` table of the config file (``$SCENECRAFT_CONFIG`` or
``~/.config/scenecraft/config.toml``) and finally ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``.

:func:`structured_call` asks for JSON that matches a pydantic model, validates the reply itself and
sends the validation errors back to the model for a bounded number of repairs. Replies are data:
they are parsed as JSON and validated, never executed.
"""

from __future__ import annotations

import json
import logging
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from agent.defaults import config_path
from agent.errors import ScenecraftError

log = logging.getLogger("scenecraft.llm")

Method = Literal["json_schema", "function_calling", "json_mode"]
METHODS: tuple[str, ...] = ("json_schema", "function_calling", "json_mode")
T = TypeVar("T", bound=BaseModel)


class LLMUnavailableError(ScenecraftError):
    """The endpoint could not be reached, timed out, or kept failing after the retries."""


class LLMReplyError(ScenecraftError):
    """The model answered, but no reply validated within the repair budget."""


@dataclass
class LLMConfig:
    """Where the chat server is and how patient to be with it."""

    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: str | None = None
    timeout: float = 60.0  # seconds per HTTP request
    max_retries: int = 2  # HTTP-level retries (connection errors, 408/429/5xx), done by the openai client
    repairs: int = 2  # extra turns that send validation errors back to the model
    method: Method = "json_schema"
    temperature: float = 0.0
    fallback: bool = True  # on failure, say so in one line and use the offline planner
    vision_model: str | None = None  # for the MLLM critic; defaults to ``model``

    def check(self) -> LLMConfig:
        if self.method not in METHODS:
            raise ScenecraftError(f"llm method '{self.method}' is not one of {', '.join(METHODS)}")
        if self.timeout <= 0:
            raise ScenecraftError(f"llm timeout {self.timeout} must be positive")
        if not 0 <= self.max_retries <= 10 or not 0 <= self.repairs <= 10:
            raise ScenecraftError("llm max_retries and repairs must be within 0..10")
        return self

    def describe(self) -> str:
        return f"{self.model} at {self.base_url or 'https://api.openai.com/v1'}"


_ENV = {
    "base_url": "SCENECRAFT_LLM_BASE_URL",
    "model": "SCENECRAFT_LLM_MODEL",
    "api_key": "SCENECRAFT_LLM_API_KEY",
    "timeout": "SCENECRAFT_LLM_TIMEOUT",
    "max_retries": "SCENECRAFT_LLM_MAX_RETRIES",
    "repairs": "SCENECRAFT_LLM_REPAIRS",
    "method": "SCENECRAFT_LLM_METHOD",
    "vision_model": "SCENECRAFT_VLM_MODEL",
    "fallback": "SCENECRAFT_LLM_FALLBACK",
}


def _coerce(name: str, value: Any, where: str) -> Any:
    kinds = {f.name: f.type for f in fields(LLMConfig)}
    if name not in kinds:
        raise ScenecraftError(f"{where}: unknown llm setting '{name}' (known: {', '.join(sorted(kinds))})")
    try:
        if name in ("timeout", "temperature"):
            return float(value)
        if name in ("max_retries", "repairs"):
            return int(value)
        if name == "fallback":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
    except (TypeError, ValueError):
        raise ScenecraftError(f"{where}: llm setting '{name}' has a bad value {value!r}") from None
    return str(value)


def load_config(path: Path | str | None = None, **overrides: Any) -> LLMConfig:
    """Merge defaults < OPENAI_* env < config file < SCENECRAFT_LLM_* env < ``overrides``."""
    values: dict[str, Any] = {}
    if os.environ.get("OPENAI_BASE_URL"):
        values["base_url"] = os.environ["OPENAI_BASE_URL"]
    if os.environ.get("OPENAI_API_KEY"):
        values["api_key"] = os.environ["OPENAI_API_KEY"]
    cfg_file = Path(path) if path is not None else config_path()
    if cfg_file.exists():
        try:
            table = tomllib.loads(cfg_file.read_text()).get("llm", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ScenecraftError(f"cannot read config '{cfg_file}': {exc}") from None
        if not isinstance(table, dict):
            raise ScenecraftError(f"config '{cfg_file}': [llm] must be a table")
        for key, value in table.items():
            values[key] = _coerce(key, value, f"config '{cfg_file}'")
    elif path is not None:
        raise ScenecraftError(f"config file '{cfg_file}' does not exist")
    for key, var in _ENV.items():
        if os.environ.get(var):
            values[key] = _coerce(key, os.environ[var], f"${var}")
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(key, value, "argument")
    return replace(LLMConfig(), **values).check()


def chat_model(config: LLMConfig, model: str | None = None) -> Any:
    """A LangChain ``ChatOpenAI`` for ``config`` (imported here: langchain_openai costs ~2 s)."""
    if not config.api_key and not config.base_url:
        raise LLMUnavailableError(
            "no LLM configured: set SCENECRAFT_LLM_BASE_URL (local server) or SCENECRAFT_LLM_API_KEY"
        )
    from langchain_openai import ChatOpenAI

    # Local servers ignore the key, but the client refuses to start without one.
    return ChatOpenAI(
        base_url=config.base_url,
        api_key=config.api_key or "not-needed",
        model=model or config.model,
        timeout=config.timeout,
        max_retries=config.max_retries,
        temperature=config.temperature,
    )


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema sent to the server, as a dict, so LangChain does not parse (and raise) for us."""
    schema = model.model_json_schema()
    schema.setdefault("title", model.__name__)
    schema.setdefault("description", (model.__doc__ or model.__name__).strip().splitlines()[0])
    return schema


def _reply_text(raw: Any) -> str:
    """What the model said, as text: tool-call arguments (valid or not) or the message content."""
    for call in getattr(raw, "tool_calls", None) or []:
        return json.dumps(call.get("args", {}))
    for call in getattr(raw, "invalid_tool_calls", None) or []:
        return str(call.get("args") or "")
    content = getattr(raw, "content", "")
    if isinstance(content, list):  # content blocks
        content = "".join(c.get("text", "") if isinstance(c, dict) else str(c) for c in content)
    return str(content or "")


def extract_json(text: str) -> Any:
    """Parse a JSON reply; tolerate a Markdown code fence around it (small local models add one)."""
    s = text.strip()
    if s.startswith("```"):
        s = s.split("\n", 1)[1] if "\n" in s else ""
        s = s.rsplit("```", 1)[0]
    return json.loads(s)


def validation_errors(exc: PydanticValidationError, limit: int = 8) -> str:
    """All pydantic errors as short ``path: reason`` lines (what the model needs to repair its reply)."""
    lines = []
    for err in exc.errors(include_url=False)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        lines.append(f"- {loc or '(root)'}: {err.get('msg', 'invalid').removeprefix('Value error, ')}")
    return "\n".join(lines)


@dataclass
class CallReport:
    """How a structured call went: one entry per reply, with the errors that were sent back."""

    attempts: list[dict[str, Any]] = field(default_factory=list)


def structured_call(
    config: LLMConfig,
    messages: list[Any],
    schema: type[T],
    llm: Any = None,
    check: Callable[[T], list[str]] | None = None,
    report: CallReport | None = None,
) -> T:
    """Ask for a ``schema`` object; on a reply that does not validate (or fails ``check``), send the
    errors back and ask again, at most ``config.repairs`` extra times.

    ``messages``: LangChain messages or (role, text) tuples. Raises :class:`LLMUnavailableError` when
    the server cannot be used and :class:`LLMReplyError` when no reply validated.
    """
    import openai
    from langchain_core.messages import AIMessage, HumanMessage

    llm = llm if llm is not None else chat_model(config)
    bound = llm.with_structured_output(schema_for(schema), method=config.method, include_raw=True)
    history = list(messages)
    last_error = ""
    for attempt in range(config.repairs + 1):
        try:
            out = bound.invoke(history)
        except openai.APITimeoutError:
            raise LLMUnavailableError(
                f"LLM {config.describe()} timed out after {config.timeout:g}s ({config.max_retries} retries)"
            ) from None
        except openai.APIConnectionError as exc:
            raise LLMUnavailableError(f"LLM {config.describe()} is unreachable ({exc.__cause__ or exc})") from None
        except openai.APIStatusError as exc:
            hint = ""
            if exc.status_code in (400, 422) and config.method != "json_mode":
                hint = " (if the server lacks this structured-output style, set SCENECRAFT_LLM_METHOD=json_mode)"
            raise LLMUnavailableError(
                f"LLM {config.describe()} answered HTTP {exc.status_code}: {str(exc.message)[:160]}{hint}"
            ) from None
        text = _reply_text(out["raw"])
        try:
            obj = schema.model_validate(extract_json(text))
        except json.JSONDecodeError as exc:
            last_error = f"- the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        except PydanticValidationError as exc:
            last_error = validation_errors(exc)
        else:
            problems = check(obj) if check is not None else []
            if not problems:
                if report is not None:
                    report.attempts.append({"attempt": attempt, "ok": True})
                return obj
            last_error = "\n".join(f"- {p}" for p in problems)
        log.info("LLM reply %d did not validate:\n%s", attempt, last_error)
        if report is not None:
            report.attempts.append({"attempt": attempt, "ok": False, "errors": last_error})
        history += [
            AIMessage(content=text[:4000] or "(empty reply)"),
            HumanMessage(
                content=f"Your reply did not validate:\n{last_error}\n"
                f"Reply again with the complete corrected JSON object only."
            ),
        ]
    first = last_error.splitlines()[0].removeprefix("- ") if last_error else "empty reply"
    raise LLMReplyError(
        f"LLM {config.describe()} gave no valid {schema.__name__} in {config.repairs + 1} tries (last error: {first})"
    )
