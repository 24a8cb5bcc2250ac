"""Re-export of :mod:`agent.llm.prompts`, kept for one release.

Old imports of ``agent.prompts`` still work; new code imports from the new module(s).
"""

from agent.llm.prompts import (
    PromptError,
    PromptTemplate,
    available,
    load,
    render,
)

__all__ = [
    "PromptError",
    "PromptTemplate",
    "available",
    "load",
    "render",
]
