"""The planner's spaCy comes in without torch (thinc would import it only to note it exists), and torch
stays importable afterwards: a fresh interpreter, as a ``scenecraft run`` starts."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from agent.planners.spacy_import import torch_hidden

ROOT = Path(__file__).resolve().parents[2]
CHECK = """
import sys
from agent.planners import get_planner
scene = get_planner("offline").plan("a green frog beside two red buckets")
import thinc.compat
print(sorted(o.name for o in scene.objects), "torch" in sys.modules, thinc.compat.has_torch,
      sys.modules.get("torch", 0) is None)
import torch
print(torch.__name__)
"""


def test_planning_imports_no_torch_and_leaves_it_importable():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["['bucket',", "'bucket',", "'frog']", "False", "False", "False", "torch"]


def test_torch_is_hidden_only_while_safe(monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.delitem(sys.modules, "spacy", raising=False)
    alone = threading.active_count  # earlier tests in this process may have left threads running
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    with torch_hidden() as hid:  # alone, before spaCy: hidden inside the block
        assert hid and sys.modules["torch"] is None
    assert "torch" not in sys.modules  # and importable again afterwards
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)  # a server worker that might be importing torch now
    monkeypatch.setattr(threading, "active_count", alone)
    worker.start()
    try:
        with torch_hidden() as hid:
            assert not hid and "torch" not in sys.modules
    finally:
        stop.set()
        worker.join()
    monkeypatch.setitem(sys.modules, "spacy", object())  # spaCy already in: nothing to gain, nothing hidden
    with torch_hidden() as hid:
        assert not hid
