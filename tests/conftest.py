"""Shared fixtures: an isolated cache per test, one torch thread, the tiny model folders, paths to the public
bench data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.eval import default_data_dir
from tests.tiny_models import TinyModels

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parents[1]
# the same search as the CLI: a worktree nested deeper (/work/wt/<branch>) finds /work/shared too
BENCH_DATA = default_data_dir() or REPO.parent / "shared" / "bench-data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-gpu", action="store_true", help="run tests marked gpu (need CUDA and real weights)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-gpu"):
        return
    skip = pytest.mark.skip(reason="needs a GPU and real weights (use --run-gpu)")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SCENECRAFT_CACHE", str(root))
    return root


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread() -> None:
    """2 threads are often many times slower on the shared CI machines; only set it if torch is loaded."""
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    """The tiny random-weight model folders (tests/tiny_models.py) by kind, built on first use, shared by
    every test of the run: ``tiny_models["sd"]``, ``tiny_models["lora"]``."""
    return TinyModels(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def bench_data() -> Path:
    if not BENCH_DATA.is_dir():
        pytest.skip(f"public bench data not found at {BENCH_DATA}")
    return BENCH_DATA
