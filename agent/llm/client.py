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
import math
import os
import threading
import time
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
    timeout: float = 20.0  # seconds for one whole call: every HTTP retry and repair turn shares this budget
    max_retries: int = 2  # HTTP-level retries (connection errors, 408/429/5xx) while the budget lasts
    repairs: int = 2  # extra turns that send validation errors back to the model
    method: Method = "json_schema"
    temperature: float = 0.0
    fallback: bool = True  # on failure, say so in one line and use the offline planner
    vision_model: str | None = None  # for the MLLM critic; defaults to ``model``

    def check(self) -> LLMConfig:
        if self.method not in METHODS:
            raise ScenecraftError(f"llm method '{self.method}' is not one of {', '.join(METHODS)}")
        if not isinstance(self.timeout, (int, float)) or not math.isfinite(self.timeout) or self.timeout <= 0:
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


def chat_model(config: LLMConfig, model: str | None = None, client_retries: bool = True) -> Any:
    """A LangChain ``ChatOpenAI`` for ``config`` (imported here: langchain_openai costs ~2 s).

    ``client_retries=False`` leaves HTTP retries to :func:`structured_call`, which keeps them inside
    one time budget and honours ``Retry-After`` only when it fits (the planner and critics use that)."""
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
        max_retries=config.max_retries if client_retries else 0,
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


MAX_REPLY_CHARS = 256_000  # a reply longer than this is refused before it is parsed
_RETRY_STATUS = (408, 409, 429)


def extract_json(text: str) -> Any:
    """Parse a JSON reply; tolerate a Markdown code fence around it (small local models add one).
    Raises ``ValueError`` for anything that is not JSON (too long, broken, nested too deeply)."""
    if len(text) > MAX_REPLY_CHARS:
        raise ValueError(f"the reply is {len(text)} characters long (limit {MAX_REPLY_CHARS})")
    s = text.strip()
    if s.startswith("```"):
        s = s.split("\n", 1)[1] if "\n" in s else ""
        s = s.rsplit("```", 1)[0]
    try:
        return json.loads(s)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise ValueError("the reply is not valid JSON (nested too deeply)") from None


def parse_reply(text: str, schema: type[T]) -> T:
    """The reply as a ``schema`` object. Every failure is a ``ValueError`` (its text goes back to the
    model) or a pydantic ``ValidationError``. Before validation the plain data must be valid text within
    the string, nesting and size limits, and within the schema's own ``check_raw`` limits (a Scene's
    object, text and relation counts)."""
    from agent.errors import ScenecraftError as _Err
    from agent.scene import check_json_value

    data = extract_json(text)
    check_raw = getattr(schema, "check_raw", None)
    try:
        if check_raw is not None:
            check_raw(data, "reply")
        else:
            check_json_value(data, "reply")
        return schema.model_validate(data)
    except PydanticValidationError:
        raise
    except (_Err, TypeError, RecursionError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None


def _retry_after(exc: Any) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``retry-after``), if it said."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for key, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            if headers.get(key) is not None:
                return max(0.0, float(headers[key]) * scale)
        except (TypeError, ValueError):
            continue
    return None


def invoke_within(bound: Any, history: list[Any], config: LLMConfig, deadline: float) -> Any:
    """One model turn with HTTP retries (connection errors, 408/409/429/5xx) while ``deadline`` allows;
    a ``Retry-After`` longer than the time left ends the call instead of waiting. Anything the client
    cannot read (a non-JSON body, an odd structure) is an :class:`LLMReplyError`.

    Args:
        bound: the chat model with structured output (``with_structured_output(..., include_raw=True)``).
        history: the messages so far.
        config: retry counts and per-request timeout.
        deadline: ``time.monotonic()`` value by which the whole call must end.
    """
    import openai

    for attempt in range(config.max_retries + 1):
        try:
            return _before(deadline, lambda: bound.invoke(history))
        except (openai.APITimeoutError, TimeoutError):
            raise LLMUnavailableError(f"LLM {config.describe()} timed out after {config.timeout:g}s") from None
        except (openai.APIConnectionError, openai.APIStatusError) as exc:
            status = getattr(exc, "status_code", None)
            retryable = status is None or status in _RETRY_STATUS or status >= 500
            wait = _retry_after(exc)
            wait = min(0.5 * 2**attempt, 4.0) if wait is None else wait
            if retryable and attempt < config.max_retries and time.monotonic() + wait < deadline:
                time.sleep(wait)
                continue
            raise _unavailable(exc, config) from None
        except Exception as exc:  # noqa: BLE001 - the server answered something the client cannot read
            raise LLMReplyError(f"LLM {config.describe()} sent an unreadable reply ({type(exc).__name__}: "
                                f"{str(exc)[:120]})") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _before(deadline: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result, or ``TimeoutError`` once ``deadline`` passes (the call is left to finish on a
    daemon thread: the client's own per-request timeout cannot know how much of the budget is left)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="scenecraft-llm", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]


def _unavailable(exc: Any, config: LLMConfig) -> LLMUnavailableError:
    import openai

    if not isinstance(exc, openai.APIStatusError):
        return LLMUnavailableError(f"LLM {config.describe()} is unreachable ({exc.__cause__ or exc})")
    hint = ""
    if exc.status_code in (400, 422) and config.method != "json_mode":
        hint = " (if the server lacks this structured-output style, set SCENECRAFT_LLM_METHOD=json_mode)"
    return LLMUnavailableError(
        f"LLM {config.describe()} answered HTTP {exc.status_code}: {str(exc.message)[:160]}{hint}")


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

    Args:
        config: endpoint, model, timeouts and repair count.
        messages: LangChain messages or (role, text) tuples.
        schema: the pydantic model the reply must fill.
        llm: a ready chat model (tests); default: built from ``config``.
        check: extra checks on a valid reply; its problems are sent back like validation errors.
        report: when given, gets one entry per reply, with the errors that were sent back.

    Raises :class:`LLMUnavailableError` when the server cannot be used and :class:`LLMReplyError` when
    no reply validated.
    """
    from langchain_core.messages import AIMessage, HumanMessage

    llm = llm if llm is not None else chat_model(config, client_retries=False)
    bound = llm.with_structured_output(schema_for(schema), method=config.method, include_raw=True)
    history = list(messages)
    last_error = ""
    deadline = time.monotonic() + config.timeout
    tries = 0
    for attempt in range(config.repairs + 1):
        if attempt and time.monotonic() >= deadline:
            break
        tries += 1
        out = invoke_within(bound, history, config, deadline)
        text = _reply_text(out["raw"]) if isinstance(out, dict) and "raw" in out else ""
        try:
            obj = parse_reply(text, schema)
        except PydanticValidationError as exc:  # (a ValueError too: first)
            last_error = validation_errors(exc)
        except ValueError as exc:
            last_error = f"- {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
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
        f"LLM {config.describe()} gave no valid {schema.__name__} in {tries} tries (last error: {first[:200]})"
    )
