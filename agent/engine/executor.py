"""Runs a validated TaskGraph in topological order with a content-addressed cache.

A node's cache key hashes its plugin id and version, its literal params, its seed and the keys of the
nodes that feed it (ComfyUI's ancestor signature), so editing one node re-runs only that node and its
descendants. A failing node marks its descendants skipped; independent branches still finish.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from agent.artifacts import ArtifactStore, ImageRef, atomic_write
from agent.context import RunContext
from agent.engine.keys import _digest, model_fingerprint, node_key, node_seed
from agent.engine.progress import progress_bar
from agent.errors import PluginError, ScenecraftError, ValidationError
from agent.graph import TaskGraph
from agent.registry import PluginIO, Registry, default_registry
from agent.scene import first_error

__all__ = ["Executor", "NodeCache", "NodeRecord", "RunResult", "model_fingerprint", "node_key", "node_seed"]

log = logging.getLogger("scenecraft.executor")

Status = Literal["ok", "cached", "failed", "skipped"]


class NodeRecord(BaseModel):
    """One line of ``trace.json``."""

    node: str
    plugin: str
    version: str
    status: Status
    cache_hit: bool = False
    wall_s: float = 0.0
    seed: int = 0
    key: str = ""
    error: str | None = None
    user_error: bool = False  # the failure is a ScenecraftError: something the user can fix (e.g. missing weights)
    models: list[str] = []


class RunResult(BaseModel):
    """Outputs per node (handles, not pixels) and the trace."""

    model_config = {"arbitrary_types_allowed": True}

    seed: int
    outputs: dict[str, Any]
    trace: list[NodeRecord]
    wall_s: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.status in ("ok", "cached") for r in self.trace)

    @property
    def failures(self) -> list[NodeRecord]:
        return [r for r in self.trace if r.status == "failed"]

    def record(self, node_id: str) -> NodeRecord:
        return next(r for r in self.trace if r.node == node_id)

    def trace_json(self) -> str:
        return json.dumps(
            {"seed": self.seed, "wall_s": round(self.wall_s, 6), "nodes": [r.model_dump() for r in self.trace]},
            indent=2,
        )


class NodeCache:
    """Output cache: in memory always, on disk under ``root`` when given (JSON of the Output model)."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else None
        self._mem: dict[str, str] = {}

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, model: type[PluginIO]) -> PluginIO | None:
        text = self._mem.get(key)
        if text is None and self.root is not None:
            p = self._path(key)
            if p.exists():
                text = p.read_text()
        if text is None:
            return None
        try:
            return model.model_validate_json(text)
        except PydanticValidationError:  # a stale entry from another plugin version: treat as a miss
            return None

    def put(self, key: str, output: PluginIO) -> None:
        text = output.model_dump_json()
        self._mem[key] = text
        if self.root is not None:
            atomic_write(self._path(key), text.encode())


