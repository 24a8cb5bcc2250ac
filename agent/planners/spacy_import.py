"""Import spaCy without dragging PyTorch in: the planner's cold start was two thirds torch.

Why: spaCy imports thinc, and ``thinc.compat`` imports torch whenever it is installed (it is, for the
diffusion backend) only to record whether torch-backed layers could run. en_core_web_sm runs on thinc's
numpy ops and never touches them, yet ``import torch`` cost 2-4 s of a 3-7 s planner cold start on this
machine (``python -X importtime``). So the planner's own imports of spaCy (:func:`agent.planners.get_planner`
loading the offline planner, whose modules import spaCy, and :func:`agent.planners.nlp.english`) run with
``torch`` hidden from the import system; nothing else in the process is touched. thinc records "no torch"
and goes on, and torch is importable again as soon as spaCy is in. A process that loaded torch first (a
diffusion run) or that imported spaCy itself sees no change. Only a single-threaded process does it (the
CLI, a batch, the bench): hiding torch is process-wide, and a server's worker thread loading a diffusion
model at that moment would find it gone. Parses are the same: the pipeline's layers are numpy either way
(the DSG eval is the check). The cost, stated: in such a process
thinc believes torch absent, so a torch-backed spaCy pipeline (en_core_web_trf) loaded later in the same
process would not run; Scenecraft loads none.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_hidden() -> Iterator[bool]:
    """While the block runs, ``import torch`` raises ImportError, when that is safe; yields whether it hid it.

    Safe means: spaCy is not imported yet (else hiding changes nothing), torch is not loaded (a loaded torch
    is never hidden), and no other thread runs (one might be importing torch)."""
    hide = "spacy" not in sys.modules and "torch" not in sys.modules and threading.active_count() == 1
    if not hide:
        yield False
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # the import system's "known missing" marker
    try:
        yield True
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
