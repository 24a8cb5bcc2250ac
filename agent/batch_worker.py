"""The worker side of a batch: turn one resolved item into an :class:`ItemOutcome` (files as bytes).

Workers never touch the batch folder. They render into a private temporary folder and return every
file's bytes with its relative name; the driver (:mod:`agent.batch`) alone decides where files go,
writes them and appends ``manifest.jsonl``. That keeps resume exact and lets any executor (in-process,
a Ray actor on another machine) plug in: all a worker needs is a :class:`WorkItem`, all it returns is
a JSON/pickle-friendly outcome.

Items that share a :class:`GroupKey` (backend, model, steps, size) are handed over together as a
:class:`BatchGroup`, and one :class:`Worker` keeps one :class:`~agent.api.Agent` per key, so a
diffusion model is loaded once per worker and reused for the whole group.
"""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from agent.findings import Finding


class GroupKey(NamedTuple):
    """Items with equal keys can share one loaded pipeline (and, where a backend allows, one call)."""

    backend: str
    model: str | None
    steps: int | None
    width: int
    height: int


class WorkItem(BaseModel):
    """A batch item with every default resolved: all a worker needs."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    prompt: str
    seed: int
    n: int = 1
    backend: str = "sketch"
    model: str | None = None
    steps: int | None = None
    width: int = 512
    height: int = 512
    planner: Literal["offline", "llm"] = "offline"
    critique: int = 0

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

    def __init__(self, cache_dir: Path | str | None = None, name: str | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.name = name or f"local@{socket.gethostname()}"
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
        for item in group.items:
            yield self.run_item(item)

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
                    result = agent.run(item.prompt, seed=item.seed + k, critique=item.critique, out=run_dir)
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
