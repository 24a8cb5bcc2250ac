"""Batch the same kind of node across many graphs: one pipeline call for many prompts.

A batch file compiles to many small graphs that each start with a ``generate.one_step`` node. Run one by
one, every graph makes its own pipeline call; a diffusion pipeline does many prompts in one call for
little more than the cost of one. :func:`prefetch` finds the source nodes (no incoming edges) whose
plugin is cacheable and gives a ``batch_key``, computes each node's cache key exactly as
:meth:`Executor.run` would (:func:`agent.engine.keys.node_key`), groups the uncached ones by
(plugin id, batch key) and calls ``run_batch`` once per group (chunks of ``max_batch``). Each output
goes into the node cache under its node's key, so the ordinary ``run`` of each graph then reports that
node as a cache hit. The graphs themselves, their traces and their folders do not change.

A failing batched call loses nothing: its nodes are simply left uncached, and each graph's own ``run``
runs (and, if it still fails, reports) its node as before.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.engine.keys import node_key, node_seed
from agent.errors import PluginError

if TYPE_CHECKING:
    from agent.engine.executor import Executor
    from agent.graph import TaskGraph

log = logging.getLogger("scenecraft.prefetch")


@dataclass
class _Pending:
    """One uncached source node waiting for its group's batched call."""

    key: str
    node_id: str
    seed: int
    inp: Any


def prefetch(executor: Executor, jobs: list[tuple[TaskGraph, int]], max_batch: int = 8) -> int:
    """Cache the batchable source nodes of ``jobs`` ((graph, run seed) pairs); returns how many it cached."""
    if max_batch < 1:
        raise ValueError(f"max_batch {max_batch} must be 1 or more")
    groups = _pending_groups(executor, jobs)
    done = 0
    for (plugin_id, _), pending in groups.items():
        if len(pending) < 2:
            continue  # nothing to share: the graph's own run does it
        cls = executor.registry.get_class(plugin_id)
        plugin = executor.registry.get(plugin_id)
        for start in range(0, len(pending), max_batch):
            chunk = pending[start:start + max_batch]
            try:
                outs = plugin.run_batch([p.inp for p in chunk], [executor._context(p.node_id, p.seed) for p in chunk])
                if len(outs) != len(chunk) or not all(isinstance(o, cls.Output) for o in outs):
                    raise PluginError(f"plugin '{plugin_id}' run_batch returned {len(outs)} outputs for {len(chunk)} "
                                    "inputs, or not its Output")
            except Exception as exc:  # noqa: BLE001 - the per-graph runs redo these nodes and report errors
                log.warning("batched %s call for %d nodes failed (%s: %s); they run one by one",
                            plugin_id, len(chunk), type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
                continue
            for p, out in zip(chunk, outs, strict=True):
                executor.cache.put(p.key, out)
            done += len(chunk)
    return done


def _pending_groups(executor: Executor,
                    jobs: list[tuple[TaskGraph, int]]) -> dict[tuple[str, Hashable], list[_Pending]]:
    """Uncached batchable source nodes, grouped by (plugin id, batch key); each cache key once."""
    groups: dict[tuple[str, Hashable], list[_Pending]] = {}
    seen: set[str] = set()
    for graph, seed in jobs:
        try:
            graph.validate_with(executor.registry)
        except Exception:  # the graph's own run reports it
            log.debug("graph not prefetched", exc_info=True)
            continue
        fed = {e.target for e in graph.edges}
        for node in graph.nodes:
            if node.id in fed:
                continue
            cls = executor.registry.get_class(node.plugin)
            if not cls.cacheable:
                continue
            plugin = executor.registry.get(cls.id)
            sd = node_seed(seed, node.id)
            try:
                inp = executor._input(node.id, cls, node.params, [], {})
                bkey = plugin.batch_key(inp)
                if bkey is None:
                    continue
                key = node_key(cls, node.params, sd, {}, list(plugin.model_ids(inp)))
            except Exception:  # a bad input fails in the graph's own run, with its message
                log.debug("node %s not prefetched", node.id, exc_info=True)
                continue
            if key in seen or executor._cached(key, cls) is not None:
                continue
            seen.add(key)
            groups.setdefault((cls.id, bkey), []).append(_Pending(key=key, node_id=node.id, seed=sd, inp=inp))
    return groups
