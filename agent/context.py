"""What a plugin sees while it runs: the artifact store, its own seed, the model pool, options, progress.

Progress events: a plugin that works in steps (a diffusion sampler) calls ``ctx.progress(step, total)``
after each step. Whoever runs the graph listens without touching the executor::

    from agent.context import ProgressEvent, progress_listener

    def show(ev: ProgressEvent) -> None:          # called in the thread that runs the node
        print(f"{ev.node}: step {ev.step}/{ev.total}")

    with progress_listener(show):
        executor.run(graph)

The listener is a context variable, so each thread (a server's request, a chat turn) has its own and
nested listeners stack (the inner one wins inside its block). A listener must be cheap (the bench
``bench/bench_progress.py`` holds the per-step cost to <= 2% of a tiny-model step) and must not raise:
an exception in a listener is logged once and the run goes on. ``RunContext.on_progress`` (set by an
executor or a test) takes precedence over the context variable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

    from agent.artifacts import ArtifactStore, ImageRef


@dataclass(frozen=True)
class ProgressEvent:
    """One step of one node: ``step`` of ``total`` done (1-based; ``step == total`` is the last).

    ``total == 0`` with a ``message`` is a phase without steps ("loading stabilityai/sd-turbo"), sent by
    the model pool while weights load.
    """

    node: str
    step: int
    total: int
    plugin: str = ""
    message: str = ""


ProgressFn = Callable[[ProgressEvent], None]
_LISTENER: ContextVar[ProgressFn | None] = ContextVar("scenecraft_progress", default=None)
_log = logging.getLogger("scenecraft.progress")


@contextmanager
def progress_listener(fn: ProgressFn | None) -> Iterator[None]:
    """Send this thread's ``ctx.progress`` events to ``fn`` inside the block (``None``: silence them)."""
    token = _LISTENER.set(fn)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def current_listener() -> ProgressFn | None:
    return _LISTENER.get()


def report_phase(message: str) -> None:
    """Tell this thread's listener (if any) about a phase without steps, e.g. a model load."""
    fn = _LISTENER.get()
    if fn is not None:
        try:
            fn(ProgressEvent("", 0, 0, "", message))
        except Exception:  # noqa: BLE001 - a display must never break a run
            _log.warning("progress listener failed on %r", message, exc_info=True)


@dataclass
class RunContext:
    """Per-node context. ``seed`` is derived from the run seed and the node id (see ``node_seed``)."""

    store: ArtifactStore
    seed: int = 0
    node_id: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("scenecraft"))
    _models: Any = None
    on_progress: ProgressFn | None = None
    plugin: str = ""

    @property
    def models(self) -> Any:
        """The process-wide model pool, created on first use so runs without models never import torch."""
        if self._models is None:
            from agent.models import default_pool

            self._models = default_pool()
        return self._models

    @models.setter
    def models(self, pool: Any) -> None:
        self._models = pool

    def progress(self, step: int, total: int) -> None:
        """Report that ``step`` of ``total`` steps of this node are done (no-op without a listener)."""
        fn = self.on_progress or _LISTENER.get()
        if fn is None:
            return
        try:
            fn(ProgressEvent(self.node_id, step, total, self.plugin))
        except Exception:  # noqa: BLE001 - a display must never break a run
            _log.warning("progress listener failed; further events of node %s are dropped", self.node_id,
                         exc_info=True)
            self.on_progress = _ignore

    # Small conveniences so plugins read/write pixels through the store, never through paths.
    def load_image(self, ref: ImageRef) -> Image.Image:
        return self.store.get_image(ref)

    def save_image(self, image: Image.Image) -> ImageRef:
        return self.store.put_image(image)

    def save_mask(self, image: Image.Image) -> ImageRef:
        return self.store.put_image(image, mask=True)


def _ignore(event: ProgressEvent) -> None:
    return None
