"""The batch driver behind ``scenecraft batch FILE --out DIR``.

The driver owns everything durable: it reads the prompt file, resolves defaults, skips what
``manifest.jsonl`` already records as done (``--resume``), groups the rest by backend/model, hands the
groups to a runner, and for every outcome that comes back writes the item's files under
``DIR/items/<safe name>/`` and then appends its manifest line (fsync-ed). Runners only turn items
into outcomes (:mod:`agent.batch.worker`), so a new one (Ray, a job queue) is a small class:

    class MyRunner:
        name = "mine"
        def map_groups(self, groups: list[BatchGroup]) -> Iterator[ItemOutcome]: ...
        def close(self) -> None: ...

registered in :data:`RUNNERS` as ``"mine": "package.module:MyRunner"`` (imported only when chosen).
"""

from __future__ import annotations

import importlib
import io
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agent.api import RunSettings
from agent.artifacts import atomic_write
from agent.batch.contact_sheet import write_index
from agent.batch.items_file import BatchFile, BatchItem, LineError, read_batch_file
from agent.batch.manifest import MANIFEST_NAME, Manifest, ManifestRecord
from agent.batch.worker import BatchGroup, ItemOutcome, Worker, WorkItem, group_items
from agent.errors import ScenecraftError
from agent.util.safe_names import inside, safe_name

log = logging.getLogger("scenecraft.batch")
ITEMS_DIR = "items"
LOCK_NAME = ".batch.lock"
THUMB_SIZE = 256
INDEX_EVERY_S = 5.0


class BatchRunner(Protocol):
    """Turns groups of items into outcomes, yielded as each item finishes (any order)."""

    name: str

    def map_groups(self, groups: list[BatchGroup]) -> Iterator[ItemOutcome]: ...

    def close(self) -> None: ...


class LocalRunner:
    """The default: one in-process :class:`Worker`, groups one after another."""

    name = "local"

    def __init__(self, cache_dir: Path | str | None = None, group_batch: int = 0, **options: Any) -> None:
        if options:
            raise ScenecraftError(f"the local executor takes only group_batch (got: {', '.join(sorted(options))})")
        self.worker = Worker(cache_dir=cache_dir, group_batch=group_batch)

    def map_groups(self, groups: list[BatchGroup]) -> Iterator[ItemOutcome]:
        for group in groups:
            yield from self.worker.run_group(group)

    def close(self) -> None:
        return None


# name -> "module:Class"; imported only when chosen, so optional engines cost nothing at start-up.
RUNNERS: dict[str, str] = {"local": "agent.batch.driver:LocalRunner", "ray": "agent.batch.ray_runner:RayRunner"}
EXECUTORS = RUNNERS  # the old name, kept for one release


def get_runner(name: str, **options: Any) -> BatchRunner:
    if name not in RUNNERS:
        raise ScenecraftError(f"unknown executor '{name}' (choose from: {', '.join(sorted(RUNNERS))})")
    module, _, attr = RUNNERS[name].partition(":")
    return getattr(importlib.import_module(module), attr)(**options)


# The old names (they reused the graph Executor's word), kept for one release.
BatchExecutor = BatchRunner
LocalExecutor = LocalRunner
get_executor = get_runner


class BatchSettings(RunSettings):
    """Defaults for items that do not say otherwise (the :class:`~agent.api.RunSettings` fields), and how
    to run."""

    resume: bool = False
    progress: bool | None = None  # None: a bar only when stderr is a terminal


@dataclass
class BatchReport:
    out: Path
    total: int
    skipped: int = 0
    ok: int = 0
    failed: int = 0
    errors: list[LineError] = field(default_factory=list)
    ignored_fields: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    manifest: Path | None = None
    index: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when every item is done and every line was valid, else 1."""
        return 0 if self.failed == 0 and not self.errors else 1


def resolve(item: BatchItem, s: BatchSettings) -> WorkItem:
    """Fill an item's unset fields from the batch settings."""
    return WorkItem(id=item.id, name=item.name, prompt=item.prompt, n=item.n,
                    seed=s.seed if item.seed is None else item.seed,
                    backend=item.backend or s.backend, model=item.model or s.model, steps=item.steps or s.steps,
                    width=item.width or s.width, height=item.height or s.height, planner=s.planner,
                    critique=s.critique, controls=item.controls())


def _check_backends(batch: BatchFile, settings: BatchSettings) -> None:
    """Unknown backends are caught before anything runs: the default is an error, a line's is a bad line."""
    from agent.compiler import backend_names

    known = set(backend_names())
    if settings.backend not in known:
        raise ScenecraftError(f"unknown backend '{settings.backend}' (choose from: {', '.join(sorted(known))})")
    keep = []
    for it in batch.items:
        if it.backend is not None and it.backend not in known:
            batch.errors.append(LineError(line=it.line, reason=f"unknown backend '{it.backend}'"))
        else:
            keep.append(it)
    batch.items = keep
    batch.errors.sort(key=lambda e: e.line)


def _rel_parts(name: str) -> list[str]:
    """Validate a worker-given relative file name: every component must already be a safe name."""
    parts = name.split("/")
    if not 1 <= len(parts) <= 2 or any(p != safe_name(p) for p in parts):
        raise ScenecraftError(f"worker returned an unsafe file name {name!r}")
    return parts


