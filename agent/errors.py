"""The project's own exceptions, and the checks every boundary shares for untrusted text.

Every problem a user can cause (bad JSON, an unknown plugin, a cycle, a missing model) is raised as a
:class:`ScenecraftError` subclass with a short message that names the thing at fault, so the CLI can
print one line and exit 2 instead of a traceback.

One rule for text that is not valid Unicode (lone surrogates: invalid UTF-8 in argv arrives as
``\\udcff``, a JSON ``"\\ud800"`` escape decodes to one): it is rejected with one line naming the field,
never silently changed (:func:`check_text`). Messages are capped at :data:`MAX_ERROR_CHARS` so an error
never echoes a megabyte of hostile input.
"""

from __future__ import annotations

import re

MAX_ERROR_CHARS = 300
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc, less tab, newline, return


class ScenecraftError(Exception):
    """Base class: a problem the user can fix. The message is one line and names what is wrong."""

    exit_code: int = 2


class ValidationError(ScenecraftError):
    """A Scene, TaskGraph or plugin input that does not satisfy its contract.

    ``where`` names the node/object and field (``"node 'sketch' field 'width'"``) so the message points
    at the exact place.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        text = f"{where}: {message}" if where else message
        super().__init__(one_line(text))


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """Escape control characters (a newline inside a user's field name must not break the one-line
    message) and cut the result to ``limit`` characters."""
    if len(text) > 4 * limit:
        text = text[: 4 * limit]
    out = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def short(value: object, limit: int = 60) -> str:
    """A value for an error message: ``repr`` cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def text_problem(value: str) -> str | None:
    """Why ``value`` is not valid Unicode text, or None: a lone surrogate (from invalid UTF-8 or an escape)."""
    m = _SURROGATE.search(value)
    if m is None:
        return None
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # Python's surrogateescape of an undecodable byte
        return f"is not valid UTF-8 (byte 0x{code - 0xDC00:02x} at character {m.start()})"
    return f"holds a lone surrogate U+{code:04X} at character {m.start()} (not valid Unicode)"


def control_problem(value: str) -> str | None:
    """Why ``value`` is no request text, or None: a control character (NUL, ESC, BEL, ...). A prompt is
    read, stored, logged and written into PNG text chunks; a NUL cuts it short in C code and an escape
    sequence rewrites the terminal that prints it, so it is refused, not stripped."""
    m = _CONTROL.search(value)
    return None if m is None else f"holds control character U+{ord(m.group()):04X} at character {m.start()}"


def check_text(value: str, where: str, max_chars: int | None = None) -> str:
    """``value`` unchanged when it is valid text within ``max_chars``; else one :class:`ValidationError`."""
    if not isinstance(value, str):
        raise ValidationError(f"must be text, not {type(value).__name__}", where=where)
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, where=where)
    if max_chars is not None and len(value) > max_chars:
        raise ValidationError(f"is {len(value)} characters long (limit {max_chars})", where=where)
    return value


class RegistryError(ScenecraftError):
    """Plugin registration or lookup failed (duplicate id, unknown id, broken entry point)."""


class PluginError(ScenecraftError):
    """A plugin broke its own contract (the plugin's fault, not the input's): ``run`` returned something other
    than its ``Output``, or ``run_batch`` returned the wrong number of outputs. The executor records it against
    the node like any failure; the message names the plugin id."""


class ModelUnavailableError(ScenecraftError):
    """Model weights are not present (offline, wrong path); the message says how to get them."""
