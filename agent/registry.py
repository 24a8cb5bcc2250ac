"""The plugin contract and the registry that finds plugins.

A plugin is one class: a namespaced ``id``, a ``version``, pydantic ``Input`` and ``Output`` models and
``run(inp, ctx) -> Output``. Built-ins register with :func:`register`; third-party packages expose
classes through the ``scenecraft.plugins`` entry-point group. A duplicate id is an error, never a
silent overwrite (ComfyUI users lose nodes to that).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Hashable, Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from agent.errors import RegistryError

if TYPE_CHECKING:
    from agent.context import RunContext

ENTRY_POINT_GROUP = "scenecraft.plugins"
BUILTIN_MODULES: tuple[str, ...] = ("plugins",)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class PluginIO(BaseModel):
    """Base for plugin ``Input``/``Output`` models: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=False)


class Plugin:
    """Base class for plugins. Subclasses set ``id``, ``version``, ``Input``, ``Output`` and ``run``.

    ``deterministic`` plugins give the same bytes for the same inputs and seed (so caching and
    ``run --from`` reproduce them). ``cacheable = False`` opts a node out of the cache (e.g. a critic
    calling a remote model). ``network = True`` marks a plugin that sends data to a remote endpoint:
    ``run --from`` on an untrusted PNG refuses such a node unless the user passes ``--allow-remote``.
    """

    id: ClassVar[str]
    version: ClassVar[str] = "0.1.0"
    description: ClassVar[str] = ""
    Input: ClassVar[type[PluginIO]]
    Output: ClassVar[type[PluginIO]]
    deterministic: ClassVar[bool] = True
    cacheable: ClassVar[bool] = True
    network: ClassVar[bool] = False  # calls a remote endpoint (with the user's key): run --from asks first

    def run(self, inp: Any, ctx: RunContext) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def model_ids(self, inp: Any) -> list[str]:
        """Model ids this call uses (recorded as provenance). Plugins that load models override it."""
        return []

    # -- optional batching ---------------------------------------------------------------------------
    # A diffusion pipeline runs many prompts in one call for little more than the cost of one (shared
    # text-encoder, UNet and VAE passes). The executor's ``prefetch`` uses these two methods to run the
    # same node of many graphs (a batch file's items) as one call and cache each node's output.

    def batch_key(self, inp: Any) -> Hashable | None:
        """What must be equal for inputs to share one ``run_batch`` call; ``None``: never batch this one.

        Everything that changes the call except what varies per item (prompt, seed) belongs in it.
        """
        return None

    def run_batch(self, inps: list[Any], ctxs: list[RunContext]) -> list[Any]:
        """One Output per input, in order. Default: a loop over :meth:`run` (correct, not faster).

        Called only with inputs whose :meth:`batch_key` is equal. Output ``i`` must be what ``run(inps[i],
        ctxs[i])`` returns (up to what the plugin documents), since it is cached under that node's key.
        """
        return [self.run(i, c) for i, c in zip(inps, ctxs, strict=True)]


P = TypeVar("P", bound=type[Plugin])


def _check_plugin_class(cls: Any, origin: str) -> None:
    if not isinstance(cls, type) or not issubclass(cls, Plugin):
        raise RegistryError(f"{origin}: {cls!r} is not a Plugin subclass")
    pid = getattr(cls, "id", None)
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise RegistryError(f"{origin}: plugin id {pid!r} must be namespaced lower-case like 'text.render'")
    for attr in ("Input", "Output"):
        model = getattr(cls, attr, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise RegistryError(f"{origin}: plugin '{pid}' needs a pydantic {attr} model")


class Registry:
    """Maps plugin ids to classes; one instance per plugin is created lazily and reused."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Plugin]] = {}
        self._origins: dict[str, str] = {}
        self._instances: dict[str, Plugin] = {}

    def add(self, cls: type[Plugin], origin: str = "code") -> type[Plugin]:
        _check_plugin_class(cls, origin)
        if cls.id in self._classes:
            if self._classes[cls.id] is cls:
                return cls
            raise RegistryError(
                f"duplicate plugin id '{cls.id}': from {origin}, already registered from {self._origins[cls.id]}"
            )
        self._classes[cls.id] = cls
        self._origins[cls.id] = origin
        return cls

    def load_entry_points(self, eps: Iterable[EntryPoint] | None = None) -> None:
        """Register third-party plugins advertised under the ``scenecraft.plugins`` group."""
        if eps is None:
            eps = entry_points(group=ENTRY_POINT_GROUP)
        for ep in eps:
            try:
                obj = ep.load()
            except Exception as exc:  # a broken third-party package must name itself
                raise RegistryError(f"entry point '{ep.name} = {ep.value}' failed to load: {exc}") from exc
            classes = obj if isinstance(obj, (list, tuple)) else [obj]
            for cls in classes:
                self.add(cls, origin=f"entry point '{ep.name} = {ep.value}'")

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._classes

    def get_class(self, plugin_id: str) -> type[Plugin]:
        try:
            return self._classes[plugin_id]
        except KeyError:
            raise RegistryError(f"unknown plugin '{plugin_id}'") from None

    def get(self, plugin_id: str) -> Plugin:
        if plugin_id not in self._instances:
            self._instances[plugin_id] = self.get_class(plugin_id)()
        return self._instances[plugin_id]

    def ids(self) -> list[str]:
        return sorted(self._classes)

    def origin(self, plugin_id: str) -> str:
        return self._origins[plugin_id]


_default: Registry | None = None
_pending: list[type[Plugin]] = []


def register(cls: P) -> P:
    """Class decorator for built-in plugins. Registration happens when the default registry is built."""
    _check_plugin_class(cls, f"module {cls.__module__}")
    _pending.append(cls)
    if _default is not None:
        _default.add(cls, origin=f"module {cls.__module__}")
    return cls


def default_registry(load_entry_points: bool = True) -> Registry:
    """The process-wide registry: built-ins (importing ``plugins``) plus installed entry points."""
    global _default
    if _default is None:
        reg = Registry()
        for mod in BUILTIN_MODULES:
            importlib.import_module(mod)
        for cls in _pending:
            reg.add(cls, origin=f"module {cls.__module__}")
        if load_entry_points:
            reg.load_entry_points()
        _default = reg
    return _default


def describe_fields(model: type[BaseModel]) -> list[tuple[str, str, bool]]:
    """(name, type text, required) for each field: what ``scenecraft plugins`` prints."""
    out = []
    for name, info in model.model_fields.items():
        ann = info.annotation
        text = getattr(ann, "__name__", None) if isinstance(ann, type) else None
        out.append((name, text or str(ann).replace("typing.", ""), info.is_required()))
    return out


def plugin_rows(reg: Registry | None = None) -> list[dict[str, Any]]:
    """Every registered plugin: id, version, origin, inputs and outputs (``scenecraft plugins --json``,
    ``GET /v1/plugins``)."""
    reg = reg or default_registry()
    rows = []
    for pid in reg.ids():
        cls = reg.get_class(pid)
        rows.append({
            "id": pid, "version": cls.version, "origin": reg.origin(pid),
            "inputs": [{"name": n, "type": t, "required": r} for n, t, r in describe_fields(cls.Input)],
            "outputs": [{"name": n, "type": t} for n, t, _ in describe_fields(cls.Output)],
        })
    return rows
