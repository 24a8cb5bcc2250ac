"""``scenecraft batch``: the driver (files, manifest, resume), workers, runners (local, Ray), the items file,
the manifest and the contact sheet.

Ray is imported only when the ``ray`` runner is chosen.
"""

from agent.batch.driver import (
    RUNNERS,
    BatchExecutor,
    BatchReport,
    BatchRunner,
    BatchSettings,
    LocalExecutor,
    LocalRunner,
    get_executor,
    get_runner,
    run_batch,
)

__all__ = ["RUNNERS", "BatchExecutor", "BatchReport", "BatchRunner", "BatchSettings", "LocalExecutor", "LocalRunner",
           "get_executor", "get_runner", "run_batch"]
