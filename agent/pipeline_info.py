"""What the model pool needs to know about a loaded diffusers pipeline: its size, its tokenizers, its
scheduler settings, and how to keep the libraries' own progress output quiet while it loads."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from agent.errors import ModelUnavailableError

log = logging.getLogger("scenecraft.models")

MIN_TOKENIZER_SIZE = 100  # a tokenizer whose files are missing loads silently with ~2 tokens


def loading_status(text: str) -> Any:
    """A rich spinner on stderr while weights load (real checkpoints take a while); silent when not a terminal."""
    from contextlib import nullcontext

    from rich.console import Console

    console = Console(stderr=True)
    return console.status(text) if console.is_terminal else nullcontext()


def quiet_libraries() -> None:
    """diffusers/transformers print per-component load bars and config nags; Scenecraft shows its own progress."""
    if log.isEnabledFor(logging.DEBUG):
        return
    import diffusers.utils.logging as dlog
    import transformers.utils.logging as tlog

    dlog.set_verbosity_error()
    dlog.disable_progress_bar()
    tlog.set_verbosity_error()
    tlog.disable_progress_bar()


def set_scheduler_config(pipe: Any, overrides: dict[str, Any]) -> None:
    """Rebuild the scheduler with ``overrides`` applied to the keys it has (shared by derived pipelines)."""
    sched = getattr(pipe, "scheduler", None)
    changes = {k: v for k, v in overrides.items() if sched is not None and k in sched.config
               and sched.config[k] != v}
    if changes:
        pipe.scheduler = type(sched).from_config({**sched.config, **changes})


def pipeline_bytes(pipe: Any) -> int:
    """Bytes of every parameter and buffer in the pipeline's modules (shared modules counted once)."""
    seen: set[int] = set()
    total = 0
    for comp in pipe.components.values():
        if not hasattr(comp, "parameters"):
            continue
        for t in [*comp.parameters(), *comp.buffers()]:
            if id(t) not in seen:
                seen.add(id(t))
                total += t.numel() * t.element_size()
    return total


def estimate_bytes(model: str) -> int:
    """Size of a local folder's safetensors files (0 for a hub id): what the budget makes room for."""
    path = Path(model).expanduser()
    if not path.is_dir():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*.safetensors"))


def check_tokenizers(pipe: Any, model: str, hint: str | None = None) -> None:
    """A tokenizer whose files are missing loads silently as a ~2-token one; refuse it with a clear error."""
    for name, comp in pipe.components.items():
        if name.startswith("tokenizer") and comp is not None:
            n = len(comp)
            if n < MIN_TOKENIZER_SIZE:
                raise ModelUnavailableError(f"model '{model}': {name} has only {n} tokens, so its files are missing "
                                            f"or broken; re-download the model{': ' + hint if hint else ''}")
