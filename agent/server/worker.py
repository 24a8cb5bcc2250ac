"""Workers: threads that claim queued jobs, run them through the engine, and record the outcome.

Each worker owns its ``Agent`` (one executor, so follow-up edits hit the node cache) and shares the
on-disk artifact store and node cache with the CLI. Diffusion jobs share one lock (one model pool, one
device); sketch jobs run side by side. A job writes its run folder (atomic files, identical bytes on a
re-run) before the ``done`` transition, which only the claim holding the job can make.
"""

from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ScenecraftError
from agent.server.events import EngineListener, EventBus
from agent.server.jobs import SKETCH_BACKENDS, execute
from agent.server.queue import Job, JobQueue

if TYPE_CHECKING:
    from agent.api import Agent

log = logging.getLogger("scenecraft.server")


class Cancelled(Exception):
    """Raised between nodes when the run was cancelled."""


class WorkerPool:
    """``n`` worker threads over one queue. ``wake()`` after a submit; ``stop()`` joins them."""

    def __init__(self, queue: JobQueue, bus: EventBus | Any, out_root: Path, n: int = 1,
                 cache_dir: Path | None = None, poll_s: float = 1.0) -> None:
        self.queue = queue
        self.bus = bus
        self.out_root = Path(out_root)
        self.n = n
        self.cache_dir = cache_dir
        self.poll_s = poll_s
        self._wake = threading.Condition()
        self._pending = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._cancels: set[str] = set()
        self._device = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        for i in range(self.n):
            t = threading.Thread(target=self._loop, name=f"scenecraft-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        for t in self._threads:
            t.join(timeout)

    def alive(self) -> bool:
        return len(self._threads) == self.n and all(t.is_alive() for t in self._threads)

    def wake(self) -> None:
        with self._wake:
            self._pending += 1
            self._wake.notify()

    def cancel(self, run_id: str) -> None:
        self._cancels.add(run_id)

    # -- the loop ----------------------------------------------------------------------------------
    def _loop(self) -> None:
        agents: dict[str, Agent] = {}
        while not self._stopped():
            try:
                job = self.queue.claim()
            except Exception:  # a locked or broken database: log, wait, retry
                log.exception("claim failed")
                job = None
            if job is None:
                self._idle()
                continue
            try:
                self._run(job, agents)
            finally:
                self._cancels.discard(job.id)

    def _stopped(self) -> bool:
        return self._stop.is_set()

    def _idle(self) -> None:
        """Wait for a ``wake()`` (or ``poll_s``, for runs queued by a restart)."""
        with self._wake:
            if self._pending == 0 and not self._stop.is_set():
                self._wake.wait(self.poll_s)
            self._pending = max(0, self._pending - 1)

    def _agent(self, agents: dict[str, Agent], planner: str) -> Agent:
        if planner not in agents:
            from agent.api import Agent, AgentConfig

            agents[planner] = Agent(AgentConfig(planner=planner, out_dir=self.out_root, cache_dir=self.cache_dir))
        return agents[planner]

    def _check(self, run_id: str) -> None:
        """Before each node: stop when the run was cancelled (here, or in the queue by another process)."""
        if run_id in self._cancels or self.queue.cancel_requested(run_id):
            raise Cancelled(run_id)

    def _run(self, job: Job, agents: dict[str, Agent]) -> None:
        """Run one claimed job and make its one terminal transition."""
        self.bus.publish(job.id, "status", status="running", attempt=job.attempts)
        spec = job.spec
        status, result, error = "failed", None, None
        try:
            agent = self._agent(agents, spec.get("planner") or "offline")
            listener = self.bus.listener(job.id)
            listener.check = lambda: self._check(job.id)
            agent.executor.listener = listener  # type: ignore[attr-defined]
            if job.cancel_requested:
                raise Cancelled(job.id)
            diffusion = (spec.get("backend") or "sketch") not in SKETCH_BACKENDS or "graph" in spec
            with self._device if diffusion else nullcontext(), _steps_to(listener):
                result = execute(agent, spec, self.out_root / job.id)
            status = "done" if result["ok"] else "failed"
            error = None if result["ok"] else "; ".join(result["errors"]) or "a node failed"
        except Cancelled:
            status, error = "cancelled", "cancelled while running"
        except ScenecraftError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: keep the message, hide the traceback from clients (it goes to the log)
            log.exception("run %s crashed", job.id)
            error = f"internal error: {type(exc).__name__}"
        if not self.queue.finish(job, status, result, error):  # type: ignore[arg-type]
            log.warning("run %s: claim %s lost before finishing", job.id, job.claim)
            return
        self.bus.publish(job.id, "status", status=status)
        self.bus.publish(job.id, "end", status=status)



def _steps_to(listener: EngineListener) -> AbstractContextManager:
    """Diffusion steps (``ctx.progress(step, total)``, where the engine has that hook) become ``step`` events."""
    from agent import context

    hook = getattr(context, "progress_listener", None)
    if hook is None:
        return nullcontext()
    return hook(lambda ev: listener.step(ev.node, ev.step, ev.total))
