"""Re-export of :mod:`agent.engine.run_folder` and :mod:`agent.jobs`, kept for one release.

Old imports of ``agent.runner`` still work; new code imports from the new module(s).
"""

from agent.engine.run_folder import (
    RunOutcome,
    cache_root,
    ensure_writable_dir,
    execute_to_dir,
    make_executor,
)
from agent.jobs import (
    rerun_from_png,
    run_critique,
    run_prompt,
)

__all__ = [
    "RunOutcome",
    "cache_root",
    "ensure_writable_dir",
    "execute_to_dir",
    "make_executor",
    "rerun_from_png",
    "run_critique",
    "run_prompt",
]
