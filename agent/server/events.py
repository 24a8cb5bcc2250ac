"""Live progress: per-run event history in memory, fed by the workers, read by SSE streams and GET.

Events are plain dicts with a ``type``:

- ``status``: ``{status}`` (queued -> running -> done | failed | cancelled);
- ``node_started``: ``{node, plugin, index, total}`` and ``node_finished``: ``{node, status, cache_hit,
  wall_s}``, both from the engine's executor listener;
- ``step``: ``{node, step, total}``, a diffusion step (from a plugin-context progress hook when the
  plugin reports one);
- ``end``: the last event of a run's stream, ``{status}``.

Each event gets a per-run ``seq`` (1, 2, ...) that SSE sends as its ``id:`` so a client can resume with
``Last-Event-ID``. History lives only in memory: after a restart a finished run's stream is its final
status from the database. Old runs are evicted beyond ``max_runs``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

Event = dict[str, Any]


class RunEvents:
    """The events of one run plus the live node table GET /v1/runs/{id} shows while it runs."""

    def __init__(self, max_events: int) -> None:
        self.events: list[Event] = []
        self.nodes: dict[str, dict[str, Any]] = {}
        self.max_events = max_events
        self.dropped = 0

    def add(self, event: Event) -> None:
        if event["type"] == "node_started":
            self.nodes[event["node"]] = {"status": "running", "plugin": event.get("plugin")}
        elif event["type"] == "node_finished":
            self.nodes.setdefault(event["node"], {}).update(status=event["status"], wall_s=event.get("wall_s"),
                                                            cache_hit=event.get("cache_hit", False))
        elif event["type"] == "step":
            self.nodes.setdefault(event["node"], {}).update(step=event["step"], steps=event["total"])
        if event["type"] == "step" and self.events and self.events[-1]["type"] == "step":
            self.events[-1] = event  # a slow reader sees the latest step, not every one of them
            return
        self.events.append(event)
        if len(self.events) > self.max_events:
            del self.events[0]
            self.dropped += 1


class EventBus:
    """Thread-safe publish; readers poll ``since(run_id, seq)`` (cheap: a list slice under a lock)."""

    def __init__(self, max_runs: int = 1000, max_events: int = 2000) -> None:
        self._runs: OrderedDict[str, RunEvents] = OrderedDict()
        self._seq: dict[str, int] = {}
        self._lock = threading.Lock()
        self.max_runs = max_runs
        self.max_events = max_events

    def publish(self, run_id: str, type_: str, **data: Any) -> Event:
        with self._lock:
            seq = self._seq.get(run_id, 0) + 1
            self._seq[run_id] = seq
            event = {"type": type_, "run_id": run_id, "seq": seq, "at": round(time.time(), 6), **data}
            run = self._runs.get(run_id)
            if run is None:
                run = self._runs[run_id] = RunEvents(self.max_events)
                while len(self._runs) > self.max_runs:
                    old, _ = self._runs.popitem(last=False)
                    self._seq.pop(old, None)
            run.add(event)
            return event

    def since(self, run_id: str, seq: int = 0) -> list[Event]:
        with self._lock:
            run = self._runs.get(run_id)
            return [e for e in run.events if e["seq"] > seq] if run else []

    def nodes(self, run_id: str) -> dict[str, dict[str, Any]]:
        with self._lock:
            run = self._runs.get(run_id)
            return {k: dict(v) for k, v in run.nodes.items()} if run else {}

    def listener(self, run_id: str) -> EngineListener:
        return EngineListener(self, run_id)


class EngineListener:
    """What the executor calls (``listener(event_dict)``); also the step hook for diffusion plugins.

    ``check`` is called before each node starts: it raises to stop the run (cancellation).
    """

    def __init__(self, bus: EventBus, run_id: str) -> None:
        self.bus = bus
        self.run_id = run_id
        self.check: Any = None

    def __call__(self, event: Event) -> None:
        data = {k: v for k, v in event.items() if k != "type"}
        if event["type"] == "node_started" and self.check is not None:
            self.check()
        self.bus.publish(self.run_id, event["type"], **data)

    def step(self, node: str, step: int, total: int) -> None:
        self.bus.publish(self.run_id, "step", node=node, step=step, total=total)
