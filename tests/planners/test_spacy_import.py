"""The planner's spaCy comes in without torch (thinc would import it only to note it exists), and torch
stays importable afterwards: a fresh interpreter, as a ``scenecraft run`` starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = """
import importlib.util, sys
from agent.planners import get_planner, spacy_import
scene = get_planner("offline").plan("a green frog beside two red buckets")
import thinc.compat
print(sorted(o.name for o in scene.objects), "torch" in sys.modules, thinc.compat.has_torch,
      spacy_import._FINDER in sys.meta_path, sys.modules.get("torch", 0) is None)
"""


def test_planning_imports_no_torch_and_leaves_it_importable():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["['bucket',", "'bucket',", "'frog']", "False", "False", "False", "False"]


class _Recorder:
    """A stand-in loader: notes what ``import torch`` would find while the wrapped import runs."""

    def __init__(self) -> None:
        self.seen: list[object] = []

    def exec_module(self, module: object) -> None:
        self.seen.append(sys.modules.get("torch", "importable"))


def test_torch_is_hidden_only_in_a_single_threaded_process(monkeypatch):
    import threading

    from agent.planners.spacy_import import _HideTorchLoader

    monkeypatch.delitem(sys.modules, "torch", raising=False)
    inner = _Recorder()
    _HideTorchLoader(inner).exec_module(None)  # alone: hidden while spaCy imports, back afterwards
    assert "torch" not in sys.modules
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)  # a server worker that might be importing torch now
    worker.start()
    try:
        _HideTorchLoader(inner).exec_module(None)
    finally:
        stop.set()
        worker.join()
    assert inner.seen == [None, "importable"]
