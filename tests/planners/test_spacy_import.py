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
