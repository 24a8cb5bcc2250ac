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
    """A node's cache key: plugin id + version, literal params, seed, the keys of the nodes feeding it
    (``inputs``: field -> [source key, source field]) and the fingerprints of the models it uses."""
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


def model_fingerprint(model: str) -> str:
    """A hub id as is; a local folder as its path plus the size and mtime of every file in it."""
    path = Path(model).expanduser()
    if not path.is_dir():
        return model
    files = sorted((str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns)
                   for p in path.rglob("*") if p.is_file())
    return f"{path.resolve()}:{_digest(files)[:16]}"
