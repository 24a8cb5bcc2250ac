"""What the model pool needs to know about a loaded diffusers pipeline: its size, its tokenizers, its
scheduler settings, and how to keep the libraries' own progress output quiet while it loads."""

from __future__ import annotations

import json
import logging
import math
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


_SAFETENSORS_SIZES = {"F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2,
                      "U16": 2, "F8_E4M3": 1, "F8_E5M2": 1, "I8": 1, "U8": 1, "BOOL": 1}


def _safetensors_bytes(path: Path, element_size: int | None) -> int:
    """Bytes of the tensors in one file at ``element_size`` per float value (stored size when None).

    Reads only the JSON header; a file it cannot parse counts as its size on disk.
    """
    try:
        with path.open("rb") as f:
            n = int.from_bytes(f.read(8), "little")
            if not 0 < n < 100 * 2**20:
                raise ValueError("implausible header length")
            header = json.loads(f.read(n))
        total = 0
        for name, info in header.items():
            if name == "__metadata__":
                continue
            numel = math.prod(info["shape"])
            stored = _SAFETENSORS_SIZES.get(info["dtype"], 4)
            floating = info["dtype"].startswith(("F", "BF"))
            total += numel * (element_size if element_size and floating else stored)
        return total
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return path.stat().st_size


def estimate_bytes(model: str, element_size: int | None = None) -> int:
    """What a local folder's weights take once loaded at ``element_size`` bytes per value (0 for a hub id).

    The budget makes room for this before loading. One file set per component folder: checkpoints
    often ship the same weights twice (``model.safetensors`` and ``model.fp16.safetensors``), and a
    float32 folder loaded in float16 takes half its size on disk.
    """
    try:
        path = Path(model).expanduser()
        if not (path / "model_index.json").is_file():  # not a diffusers folder: never walk it
            return 0
        folders: dict[Path, list[Path]] = {}
        for folder in [path, *sorted(p for p in path.iterdir() if p.is_dir())[:64]]:  # components: one level
            for f in sorted(folder.glob("*.safetensors"))[:256]:
                folders.setdefault(f.parent, []).append(f)
    except (OSError, RuntimeError, ValueError):
        return 0
    total = 0
    for files in folders.values():
        plain = [f for f in files if "." not in f.stem]  # model.safetensors, model-00001-of-00002.safetensors
        if not plain:  # only variants (model.fp16.safetensors ...): count the first variant's files
            first = files[0].stem.split(".", 1)[1].split("-", 1)[0]
            plain = [f for f in files if f.stem.split(".", 1)[1].split("-", 1)[0] == first]
        total += sum(_safetensors_bytes(f, element_size) for f in plain)
    return total


def check_tokenizers(pipe: Any, model: str, hint: str | None = None) -> None:
    """A tokenizer whose files are missing loads silently as a ~2-token one; refuse it with a clear error."""
    for name, comp in pipe.components.items():
        if name.startswith("tokenizer") and comp is not None:
            n = len(comp)
            if n < MIN_TOKENIZER_SIZE:
                raise ModelUnavailableError(f"model '{model}': {name} has only {n} tokens, so its files are missing "
                                            f"or broken; re-download the model{': ' + hint if hint else ''}")
