"""The Ray executor behind ``scenecraft batch FILE --out DIR --executor ray``.

Only where items *run* changes; the driver (:func:`agent.batch.run_batch`) still reads the file, skips
what ``manifest.jsonl`` records as done, writes every output file and appends every manifest line. So
resume, the contact sheet and the exit status are exactly those of a local run, and the files are the
same bytes (the workers run the same :class:`~agent.batch.worker.Worker`).

- **Workers.** One long-lived actor per GPU (``gpus_per_worker``, default 1 when the cluster has GPUs)
  or per CPU slot. Each holds its own :class:`~agent.batch.worker.Worker`, hence its own ``Agent`` per
  group key and its own model pool (``ctx.models`` is process-wide), so a model loads once per worker.
- **Affinity.** A free worker takes the next item of a group it already holds; failing that, a group no
  worker holds yet; failing that, it joins the group with the most items left per holder.
- **Streaming.** One chunk in flight per worker (the next one is sent before the driver stores the last
  result, so workers do not wait on the disk); results come back with ``ray.wait`` as they finish. A
  chunk is one item, or with ``group_batch`` N up to N items of one group, whose one-step nodes the
  worker batches into shared pipeline calls (as ``--group-batch`` does locally).
- **Faults.** A worker that dies (process killed, out of memory, node lost) is replaced by a fresh actor
  and the items it was running are retried, at most ``max_retries`` times, then recorded as failed with
  the reason. The driver itself is the only state: kill it and ``--resume`` picks up from the manifest.

Ray is imported only when this executor is chosen; without it the user gets one line naming the extra.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.batch.worker import BatchGroup, GroupKey, ItemOutcome, Worker, WorkItem, group_items
from agent.errors import ScenecraftError, one_line

log = logging.getLogger("scenecraft.batch")
RAY_HINT = "pip install 'scenecraft[ray]'"
START_TIMEOUT_S = 120.0


def import_ray() -> Any:
    """``import ray``, or one line telling the user which extra to install."""
    try:
        import ray
    except ImportError:
        raise ScenecraftError(f"the ray executor needs Ray, which is not installed: {RAY_HINT}") from None
    return ray


class BatchActor:
    """What runs inside each Ray actor process (wrapped with ``ray.remote`` at run time).

    ``imports`` are modules to import first, so plugins or backends registered by code (not by entry
    point) exist in the worker too. ``threads`` caps torch's CPU threads to the CPUs Ray gave the actor.
    """

    def __init__(self, cache_dir: str | None, imports: list[str], threads: int, group_batch: int = 0) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, threads)))  # read by torch when it is imported
        for module in imports:
            importlib.import_module(module)
        self.threads = max(1, threads)
        self.worker = Worker(cache_dir=cache_dir, name=f"ray:{socket.gethostname()}:{os.getpid()}",
                             group_batch=group_batch)

    def info(self) -> dict[str, Any]:
        """Who this worker is and how often its model pool read weights from disk (once per model is right)."""
        models = sys.modules.get("agent.models.pool")
        loads = models.default_pool().loads if models is not None and models._default_pool is not None else 0
        return {"pid": os.getpid(), "host": socket.gethostname(), "name": self.worker.name, "model_loads": loads}

    def run_items(self, items: list[WorkItem]) -> list[ItemOutcome]:
        """A chunk of one group: its shared nodes batched first (when ``group_batch`` > 1), then each item."""
        torch = sys.modules.get("torch")  # set only once a backend has imported torch: sketch never does
        if torch is not None and torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)
        return [out for group in group_items(items) for out in self.worker.run_group(group)]


@dataclass
class _Task:
    item: WorkItem
    attempts: int = 0  # runs lost to a dead worker


@dataclass
class _Slot:
    """One worker position; ``handle`` is replaced by a fresh actor when the old one dies."""

    index: int
    handle: Any = None
    name: str = ""
    pid: int | None = None
    generation: int = 0
    keys: dict[GroupKey, None] = field(default_factory=dict)  # groups this actor has loaded, in order
    busy: bool = False
    alive: bool = True


_Running = tuple[_Slot, int, list[_Task]]  # an actor call in flight: (slot, its generation, the chunk's tasks)


class RayRunner:
    """Runs batch groups on Ray actors; see the module docstring for scheduling and fault handling."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None, gpus_per_worker: float | None = None,
                 cpus_per_worker: float = 1, max_retries: int = 2, cache_dir: Path | str | None = None,
                 imports: list[str] | tuple[str, ...] = (), start_timeout: float = START_TIMEOUT_S,
                 init_options: dict[str, Any] | None = None, group_batch: int = 0) -> None:
        if workers is not None and workers < 1:
            raise ScenecraftError(f"--workers {workers} must be at least 1")
        if gpus_per_worker is not None and gpus_per_worker < 0:
            raise ScenecraftError(f"--gpus-per-worker {gpus_per_worker} must be 0 or more")
        if cpus_per_worker <= 0:
            raise ScenecraftError(f"cpus_per_worker {cpus_per_worker} must be more than 0")
        if max_retries < 0:
            raise ScenecraftError(f"--max-retries {max_retries} must be 0 or more")
        if group_batch < 0:
            raise ScenecraftError(f"--group-batch {group_batch} must be 1 or more (0: off)")
        self.ray = import_ray()
        if address is not None:
            _probe(address)  # before the batch folder is touched; ray.init retries a dead address for minutes
        self.address = address
        self.workers = workers
        self.gpus_per_worker = gpus_per_worker
        self.cpus_per_worker = cpus_per_worker
        self.max_retries = max_retries
        self.cache_dir = str(cache_dir) if cache_dir is not None else None
        self.imports = list(imports)
        self.start_timeout = start_timeout
        self.init_options = init_options or {}
        self.group_batch = group_batch  # items of one group per actor call; 0 or 1: one item at a time
        self.slots: list[_Slot] = []
        self.replacements = 0  # actors started to replace dead ones (bounded, see _replace)
        self.retried = 0  # item attempts lost to a dead worker and sent again
        self.final_info: list[dict[str, Any]] = []  # worker_info() read at close()
        self._owns_ray = False
        self._actor_cls: Any = None

    # -- set-up ------------------------------------------------------------------------------------
    def _connect(self) -> None:
        ray = self.ray
        if ray.is_initialized():
            return
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, **self.init_options}
        if self.address is None:  # a private single-machine instance, reachable on loopback only
            options.setdefault("_node_ip_address", "127.0.0.1")
        try:
            ray.init(address=self.address, **options)
        except Exception as exc:  # noqa: BLE001 - ConnectionError, ValueError, RuntimeError: all one message
            where = self.address or "a new local instance"
            raise ScenecraftError(one_line(f"could not start or reach Ray ({where}): {exc}".split("\n")[0])) from None
        self._owns_ray = True

    def _plan_workers(self) -> tuple[int, float]:
        """How many actors and how many GPUs each, from the options and what the cluster has."""
        res = self.ray.cluster_resources()
        gpus, cpus = float(res.get("GPU", 0)), float(res.get("CPU", 0))
        per_gpu = self.gpus_per_worker if self.gpus_per_worker is not None else (1.0 if gpus >= 1 else 0.0)
        if per_gpu > 0:
            fit = int(gpus // per_gpu)
            if fit < 1:
                raise ScenecraftError(f"the Ray cluster has {gpus:g} GPUs; --gpus-per-worker {per_gpu:g} needs more "
                                      "(use --gpus-per-worker 0 for CPU workers)")
        else:
            fit = int(cpus // self.cpus_per_worker)
            if fit < 1:
                raise ScenecraftError(f"the Ray cluster has {cpus:g} CPUs; a worker needs {self.cpus_per_worker:g}")
        n = self.workers or fit
        if n > fit:
            raise ScenecraftError(f"--workers {n} does not fit the Ray cluster ({gpus:g} GPUs, {cpus:g} CPUs): "
                                  f"at most {fit}")
        return n, per_gpu

    def _new_actor(self) -> Any:
        return self._actor_cls.remote(self.cache_dir, self.imports, int(max(1, self.cpus_per_worker)), self.group_batch)

    def start(self) -> None:
        """Connect to Ray and start the actors now (otherwise the first ``map_groups`` does it)."""
        ray = self.ray
        self._connect()
        n, per_gpu = self._plan_workers()
        self._actor_cls = ray.remote(BatchActor).options(num_cpus=self.cpus_per_worker, num_gpus=per_gpu,
                                                         max_restarts=0, max_task_retries=0)
        self.slots = [_Slot(index=i, handle=self._new_actor()) for i in range(n)]
        refs = {slot.handle.info.remote(): slot for slot in self.slots}
        ready, pending = ray.wait(list(refs), num_returns=len(refs), timeout=self.start_timeout)
        errors = []
        for ref in ready:
            try:
                info = ray.get(ref)
                refs[ref].name, refs[ref].pid = info["name"], info["pid"]
            except self.ray.exceptions.RayError as exc:
                errors.append(_reason(exc))
                self._retire(refs[ref])
        for ref in pending:
            log.warning("a Ray worker did not start within %.0fs (cluster busy?); going on without it",
                        self.start_timeout)
            self._retire(refs[ref])
        if not any(s.alive for s in self.slots):
            why = errors[0] if errors else f"none started within {self.start_timeout:.0f}s"
            raise ScenecraftError(one_line(f"no Ray worker could start: {why}"))
        log.info("ray: %d workers (%g GPUs each)", sum(s.alive for s in self.slots), per_gpu)

    def _retire(self, slot: _Slot) -> None:
        slot.alive = False
        try:
            self.ray.kill(slot.handle, no_restart=True)
        except Exception as exc:  # noqa: BLE001 - it may be gone already
            log.debug("ray.kill(worker %s): %s", slot.index, exc)

    def _replace(self, slot: _Slot, reason: str) -> None:
        """A slot's actor died: start a fresh one, within a budget so a broken setup cannot loop forever."""
        self._retire(slot)
        budget = len(self.slots) * (self.max_retries + 1)
        if self.replacements >= budget:
            log.warning("ray worker %s died (%s); replacement budget (%d) spent, not replacing", slot.index, reason,
                        budget)
            return
        self.replacements += 1
        log.warning("ray worker %s died (%s); starting a new one", slot.name or slot.index, reason)
        slot.handle, slot.alive, slot.busy, slot.pid = self._new_actor(), True, False, None
        slot.generation += 1
        slot.keys.clear()
        slot.name = f"ray-slot-{slot.index}"

    # -- scheduling --------------------------------------------------------------------------------
    def _pick(self, slot: _Slot, pending: dict[GroupKey, deque[_Task]]) -> _Task | None:
        for key in slot.keys:  # 1. a group whose model this worker already holds
            if pending.get(key):
                return pending[key].popleft()
        holders: dict[GroupKey, int] = {}
        for s in self.slots:
            if s.alive:
                for key in s.keys:
                    holders[key] = holders.get(key, 0) + 1
        left = [k for k, q in pending.items() if q]
        if not left:
            return None
        fresh = [k for k in left if k not in holders]  # 2. a group nobody has loaded yet
        key = fresh[0] if fresh else max(left, key=lambda k: len(pending[k]) / holders[k])  # 3. help the busiest
        return pending[key].popleft()

    def _dispatch(self, pending: dict[GroupKey, deque[_Task]], running: dict[Any, _Running]) -> None:
        """Give every idle live worker its next chunk (one in flight per worker)."""
        for slot in self.slots:
            if slot.alive and not slot.busy:
                task = self._pick(slot, pending)
                if task is None:
                    return
                chunk = [task]
                queue = pending[task.item.key]
                while queue and len(chunk) < self.group_batch:
                    chunk.append(queue.popleft())
                slot.keys[task.item.key] = None
                slot.busy = True
                running[slot.handle.run_items.remote([t.item for t in chunk])] = (slot, slot.generation, chunk)

    def worker_info(self) -> list[dict[str, Any]]:
        """``BatchActor.info()`` of each live actor (pid, host, model loads), for diagnostics and tests."""
        live = [s for s in self.slots if s.alive]
        return self.ray.get([s.handle.info.remote() for s in live])

    def worker_pids(self) -> list[int]:
        """Process ids of the live actors (for tests and diagnostics)."""
        return [info["pid"] for info in self.worker_info()]

    def map_groups(self, groups: list[BatchGroup]) -> Iterator[ItemOutcome]:
        if not any(g.items for g in groups):
            return
        ray = self.ray
        if not self.slots:
            self.start()
        pending: dict[GroupKey, deque[_Task]] = {g.key: deque(_Task(it) for it in g.items) for g in groups}
        running: dict[Any, _Running] = {}  # ref -> (slot, its generation, the chunk's tasks)
        while True:
            self._dispatch(pending, running)
            if not running:
                break
            ready, _ = ray.wait(list(running), num_returns=1)
            done: list[ItemOutcome] = []
            for ref in ready:
                slot, generation, chunk = running.pop(ref)
                try:
                    done.extend(ray.get(ref))
                    slot.busy = False
                except ray.exceptions.RayTaskError as exc:  # the actor method raised: not a death, no retry
                    slot.busy = False
                    done.extend(self._failed(task, f"worker error: {_reason(exc)}") for task in chunk)
                except ray.exceptions.RayError as exc:  # the actor (process, node) is gone
                    reason = _reason(exc)
                    if slot.generation == generation:
                        self._replace(slot, reason)
                    for task in reversed(chunk):  # requeued in file order
                        task.attempts += 1
                        if task.attempts > self.max_retries or not any(s.alive for s in self.slots):
                            done.append(self._failed(task, f"worker died {task.attempts} time(s) running it: {reason}"))
                        else:
                            self.retried += 1
                            pending[task.item.key].appendleft(task)
            if not any(s.alive for s in self.slots):  # nothing left to run on: say so for every item
                for q in pending.values():
                    while q:
                        done.append(self._failed(q.popleft(), "no Ray workers left (all died; see the warnings)"))
            # Hand out the next items before yielding, so workers compute while the driver writes files.
            self._dispatch(pending, running)
            yield from done

    @staticmethod
    def _failed(task: _Task, error: str) -> ItemOutcome:
        return ItemOutcome(id=task.item.id, status="failed", error=one_line(error), worker="ray")

    def close(self) -> None:
        if not self.ray.is_initialized():
            return
        try:  # what the workers did, kept after they are gone (and logged: model loads per worker)
            self.final_info = self.worker_info()
            log.info("ray workers at close: %s", self.final_info)
        except self.ray.exceptions.RayError as exc:  # a dying cluster must not turn a finished batch into an error
            log.warning("could not read worker info at close: %s", _reason(exc))
        for slot in self.slots:
            if slot.alive:
                self._retire(slot)
        self.slots = []
        if self._owns_ray:
            self.ray.shutdown()
            self._owns_ray = False


def _probe(address: str, timeout: float = 10.0) -> None:
    """Fail fast, in one line, when ``address`` (auto, HOST:PORT, ray://HOST:PORT) has no Ray listening."""
    target = address.removeprefix("ray://")
    if target == "auto":
        try:
            from ray._private.services import canonicalize_bootstrap_address_or_die
        except ImportError:  # pragma: no cover - a Ray without this helper: let ray.init decide
            return
        try:
            target = canonicalize_bootstrap_address_or_die("auto")
        except ConnectionError:
            raise ScenecraftError("--address auto: no running Ray cluster found on this machine (start one with "
                                  "'ray start --head', or name it with --address HOST:PORT)") from None
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise ScenecraftError(f"--address {address!r} is not auto, HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ScenecraftError(f"cannot reach Ray at {address} ({host}:{port}): {exc.strerror or exc}") from None


def _reason(exc: BaseException) -> str:
    """The first informative line of a Ray error (they are long multi-line reports)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    return text[:300]


RayExecutor = RayRunner  # the old name, kept for one release
