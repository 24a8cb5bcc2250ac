"""Fixtures of the plugin tests that run diffusion plugins directly: one model pool per module (loaded
pipelines are reused by its tests, not by other modules) and a run context over a fresh store."""

from __future__ import annotations

from typing import Any

import pytest

from agent.artifacts import ArtifactStore
from agent.context import RunContext


@pytest.fixture(scope="module")
def pool() -> Any:
    from agent.models import ModelPool

    return ModelPool(offline=True)


@pytest.fixture
def ctx(pool: Any, tmp_path) -> RunContext:
    c = RunContext(store=ArtifactStore(tmp_path / "store"), seed=7, node_id="n")
    c.models = pool
    return c
