"""Re-export of :mod:`agent.batch.worker`, kept for one release.

Old imports of ``agent.batch_worker`` still work; new code imports from the new module(s).
"""

from agent.batch.worker import (
    BatchGroup,
    GroupKey,
    ItemOutcome,
    OutputFile,
    Worker,
    WorkItem,
    group_items,
)

__all__ = [
    "BatchGroup",
    "GroupKey",
    "ItemOutcome",
    "OutputFile",
    "WorkItem",
    "Worker",
    "group_items",
]
