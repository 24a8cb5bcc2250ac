"""Import spaCy without dragging PyTorch in: the planner's cold start was two thirds torch.

Why: spaCy imports thinc, and ``thinc.compat`` imports torch whenever it is installed (it is, for the
diffusion backend) only to record whether torch-backed layers could run. en_core_web_sm runs on thinc's
numpy ops and never touches them, yet ``import torch`` cost 2-4 s of a 3-7 s planner cold start on this
machine (``python -X importtime``). While spaCy itself is being imported, and only if torch is not loaded
yet, ``torch`` is hidden from the import system, so thinc records "no torch" and goes on; torch is
importable again as soon as spaCy is in, and a process that loads torch first (a diffusion run) sees no
change. Only a single-threaded process does it (the CLI, a batch, the bench): hiding torch is global,
and a server's worker thread loading a diffusion model at that moment would find it gone. Parses are the
same: the pipeline's layers are numpy either way (the DSG eval is the check).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from types import ModuleType


class _HideTorchLoader(importlib.abc.Loader):
    """Runs spaCy's own loader with ``sys.modules['torch'] = None`` (import raises ImportError)."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if "torch" in sys.modules or threading.active_count() > 1:  # another thread may be importing torch
            self.inner.exec_module(module)
            return
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            self.inner.exec_module(module)
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]


class _SpacyFinder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` the usual way and wraps its loader; removes itself after the first hit."""

    def find_spec(self, fullname: str, path: object = None, target: object = None):
        if fullname != "spacy":
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _HideTorchLoader(spec.loader)
        return spec


_FINDER = _SpacyFinder()


def install() -> None:
    """Arms the hook for the first ``import spacy`` of this process (cheap; nothing is imported now)."""
    if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
