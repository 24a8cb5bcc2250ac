"""Worker processes: the worker loop of :mod:`agent.server.worker` in ``spawn``-ed child processes.

Sketch rendering is CPU-bound Python that holds the GIL, so worker threads share one core's worth of
interpreter with each other and with the HTTP handlers. Child processes render in parallel and leave
the API process free to answer. They talk to the parent only through the queue file (claims, results,
cancel flags, all transactions) and one ``multiprocessing`` queue that carries progress events back to
the parent's event bus. A child whose parent died (``kill -9``) exits at its next node or idle tick; a
late ``finish`` of its run is refused, because the restarted server re-queued the run under a new claim.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from pathlib import Path
from typing import Any

from agent.server.events import EngineListener, EventBus
from agent.server.queue import JobQueue
from agent.server.worker import WorkerPool

log = logging.getLogger("scenecraft.server")


class RemoteBus:
    """The child's side of the event bus: events go to the parent through a multiprocessing queue."""

    def __init__(self, events: Any) -> None:
        self.events = events

    def publish(self, run_id: str, type_: str, **data: Any) -> None:
        self.events.put((run_id, type_, data))

    def listener(self, run_id: str) -> EngineListener:
        return EngineListener(self, run_id)  # type: ignore[arg-type]


class ChildPool(WorkerPool):
    """One worker loop in a child process: woken by a shared event, stopped by another, or by orphaning."""

    def __init__(self, queue: JobQueue, bus: RemoteBus, out_root: Path, cache_dir: Path | None, wake: Any,
                 stop: Any, parent: int) -> None:
        super().__init__(queue, bus, out_root, n=1, cache_dir=cache_dir)
        self.shared_wake, self.shared_stop, self.parent = wake, stop, parent

    def _stopped(self) -> bool:
        return self.shared_stop.is_set() or os.getppid() != self.parent

    def _idle(self) -> None:
        self.shared_wake.wait(self.poll_s)
        self.shared_wake.clear()  # a wake() after this point is kept for the next wait

    def _check(self, run_id: str) -> None:
        if os.getppid() != self.parent:
            raise SystemExit(0)  # the server is gone: leave the run to the next one
        super()._check(run_id)


def child_main(db: str, out_root: str, cache_dir: str | None, events: Any, wake: Any, stop: Any,
               parent: int) -> None:
    """Entry point of a worker process: claim and run jobs until ``stop`` is set or the parent dies.

    Args:
        db: the SQLite queue's path.
        out_root: where run folders are written.
        cache_dir: the node cache (None: the default).
        events: the queue that carries run events back to the parent's bus.
        wake: set by the parent when a job is queued.
        stop: set by the parent to end the loop.
        parent: the server's pid (the worker ends when it is orphaned).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    pool = ChildPool(JobQueue(db), RemoteBus(events), Path(out_root), Path(cache_dir) if cache_dir else None,
                     wake, stop, parent)
    try:
        pool._loop()
    finally:
        pool.queue.close()


class ProcessPool:
    """``n`` worker processes with :class:`WorkerPool`'s interface (start, stop, alive, wake, cancel)."""

    def __init__(self, queue: JobQueue, bus: EventBus, out_root: Path, n: int = 1,
                 cache_dir: Path | None = None) -> None:
        self.queue = queue
        self.bus = bus
        self.out_root = Path(out_root)
        self.n = n
        self.cache_dir = cache_dir
        self._ctx = mp.get_context("spawn")  # fork after uvicorn (and maybe torch) started threads is unsafe
        self._events = self._ctx.Queue()
        self._wake = self._ctx.Event()
        self._stop = self._ctx.Event()
        self._procs: list[Any] = []
        self._drain = threading.Thread(target=self._forward, name="scenecraft-events", daemon=True)

    def start(self) -> None:
        args = (str(self.queue.path), str(self.out_root), str(self.cache_dir) if self.cache_dir else None,
                self._events, self._wake, self._stop, os.getpid())
        for i in range(self.n):
            proc = self._ctx.Process(target=child_main, args=args, name=f"scenecraft-worker-{i}", daemon=True)
            proc.start()
            self._procs.append(proc)
        self._drain.start()

    def _forward(self) -> None:
        while True:
            item = self._events.get()
            if item is None:
                return
            run_id, type_, data = item
            self.bus.publish(run_id, type_, **data)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        for proc in self._procs:
            proc.join(timeout)
            if proc.is_alive():
                log.warning("worker %s did not stop in %.0fs; terminating it", proc.name, timeout)
                proc.terminate()
                proc.join(5)
        self._events.put(None)
        self._drain.join(5)
        self._events.close()
        self._events.join_thread()
        # Drop the shared objects now so their semaphores are released before interpreter exit.
        self._events = self._wake = self._stop = None  # type: ignore[assignment]
        self._procs = []

    def alive(self) -> bool:
        return len(self._procs) == self.n and all(p.is_alive() for p in self._procs)

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def cancel(self, run_id: str) -> None:
        """Nothing to do here: the route already set the run's cancel flag, which the workers read."""
