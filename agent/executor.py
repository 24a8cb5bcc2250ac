"""Re-export of :mod:`agent.engine.executor` and :mod:`agent.engine.keys`, kept for one release.

Old imports of ``agent.executor`` still work; new code imports from the new module(s).
"""

from agent.engine.executor import (
    Executor,
    NodeCache,
    NodeRecord,
    RunResult,
    Status,
)
from agent.engine.keys import (
    model_fingerprint,
    node_key,
    node_seed,
)

__all__ = [
    "Executor",
    "NodeCache",
    "NodeRecord",
    "RunResult",
    "Status",
    "model_fingerprint",
    "node_key",
    "node_seed",
]