def _image_refs(value: Any) -> Iterator[ImageRef]:
    if isinstance(value, ImageRef):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _image_refs(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _image_refs(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _image_refs(v)


class Executor:
    """Executes graphs over a registry, an artifact store and a cache.

    ``progress``: show a rich progress bar (``None`` = only when stderr is a terminal).
    ``listener``: called with ``{"type": "node_started", node, plugin, index, total}`` before each node
    and ``{"type": "node_finished", node, plugin, status, cache_hit, wall_s}`` after it (the server's
    progress events). An exception it raises at ``node_started`` stops the run (cancellation).
    """

    def __init__(
        self,
        store: ArtifactStore,
        registry: Registry | None = None,
        cache: NodeCache | None = None,
        progress: bool | None = None,
        options: dict[str, Any] | None = None,
        models: Any = None,
        listener: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.store = store
        self.registry = registry or default_registry()
        self.cache = cache if cache is not None else NodeCache()
        self.progress = progress
        self.options = options or {}
        self.models = models
        self.listener = listener

    def run(self, graph: TaskGraph, seed: int = 0, validated: bool = False) -> RunResult:
        """Run ``graph``; returns once every node's outputs exist (their PNG files may still be landing:
        ``self.store.flush()`` waits for them, as does a normal interpreter exit). ``validated=True``: the
        caller has just validated ``graph`` against this registry (``execute_to_dir`` does), so it is not
        validated twice."""
        if not validated:
            graph.validate_with(self.registry)
        order = graph.topological_order()
        incoming: dict[str, list] = {n: [] for n in order}
        for e in graph.edges:
            incoming[e.target].append(e)
        nodes = {n.id: n for n in graph.nodes}
        outputs: dict[str, Any] = {}
        keys: dict[str, str] = {}
        records: dict[str, NodeRecord] = {}
        t_run = time.perf_counter()
        with progress_bar(self.progress, len(order)) as bar:
            for index, nid in enumerate(order):
                node = nodes[nid]
                cls = self.registry.get_class(node.plugin)
                sd = node_seed(seed, nid)
                rec = NodeRecord(node=nid, plugin=cls.id, version=cls.version, status="ok", seed=sd)
                records[nid] = rec
                advance = self._notify(bar, rec, index, len(order))
                bad_parent = next((e.source for e in incoming[nid]
                                   if records[e.source].status in ("failed", "skipped")), None)
                if bad_parent is not None:
                    rec.status, rec.error = "skipped", f"upstream node '{bad_parent}' did not finish"
                    advance(nid)
                    continue
                t0 = time.perf_counter()
                try:
                    inp = self._input(nid, cls, node.params, incoming[nid], outputs)
                    plugin = self.registry.get(cls.id)
                    rec.models = list(plugin.model_ids(inp))
                    rec.key = node_key(cls, node.params, sd,
                                       {e.input: [keys[e.source], e.output] for e in incoming[nid]},
                                       rec.models)
                    cached = self._cached(rec.key, cls)
                    if cached is not None:
                        outputs[nid], rec.status, rec.cache_hit = cached, "cached", True
                    else:
                        outputs[nid] = self._run(plugin, cls, inp, nid, sd)
                        if cls.cacheable:
                            self.cache.put(rec.key, outputs[nid])
                except Exception as exc:  # the run reports it; independent branches go on
                    rec.status = "failed"
                    rec.user_error = isinstance(exc, ScenecraftError)
                    text = str(exc) if rec.user_error else f"{type(exc).__name__}: {exc}"
                    rec.error = text.splitlines()[0] if text else type(exc).__name__
                    log.debug("node %s failed", nid, exc_info=True)
                if rec.status != "failed" and not cls.cacheable:
                    # The output may differ run to run, so descendants key on what it actually produced.
                    rec.key = _digest({"output": outputs[nid].model_dump(mode="json")})
                keys[nid] = rec.key
                rec.wall_s = round(time.perf_counter() - t0, 6)
                advance(nid)
        return RunResult(seed=seed, outputs=outputs, trace=[records[n] for n in order],
                         wall_s=time.perf_counter() - t_run)

    def _notify(self, bar: Callable[[str], None], rec: NodeRecord, index: int, total: int) -> Callable[[str], None]:
        """Tell the listener a node starts; return what to call when it ends (the bar, then the listener)."""
        if self.listener is None:
            return bar
        listener = self.listener
        listener({"type": "node_started", "node": rec.node, "plugin": rec.plugin, "index": index, "total": total})

        def done(nid: str) -> None:
            bar(nid)
            listener({"type": "node_finished", "node": rec.node, "plugin": rec.plugin, "status": rec.status,
                      "cache_hit": rec.cache_hit, "wall_s": rec.wall_s})

        return done

    @staticmethod
    def _input(nid: str, cls: type, params: dict, edges: list, outputs: dict) -> Any:
        """The plugin's Input from literal params plus the linked upstream outputs."""
        data = dict(params)
        for e in edges:
            data[e.input] = getattr(outputs[e.source], e.output)
        try:
            return cls.Input.model_validate(data)
        except PydanticValidationError as exc:  # bad params or a linked value out of range: the user's to fix
            raise ValidationError(f"input {first_error(exc)}", where=f"node '{nid}'") from None

    def _cached(self, key: str, cls: type) -> Any:
        """The cached Output for ``key`` when the plugin is cacheable and all its images are still stored."""
        cached = self.cache.get(key, cls.Output) if cls.cacheable else None
        if cached is not None and all(self.store.has(r) for r in _image_refs(cached)):
            return cached
        return None

    def _context(self, nid: str, sd: int) -> RunContext:
        ctx = RunContext(store=self.store, seed=sd, node_id=nid, options=self.options)
        if self.models is not None:
            ctx.models = self.models
        return ctx

    def _run(self, plugin: Any, cls: type, inp: Any, nid: str, sd: int) -> Any:
        out = plugin.run(inp, self._context(nid, sd))
        if not isinstance(out, cls.Output):
            raise PluginError(f"plugin '{cls.id}' returned {type(out).__name__}, not its Output")
        return out

    def prefetch(self, jobs: list[tuple[TaskGraph, int]], max_batch: int = 8) -> int:
        """Run the batchable source nodes of many (graph, seed) jobs as few ``run_batch`` calls; cache them.

        See :mod:`agent.engine.prefetch`. A later :meth:`run` of each graph finds those nodes in the cache.
        Returns the number of nodes it cached; never raises for a node's failure.
        """
        from agent.engine.prefetch import prefetch

        return prefetch(self, jobs, max_batch=max_batch)
