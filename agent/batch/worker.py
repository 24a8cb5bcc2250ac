"""The worker side of a batch: turn one resolved item into an :class:`ItemOutcome` (files as bytes).

Workers never touch the batch folder. They render into a private temporary folder and return every
file's bytes with its relative name; the driver (:mod:`agent.batch`) alone decides where files go,
writes them and appends ``manifest.jsonl``. That keeps resume exact and lets any executor (in-process,
a Ray actor on another machine) plug in: all a worker needs is a :class:`WorkItem`, all it returns is
a JSON/pickle-friendly outcome.

Items that share a :class:`GroupKey` (backend, model, steps, size) are handed over together as a
:class:`BatchGroup`, and one :class:`Worker` keeps one :class:`~agent.api.Agent` per key, so a
diffusion model is loaded once per worker and reused for the whole group. With ``group_batch`` > 1 the
worker also compiles the group's graphs first and lets the executor run their compatible diffusion
nodes as shared pipeline calls (``Executor.prefetch``); the items then run as usual and find those
nodes in the cache. Off by default: on CPU a batched image can differ from the one made alone by
float rounding (at most 1/255 in a few pixel channels, measured), so only the unbatched path
reproduces ``run --from`` byte for byte.
"""

from __future__ import annotations

import logging
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, Field

from agent.api import RunSettings
from agent.findings import Finding

log = logging.getLogger("scenecraft.batch")


class GroupKey(NamedTuple):
    """Items with equal keys can share one loaded pipeline (and, where a backend allows, one call)."""

    backend: str
    model: str | None
    steps: int | None
    width: int
    height: int


class WorkItem(RunSettings):
    """A batch item with every default resolved: all a worker needs (the run fields are
    :class:`~agent.api.RunSettings`)."""

    id: str
    name: str
    prompt: str
    seed: int
    n: int = 1
    controls: dict[str, Any] = Field(default_factory=dict)  # Agent.run options: negative_prompt, guidance, ...

    @property
    def key(self) -> GroupKey:
        return GroupKey(self.backend, self.model, self.steps, self.width, self.height)


class BatchGroup(BaseModel):
    """Items that share a :class:`GroupKey`, in file order."""

    backend: str
    model: str | None
    steps: int | None
    width: int
    height: int
    items: list[WorkItem]

    @property
    def key(self) -> GroupKey:
        return GroupKey(self.backend, self.model, self.steps, self.width, self.height)


class OutputFile(BaseModel):
    """A file the worker produced: ``name`` is relative to the item's folder (``image.png``, ``s1/trace.json``)."""

    name: str
    data: bytes


class ItemOutcome(BaseModel):
    """What a worker hands back for one item."""

    id: str
    status: Literal["ok", "failed"]
    error: str | None = None
    time: float = 0.0
    files: list[OutputFile] = Field(default_factory=list)
    images: list[str] = Field(default_factory=list, description="names (in files) of the output images")
    findings: list[Finding] = Field(default_factory=list)
    worker: str | None = None


def group_items(items: list[WorkItem]) -> list[BatchGroup]:
    """Group by :class:`GroupKey`; groups in order of first appearance, items in file order."""
    groups: dict[GroupKey, list[WorkItem]] = {}
    for it in items:
        groups.setdefault(it.key, []).append(it)
    return [BatchGroup(backend=k.backend, model=k.model, steps=k.steps, width=k.width, height=k.height, items=v)
            for k, v in groups.items()]


class Worker:
    """Runs items in this process. One :class:`~agent.api.Agent` per group key, kept for reuse."""

    def __init__(self, cache_dir: Path | str | None = None, name: str | None = None, group_batch: int = 0) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.name = name or f"local@{socket.gethostname()}"
        self.group_batch = group_batch  # largest shared pipeline call; 0 or 1: every item calls alone
        self._agents: dict[tuple, object] = {}

    def _agent(self, item: WorkItem):
        from agent.api import Agent, AgentConfig

        key = (*item.key, item.planner)
        if key not in self._agents:
            self._agents[key] = Agent(AgentConfig(backend=item.backend, model=item.model, steps=item.steps,
                                                  width=item.width, height=item.height, planner=item.planner,
                                                  cache_dir=self.cache_dir))
        return self._agents[key]

    def run_group(self, group: BatchGroup) -> Iterator[ItemOutcome]:
        """Yield one outcome per item as each finishes (the driver records it at once)."""
        if self.group_batch > 1:
            self.prefetch(group)
        for item in group.items:
            yield self.run_item(item)

    def prefetch(self, group: BatchGroup) -> int:
        """Compile every sample of every item (as ``run_item`` will) and batch their shared nodes.

        Only offline-planned items without critique take part: an LLM plan is not repeatable and a
        critique loop builds its own graphs, so prefetching them could only waste work. Never raises:
        whatever goes wrong here, ``run_item`` redoes and reports.
        """
        jobs: dict[int, tuple[object, list]] = {}
        for item in group.items:
            if item.planner != "offline" or item.critique:
                continue
            try:
                agent = self._agent(item)
                graphs = [(agent.compile(item.prompt, seed=item.seed + k, **item.controls), item.seed + k)
                          for k in range(item.n)]
            except Exception:  # run_item reports the item's own failure
                log.debug("item %s not prefetched", item.id, exc_info=True)
                continue
            jobs.setdefault(id(agent), (agent, []))[1].extend(graphs)
        cached = 0
        for agent, agent_jobs in jobs.values():
            try:
                cached += agent.executor.prefetch(agent_jobs, max_batch=self.group_batch)
            except Exception:  # prefetch is an optimisation, never a failure
                log.warning("prefetch failed; items run one by one", exc_info=True)
        return cached

    def run_item(self, item: WorkItem) -> ItemOutcome:
        """Render ``item.n`` samples (seeds ``seed .. seed+n-1``); never raises for an item's own failure."""
        t0 = time.perf_counter()
        files: list[OutputFile] = []
        images: list[str] = []
        findings: list[Finding] = []
        errors: list[str] = []
        try:
            agent = self._agent(item)
            with tempfile.TemporaryDirectory(prefix="scenecraft-item-") as tmp:
                for k in range(item.n):
                    prefix = "" if item.n == 1 else f"s{k}/"
                    run_dir = Path(tmp) / f"s{k}"
                    result = agent.run(item.prompt, seed=item.seed + k, critique=item.critique, out=run_dir,
                                       **item.controls)
                    errors.extend(result.errors)
                    findings.extend(result.findings)
                    for path in sorted(run_dir.iterdir(), key=lambda p: (p.name != "image.png", p.name)):
                        if path.is_file() and not path.name.startswith("."):
                            files.append(OutputFile(name=prefix + path.name, data=path.read_bytes()))
                            if path.suffix == ".png":
                                images.append(prefix + path.name)
            if not images and not errors:
                errors.append("the run produced no image")
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad item must not stop the batch; the manifest says why
            errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
        return ItemOutcome(id=item.id, status="failed" if errors else "ok", error="; ".join(errors) or None,
                           time=round(time.perf_counter() - t0, 4), files=files, images=images, findings=findings,
                           worker=self.name)
