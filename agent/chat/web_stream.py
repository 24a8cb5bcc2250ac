"""Live status while a turn runs: node and diffusion-step events from a worker thread, as short markdown.

The turn runs in a worker thread with the session executor's ``listener`` (node started / finished, see
``agent/engine/executor.py``) and :func:`agent.context.progress_listener` (diffusion steps) attached;
the listeners only put events on a queue (cheap, never raise),
and :class:`TurnStream` (iterated by the page's generator handler) drains it and yields the status text
whenever something changed, then once more when the turn is done (``stream.turn`` holds its result).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from agent.context import ProgressEvent, progress_listener

Event = dict[str, Any] | ProgressEvent  # the executor's node events are dicts

POLL_S = 0.2


class RunStatus:
    """What has happened so far in one turn, rendered as a few lines of markdown."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.t0 = time.perf_counter()
        self.done = 0
        self.cached = 0
        self.failed: list[str] = []
        self.current = "starting"
        self.step: ProgressEvent | None = None

    def add(self, event: Event) -> None:
        if isinstance(event, ProgressEvent):
            self.step = event
            return
        node, status = event.get("node", "?"), event.get("status", "")
        if event.get("type") == "node_started":
            where = f" ({event['index'] + 1} of {event['total']})" if "total" in event else ""
            self.current, self.step = f"node `{node}` ({event.get('plugin', '')}) started{where}", None
            return
        self.done += 1
        self.cached += status == "cached"
        if status == "failed":
            self.failed.append(node)
        what = {"cached": "from cache", "ok": f"finished in {event.get('wall_s', 0.0):.2f}s"}.get(status, status)
        self.current = f"node `{node}` {what}"

    def line(self) -> str:
        """The one-line summary the chat's pending message shows."""
        if self.step is not None:
            return f"node `{self.step.node}`: diffusion step {self.step.step} of {self.step.total}"
        return self.current

    def markdown(self) -> str:
        s = time.perf_counter() - self.t0
        out = [f"**{self.title}** · {s:.1f}s", "", f"⏳ {self.line()}", "",
               f"{self.done} nodes finished ({self.cached} from cache)"]
        if self.failed:
            out.append(f" · failed: {', '.join(self.failed)}")
        return "\n".join(out)


class TurnStream:
    """Run ``job`` in a thread with listeners attached to ``executor`` (the session's) and to diffusion
    steps; iterate for status markdown until it finishes. Turns must not overlap on one executor (the
    page's lock sees to that)."""

    def __init__(self, job: Callable[[], Any], title: str, executor: Any = None, lock: Any = None) -> None:
        self.job = job
        self.executor = executor
        self.lock = lock or threading.RLock()  # the page's: the listener is attached for this turn only
        self.status = RunStatus(title)
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.turn: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="scenecraft-turn", daemon=True)

    def _work(self) -> None:
        with self.lock:
            self._run()

    def _run(self) -> None:
        before = getattr(self.executor, "listener", None)
        if self.executor is not None:
            self.executor.listener = self.events.put
        try:
            with progress_listener(self.events.put):
                self.turn = self.job()
        except BaseException as exc:  # noqa: BLE001 - handed to the page, which shows it
            self.error = exc
        finally:
            if self.executor is not None:
                self.executor.listener = before

    def _drain(self) -> bool:
        changed = False
        while True:
            try:
                self.status.add(self.events.get_nowait())
            except queue.Empty:
                return changed
            changed = True

    def __iter__(self) -> Iterator[str]:
        self._thread.start()
        yield self.status.markdown()
        last = time.perf_counter()
        while self._thread.is_alive():
            self._thread.join(POLL_S)
            if self._drain() or time.perf_counter() - last > 1.0:  # the clock ticks even between events
                last = time.perf_counter()
                yield self.status.markdown()
        self._drain()
        yield self.status.markdown()
