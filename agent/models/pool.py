"""The model pool: one per process, so plugins ask for a pipeline instead of owning weights.

Why a pool: text-to-image, img2img and inpainting on the same base are three diffusers pipelines but one
set of weights. The pool loads a base once (``from_pretrained``, safetensors only), derives the other
tasks with ``from_pipe`` (shared modules, no copy), keeps bases in LRU order and evicts the least recently
used one when a memory budget would be exceeded. Real checkpoints and the tiny test folders go through
exactly this code.

Settings (constructor arguments, else ``SCENECRAFT_*`` env vars, else the config file's ``[models]``):
``device`` (cuda > mps > cpu), ``dtype`` (float16 on GPU, float32 on CPU), ``memory_budget_gb``,
``offload`` (model CPU offload on CUDA), ``threads`` (``torch.set_num_threads``), ``offline`` (sets
``HF_HUB_OFFLINE=1`` before diffusers is imported, and ``local_files_only``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from agent.errors import ModelUnavailableError, ScenecraftError
from agent.models.pipeline_info import (
    check_tokenizers,
    estimate_bytes,
    loading_status,
    pipeline_bytes,
    quiet_libraries,
    set_scheduler_config,
)
from agent.models.profiles import PIPELINE_FAMILIES, LoraSpec, expand_model_path, looks_like_path
from agent.models.settings import PoolSettings

log = logging.getLogger("scenecraft.models")
T = TypeVar("T")

# Family -> task -> diffusers pipeline class (all derived from one base with ``from_pipe``).
TASK_CLASSES: dict[str, dict[str, str]] = {
    "sd": {"text2image": "StableDiffusionPipeline", "image2image": "StableDiffusionImg2ImgPipeline",
           "inpaint": "StableDiffusionInpaintPipeline"},
    "sdxl": {"text2image": "StableDiffusionXLPipeline", "image2image": "StableDiffusionXLImg2ImgPipeline",
             "inpaint": "StableDiffusionXLInpaintPipeline"},
    "sana": {"text2image": "SanaSprintPipeline", "image2image": "SanaSprintImg2ImgPipeline"},
    "gligen": {"gligen": "StableDiffusionGLIGENPipeline", "text2image": "StableDiffusionPipeline",
               "image2image": "StableDiffusionImg2ImgPipeline", "inpaint": "StableDiffusionInpaintPipeline"},
    "pix2pix": {"instruct": "StableDiffusionInstructPix2PixPipeline"},
    "sd-inpaint": {"inpaint": "StableDiffusionInpaintPipeline"},
}



def check_model_folder(model: str) -> Path:
    """``model`` as a path; when it is written like a path it must be a diffusers folder (cheap checks only)."""
    path = expand_model_path(model)
    if looks_like_path(model):
        if not path.is_dir():
            raise ModelUnavailableError(f"model folder '{model[:120]}' does not exist")
        if not (path / "model_index.json").is_file():
            raise ModelUnavailableError(f"'{model[:120]}' is not a diffusers model folder (no model_index.json)")
    return path

class OutOfMemoryError(ScenecraftError):
    """The GPU ran out of memory even after the one retry with offload and a smaller batch."""


@dataclass
class _Base:
    """A loaded base pipeline, the pipelines derived from it, and its measured size."""

    key: tuple
    model: str
    family: str
    pipe: Any
    nbytes: int
    derived: dict[str, Any] = field(default_factory=dict)
    # Pipelines of one base share modules and the scheduler (whose state a call mutates): one call at a time.
    call_lock: threading.Lock = field(default_factory=threading.Lock)


class ModelPool:
    """Lazy, shared, budgeted access to diffusers pipelines. Thread-safe for concurrent ``pipeline`` calls."""

    def __init__(self, settings: PoolSettings | None = None, **overrides: Any) -> None:
        self.settings = settings or PoolSettings()
        for k, v in overrides.items():
            if k not in PoolSettings.__dataclass_fields__:
                raise TypeError(f"unknown pool setting '{k}'")
            setattr(self.settings, k, v)
        if self.settings.offline:
            # Must happen before huggingface_hub/diffusers are imported, or some loaders retry for minutes.
            os.environ["HF_HUB_OFFLINE"] = "1"
        self._bases: OrderedDict[tuple, _Base] = OrderedDict()
        self._owner: dict[int, _Base] = {}  # id(pipeline) -> its base (for the per-base call lock)
        self._lock = threading.RLock()
        self.loads = 0  # how many times weights were read from disk (tests and benches check sharing)
        self.evictions: list[str] = []
        self._torch_ready = False

    # -- placement ---------------------------------------------------------------------------------
    def _torch(self) -> Any:
        import torch

        if not self._torch_ready:
            if self.settings.threads:
                torch.set_num_threads(self.settings.threads)
            if self.settings.offline:
                import huggingface_hub.constants as hub_constants

                hub_constants.HF_HUB_OFFLINE = True  # in case the hub was imported before the pool
            self._torch_ready = True
        return torch

    @property
    def device(self) -> str:
        """The chosen device: the setting, else cuda > mps > cpu."""
        if self.settings.device:
            return self.settings.device
        torch = self._torch()
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"

    def dtype_for(self, wanted: str | None = None) -> Any:
        """float32 on CPU (half precision is slow and lossy there); else the setting, the profile's, or float16."""
        torch = self._torch()
        name = self.settings.dtype or ("float32" if self.device == "cpu" else (wanted or "float16"))
        dtype = getattr(torch, name, None)
        if not isinstance(dtype, torch.dtype):
            raise ScenecraftError(f"unknown dtype '{name}' (use float32, float16 or bfloat16)")
        return dtype

    @property
    def budget_bytes(self) -> int | None:
        """The setting; on CUDA without one, 85% of the card (room left for activations); else no limit."""
        gb = self.settings.memory_budget_gb
        if gb is not None:
            return int(gb * 2**30)
        if self.device == "cuda":
            torch = self._torch()
            return int(0.85 * torch.cuda.get_device_properties(torch.cuda.current_device()).total_memory)
        return None

    # -- loading -----------------------------------------------------------------------------------
    def pipeline(self, model: str, task: str = "text2image", dtype: str | None = None,
                 loras: Sequence[LoraSpec] = (), hint: str | None = None,
                 scheduler: dict[str, Any] | None = None) -> Any:
        """A ready pipeline for ``task`` on ``model``; loads the base at most once and shares it.

        Args:
            model: a hub id or a local folder.
            task: ``text2image``, ``image2image``, ``inpaint`` ... (derived from the base with ``from_pipe``).
            dtype: the dtype the profile wants (``float16``, ``bfloat16``); the pool's setting wins and a CPU
                runs float32.
            loras: adaptors to attach; a different set is its own pool entry, so the plain model stays unpatched.
            hint: the user-facing way to make the model available (from the profile), used in errors.
            scheduler: scheduler config keys the profile depends on (turbo models need
                ``timestep_spacing="trailing"`` so one step starts from t=999, whatever the folder says).
        """
        check_model_folder(model)  # before torch is imported or anything is walked
        with self._lock:
            torch_dtype = self.dtype_for(dtype)
            overrides = tuple(sorted((scheduler or {}).items()))
            key = (model, str(torch_dtype), tuple(loras), overrides)
            base = self._bases.get(key)
            if base is None:
                base = self._load_base(key, model, torch_dtype, loras, hint)
                set_scheduler_config(base.pipe, dict(overrides))
            self._bases.move_to_end(key)
            return self._derive(base, task)

    def _derive(self, base: _Base, task: str) -> Any:
        classes = TASK_CLASSES.get(base.family, {})
        if task not in classes:
            raise ScenecraftError(f"model '{base.model}' ({base.family}) cannot do {task}; it supports "
                                  f"{', '.join(classes) or 'nothing Scenecraft knows'}")
        if type(base.pipe).__name__ == classes[task]:
            self._owner[id(base.pipe)] = base
            return base.pipe
        if task not in base.derived:
            import diffusers

            cls = getattr(diffusers, classes[task])
            # from_pipe casts every (shared!) module to float32 unless told the dtype: keep the base's.
            derived = cls.from_pipe(base.pipe, dtype=base.pipe.dtype)
            if self.settings.offload and self.device == "cuda":
                derived.enable_model_cpu_offload()  # offload hooks are per pipeline; from_pipe does not copy them
            derived.set_progress_bar_config(disable=True)
            base.derived[task] = derived
            self._owner[id(derived)] = base
        return base.derived[task]

    def _load_base(self, key: tuple, model: str, torch_dtype: Any, loras: Sequence[LoraSpec],
                   hint: str | None) -> _Base:
        need = estimate_bytes(model, torch_dtype.itemsize)
        self._make_room(need)
        with loading_status(f"loading {model}"):
            pipe = self._from_pretrained(model, torch_dtype, hint)
        check_tokenizers(pipe, model, hint)
        for i, lora in enumerate(loras):
            self._attach_lora(pipe, lora, f"lora{i}")
        if loras:
            pipe.set_adapters([f"lora{i}" for i in range(len(loras))], adapter_weights=[lo.weight for lo in loras])
        self._place(pipe)
        pipe.set_progress_bar_config(disable=True)
        family = PIPELINE_FAMILIES.get(type(pipe).__name__, "sd")
        base = _Base(key=key, model=model, family=family, pipe=pipe, nbytes=pipeline_bytes(pipe))
        self._bases[key] = base
        self.loads += 1
        self._make_room(0)  # the estimate may have been low: re-check with the measured size
        log.info("loaded %s (%s, %.1f MiB) on %s", model, family, base.nbytes / 2**20, self.device)
        return base

    def _from_pretrained(self, model: str, torch_dtype: Any, hint: str | None) -> Any:
        path = check_model_folder(model)
        self._torch()
        quiet_libraries()
        from diffusers import DiffusionPipeline

        try:
            return DiffusionPipeline.from_pretrained(
                str(path) if path.is_dir() else model, dtype=torch_dtype,
                use_safetensors=self.settings.use_safetensors,
                local_files_only=self.settings.offline or path.is_dir())
        except (OSError, ValueError) as exc:
            if path.is_dir():
                if "safetensors" in str(exc).lower():
                    raise ModelUnavailableError(f"model folder '{model}' has no .safetensors weights; Scenecraft does "
                                                "not unpickle .bin files (convert them, or set use_safetensors = false "
                                                "under [models] in the config if you trust the file)") from None
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ModelUnavailableError(f"model folder '{model}' could not be loaded: {reason}") from None
            how = hint or (f"download it with `hf download {model}` (older: `huggingface-cli download {model}`), "
                           "or pass --model /path/to/a/local/folder")
            where = "offline and not in the local cache" if self.settings.offline or os.environ.get("HF_HUB_OFFLINE") \
                else "not available"
            raise ModelUnavailableError(f"model '{model}' is {where}: {how}") from None

    def _attach_lora(self, pipe: Any, lora: LoraSpec, name: str) -> None:
        if not hasattr(pipe, "load_lora_weights"):
            raise ScenecraftError(f"{type(pipe).__name__} does not take LoRA adaptors ('{lora.path}')")
        kwargs = {"weight_name": lora.weight_name} if lora.weight_name else {}
        try:
            pipe.load_lora_weights(lora.path, adapter_name=name, local_files_only=self.settings.offline, **kwargs)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"LoRA '{lora.path}' could not be loaded: {str(exc).splitlines()[0]}") from None

    def _place(self, pipe: Any) -> None:
        if self.settings.offload and self.device == "cuda":
            pipe.enable_model_cpu_offload()
            return
        torch = self._torch()
        try:
            pipe.to(self.device)
        except getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError):
            if self.device != "cuda":
                raise
            log.warning("out of GPU memory while loading; keeping this model in CPU memory with model offload")
            pipe.to("cpu")
            self._free_cache()
            pipe.enable_model_cpu_offload()

    # -- budget ------------------------------------------------------------------------------------
    def _make_room(self, need: int) -> None:
        budget = self.budget_bytes
        if budget is None:
            return
        while self._bases and sum(b.nbytes for b in self._bases.values()) + need > budget:
            if need == 0 and len(self._bases) == 1:
                return  # a single model over budget stays: evicting it would only reload it
            key, _victim = next(iter(self._bases.items()))
            self.evict(key)

    def evict(self, key: tuple | str) -> None:
        """Drop a base (and everything derived from it); ``key`` may be the model id."""
        with self._lock:
            keys = [k for k in self._bases if k == key or k[0] == key]
            for k in keys:
                base = self._bases.pop(k)
                for p in (base.pipe, *base.derived.values()):
                    self._owner.pop(id(p), None)
                self.evictions.append(base.model)
                log.info("evicted %s (%.1f MiB)", base.model, base.nbytes / 2**20)
            if keys:
                self._free_cache()

    def clear(self) -> None:
        with self._lock:
            for k in list(self._bases):
                self.evict(k)

    def loaded(self) -> list[str]:
        """Model ids in LRU order (least recently used first)."""
        return [b.model for b in self._bases.values()]

    def resident_bytes(self) -> int:
        return sum(b.nbytes for b in self._bases.values())

    def _free_cache(self) -> None:
        import gc

        gc.collect()
        torch = self._torch()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    # -- running -----------------------------------------------------------------------------------
    def run_batched(self, pipe: Any, items: Sequence[T], call: Callable[[Sequence[T]], list]) -> list:
        """``call(items)`` once; on CUDA out-of-memory retry once with CPU offload and halved batches.

        Calls on pipelines of the same base are serialised (threads of an API server may share the pool);
        the retry is logged as a warning, so the user knows why the run got slower.
        """
        with self._lock:
            base = self._owner.get(id(pipe))
        if base is None:
            return self._run_with_retry(pipe, items, call)
        with base.call_lock:
            return self._run_with_retry(pipe, items, call)

    def _run_with_retry(self, pipe: Any, items: Sequence[T], call: Callable[[Sequence[T]], list]) -> list:
        torch = self._torch()
        oom = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)
        try:
            return call(items)
        except oom:
            pass
        self._free_cache()
        half = max(1, (len(items) + 1) // 2)
        offload = self.device == "cuda" and hasattr(pipe, "enable_model_cpu_offload")
        log.warning("out of GPU memory; retrying once with %sbatch size %d",
                    "CPU offload and " if offload else "", half)
        if offload:
            pipe.enable_model_cpu_offload()
        try:
            out: list = []
            for i in range(0, len(items), half):
                out.extend(call(items[i:i + half]))
            return out
        except oom:
            self._free_cache()
            raise OutOfMemoryError(f"out of GPU memory even with {'offload and ' if offload else ''}batch size {half}: "
                                   "lower width/height or the number of images, or set offload = true") from None


_default_pool: ModelPool | None = None
_default_lock = threading.Lock()


def default_pool() -> ModelPool:
    """The process-wide pool (settings from the environment and the config file)."""
    global _default_pool
    with _default_lock:
        if _default_pool is None:
            _default_pool = ModelPool(PoolSettings.from_env())
        return _default_pool


def set_default_pool(pool: ModelPool | None) -> None:
    """Replace the process-wide pool (tests, servers that configure their own)."""
    global _default_pool
    with _default_lock:
        _default_pool = pool