def _thumbnail(png: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        im = im.convert("RGB")
        im.thumbnail((THUMB_SIZE, THUMB_SIZE))
        buf = io.BytesIO()
        im.save(buf, format="JPEG", quality=85)
        return buf.getvalue()


def store_outcome(out: Path, item: WorkItem, line: int, outcome: ItemOutcome) -> ManifestRecord:
    """Write an outcome's files under ``out/items/<name>/`` (atomically) and build its manifest record.

    Args:
        out: the batch folder.
        item: the resolved item the outcome belongs to.
        line: the item's line number in the prompt file (kept in the manifest).
        outcome: what the worker returned: status, error and every file's bytes.
    """
    folder = inside(out, ITEMS_DIR, item.name)
    paths: list[str] = []
    images: list[str] = []
    status, error = outcome.status, outcome.error
    try:
        for f in outcome.files:
            parts = _rel_parts(f.name)
            atomic_write(inside(folder, *parts), f.data)
            rel = "/".join([ITEMS_DIR, item.name, *parts])
            paths.append(rel)
            if f.name in outcome.images:
                images.append(rel)
        if images:
            atomic_write(inside(folder, "thumb.jpg"),
                         _thumbnail(next(f.data for f in outcome.files if f.name == outcome.images[0])))
            paths.append(f"{ITEMS_DIR}/{item.name}/thumb.jpg")
    except (ScenecraftError, OSError) as exc:
        status, error = "failed", f"could not store outputs: {exc}"
    return ManifestRecord(id=item.id, status=status, name=item.name, line=line, prompt=item.prompt, seed=item.seed,
                          n=item.n, backend=item.backend, images=images, paths=paths, time=outcome.time,
                          error=error, findings=outcome.findings, worker=outcome.worker)


def run_batch(file: Path | str, out: Path | str, settings: BatchSettings | None = None,
              executor: BatchRunner | str = "local", on_record: Callable[[ManifestRecord], None] | None = None,
              ) -> BatchReport:
    """Run every item of ``file`` into ``out``; see the module docstring for the guarantees.

    Args:
        file: the prompt file (.txt, .jsonl or .csv).
        out: the batch folder (created; locked while running).
        settings: defaults for items that do not say otherwise, resume and progress.
        executor: a runner name from ``RUNNERS`` ("local", "ray") or a runner object.
        on_record: called with each manifest record as it is written.
    """
    from agent.engine.run_folder import ensure_writable_dir

    settings = settings or BatchSettings()
    batch = read_batch_file(file)
    _check_backends(batch, settings)
    out_dir = ensure_writable_dir(out)
    with _exclusive(out_dir):
        manifest = Manifest(out_dir / MANIFEST_NAME)
        if manifest.exists() and not settings.resume:
            raise ScenecraftError(f"'{out_dir}' already holds a batch ({MANIFEST_NAME}); pass --resume to continue "
                                  "it or choose another --out")
        manifest.open()
        latest = manifest.latest() if settings.resume else {}
        todo = [resolve(it, settings) for it in batch.items
                if not (it.id in latest and latest[it.id].status == "ok")]
        lines = {it.id: it.line for it in batch.items}
        report = BatchReport(out=out_dir, total=len(batch.items), skipped=len(batch.items) - len(todo),
                             errors=list(batch.errors), ignored_fields=batch.ignored_fields, manifest=manifest.path)
        by_id = {w.id: w for w in todo}
        title = f"scenecraft batch: {batch.path.name}"
        t0 = last_index = time.perf_counter()
        ex = get_runner(executor) if isinstance(executor, str) else executor
        try:
            with _progress(settings.progress, len(todo)) as advance:
                for outcome in ex.map_groups(group_items(todo)):
                    item = by_id.pop(outcome.id, None)
                    if item is None:
                        log.warning("executor returned an unknown or repeated item '%s'; ignored", outcome.id)
                        continue
                    rec = store_outcome(out_dir, item, lines[item.id], outcome)
                    manifest.append(rec)  # durable from here on: a resume skips this item
                    latest[rec.id] = rec
                    report.ok += rec.status == "ok"
                    report.failed += rec.status == "failed"
                    advance(rec)
                    if on_record is not None:
                        on_record(rec)
                    if time.perf_counter() - last_index > INDEX_EVERY_S:
                        write_index(out_dir, title, batch.items, latest, batch.errors)
                        last_index = time.perf_counter()
            for missing in by_id:
                report.failed += 1
                log.warning("executor finished without returning item '%s'", missing)
        finally:
            ex.close()
            report.wall_s = time.perf_counter() - t0
            report.index = write_index(out_dir, title, batch.items, latest, batch.errors)
    return report


@contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """One driver per batch folder: a second one (say, a --resume while the first still runs) is refused.

    The lock is an ``flock`` on ``.batch.lock``; the kernel drops it when the process dies, even by SIGKILL.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock, run as before
        yield
        return
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ScenecraftError(f"another 'scenecraft batch' is running in '{out_dir}'") from None
        yield
    finally:
        os.close(fd)


class _NoBar:
    def __enter__(self) -> Callable[[ManifestRecord], None]:
        return lambda rec: None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(enabled: bool | None, total: int):
    """A rich bar with ETA on stderr; failed items are printed above it as they happen."""
    from rich.console import Console

    console = Console(stderr=True)
    if enabled is False or (enabled is None and not console.is_terminal) or total == 0:
        return _NoBar()
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    @contextmanager
    def bar():
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("ETA"), TimeRemainingColumn(), console=console) as p:
            task = p.add_task("batch", total=total)

            def advance(rec: ManifestRecord) -> None:
                if rec.status == "failed":
                    p.console.print(f"[red]failed[/red] {escape(rec.id)}: {escape(rec.error or '')}")
                p.update(task, advance=1, description=escape(rec.id[:40]))

            yield advance

    return bar()
