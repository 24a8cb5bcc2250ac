"""The one path from a graph to a run folder (agent.engine.run_folder.execute_to_dir)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.graph import TaskGraph


def test_a_graph_is_validated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.compiler import compile_scene
    from agent.engine.run_folder import execute_to_dir, make_executor
    from agent.planners import get_planner

    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    scene = get_planner("offline").plan("a red apple", width=64, height=64, seed=0)
    graph = compile_scene(scene, "sketch")
    calls = []
    real = TaskGraph.validate_with
    monkeypatch.setattr(TaskGraph, "validate_with", lambda self, reg: calls.append(1) or real(self, reg))
    outcome = execute_to_dir(graph, tmp_path / "run", scene=scene, executor=make_executor(progress=False))
    assert outcome.ok and (tmp_path / "run" / "image.png").exists()
    assert len(calls) == 1
