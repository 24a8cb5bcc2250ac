"""Fixtures the planner tests share."""

from __future__ import annotations

import pytest

from agent.planners import get_planner


@pytest.fixture(scope="module")
def planner():
    """The offline planner, built once per test module."""
    return get_planner("offline")
