"""The project's own exceptions.

Every problem a user can cause (bad JSON, an unknown plugin, a cycle, a missing model) is raised as a
:class:`ScenecraftError` subclass with a short message that names the thing at fault, so the CLI can
print one line and exit 2 instead of a traceback.
"""

from __future__ import annotations


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


def one_line(text: str) -> str:
    """Escape control characters (a newline inside a user's field name must not break the one-line message)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class RegistryError(ScenecraftError):
    """Plugin registration or lookup failed (duplicate id, unknown id, broken entry point)."""


class PluginError(ScenecraftError):
    """A plugin broke its own contract (the plugin's fault, not the input's): ``run`` returned something other
    than its ``Output``, or ``run_batch`` returned the wrong number of outputs. The executor records it against
    the node like any failure; the message names the plugin id."""


class ModelUnavailableError(ScenecraftError):
    """Model weights are not present (offline, wrong path); the message says how to get them."""
