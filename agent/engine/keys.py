"""Cache keys: a node's seed from the run seed, and its cache key from plugin, params, inputs and models.

The executor and the batch prefetcher compute keys here, so a prefetched node is a cache hit in ``run``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def node_seed(run_seed: int, node_id: str) -> int:
    """A stable 31-bit seed per node: the same run seed and node id always give the same seed."""
    digest = hashlib.sha256(f"{run_seed}:{node_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def node_key(cls: type, params: dict[str, Any], seed: int, inputs: dict[str, list[str]], models: list[str]) -> str:
    """A node's cache key: what decides its output, hashed.

    Args:
        cls: the plugin class (its id and version are part of the key).
        params: the node's literal params.
        seed: the node's own seed.
        inputs: field -> [source key, source field] for each linked input (a changed source changes the key).
        models: the models the node uses (ids or folders); their fingerprints go in, so new weights in a
            folder change the key.
    """
    return _digest(
        {
            "plugin": cls.id,
            "version": cls.version,
            "params": params,
            "seed": seed,
            "inputs": inputs,
            # New weights in the same folder must not be served old images from the cache.
            "models": [model_fingerprint(m) for m in models],
        }
    )


WEIGHT_SUFFIXES = (".safetensors", ".bin", ".ckpt", ".pt", ".pth", ".gguf", ".onnx", ".msgpack")
MODEL_MARKERS = ("model_index.json", "config.json")  # a diffusers pipeline, or one component / transformers model
MAX_FINGERPRINT_FILES = 2000


def model_fingerprint(model: str) -> str:
    """A hub id as is; a local model folder as its path plus the names, sizes and mtimes of its known
    files (``model_index.json``, component configs, weight files), one level of components deep.

    Anything that is not a model folder (``~``, ``/usr``, a missing path, an unknown user's ``~x``) is
    fingerprinted by its name alone, without walking it; files vanishing mid-look are skipped.
    """
    try:
        path = Path(model).expanduser()
        if not path.is_dir() or not _is_model_folder(path):
            return model
        files = _model_files(path)
        return f"{path.resolve()}:{_digest(files)[:16]}"
    except (OSError, RuntimeError, ValueError):  # unknown ~user, permission, a NUL in the name
        return model


def _is_model_folder(path: Path) -> bool:
    """A pipeline or component config at the top, or weight files there (looked for among the first entries)."""
    if any((path / m).is_file() for m in MODEL_MARKERS):
        return True
    for i, p in enumerate(path.iterdir()):
        if i >= MAX_FINGERPRINT_FILES:
            return False
        if p.suffix in WEIGHT_SUFFIXES:
            return True
    return False


def _model_files(root: Path) -> list[tuple[str, int, int]]:
    """(relative name, size, mtime) of the root's and each component folder's known files, bounded."""
    out: list[tuple[str, int, int]] = []
    folders = [root]
    try:
        folders += sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))[:64]
    except OSError:
        pass
    for folder in folders:
        try:
            entries = sorted(folder.iterdir())[:MAX_FINGERPRINT_FILES]
        except OSError:
            continue
        for p in entries:
            if not (p.name.endswith(".json") or p.name.endswith(".txt") or p.suffix in WEIGHT_SUFFIXES):
                continue
            try:
                st = p.stat()
            except OSError:  # vanished or unreadable: leave it out
                continue
            if p.is_file():
                out.append((str(p.relative_to(root)), st.st_size, st.st_mtime_ns))
            if len(out) >= MAX_FINGERPRINT_FILES:
                return out
    return out
