"""Progress events: the executor's listener (node started/finished, cancel) and the in-memory event bus."""

from __future__ import annotations

import pytest

from agent.artifacts import ArtifactStore
from agent.engine.executor import Executor, NodeCache
from agent.graph import TaskGraph
from agent.server.events import EventBus


def sketch_graph() -> TaskGraph:
    from agent import Agent
    from agent.compiler import compile_scene

    scene = Agent(width=64, height=64).plan("a red apple with a sign that says 'HI'")
    return compile_scene(scene, "sketch")


def test_executor_listener_sees_each_node_start_and_finish(tmp_path):
    seen: list[tuple[str, str, str | None]] = []
    ex = Executor(ArtifactStore(tmp_path), cache=NodeCache(tmp_path / "nodes"),
                  listener=lambda e: seen.append((e["type"], e["node"], e.get("status"))))
    graph = sketch_graph()
    assert ex.run(graph).ok
    assert seen == [("node_started", "sketch", None), ("node_finished", "sketch", "ok"),
                    ("node_started", "text", None), ("node_finished", "text", "ok")]
    seen.clear()
    ex.run(graph)
    assert [s for s in seen if s[0] == "node_finished"] == [("node_finished", "sketch", "cached"),
                                                            ("node_finished", "text", "cached")]


def test_a_listener_that_raises_at_node_start_stops_the_run(tmp_path):
    class Stop(Exception):
        pass

    def listener(event: dict) -> None:
        if event["type"] == "node_started" and event["node"] == "text":
            raise Stop

    ex = Executor(ArtifactStore(tmp_path), listener=listener)
    with pytest.raises(Stop):
        ex.run(sketch_graph())


def test_bus_orders_events_keeps_live_nodes_and_coalesces_steps():
    bus = EventBus(max_runs=2)
    listener = bus.listener("r1")
    listener({"type": "node_started", "node": "gen", "plugin": "generate.one_step", "index": 0, "total": 1})
    for k in range(1, 5):
        listener.step("gen", k, 4)
    assert bus.nodes("r1")["gen"] == {"status": "running", "plugin": "generate.one_step", "step": 4, "steps": 4}
    events = bus.since("r1")
    assert [e["type"] for e in events] == ["node_started", "step"] and events[-1]["step"] == 4
    listener({"type": "node_finished", "node": "gen", "plugin": "generate.one_step", "status": "ok",
              "cache_hit": False, "wall_s": 0.5})
    assert [e["seq"] for e in bus.since("r1", events[0]["seq"])] == [5, 6]
    bus.publish("r2", "status", status="queued")
    bus.publish("r3", "status", status="queued")
    assert bus.since("r1") == [] and bus.since("r3")[0]["status"] == "queued"  # oldest run evicted
