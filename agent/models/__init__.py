"""Model weights: the shared pipeline pool, its settings, pipeline facts (sizes, tokenizers) and the named
profiles. Nothing here imports torch at import time.
"""

from agent.models.pipeline_info import pipeline_bytes
from agent.models.pool import ModelPool, OutOfMemoryError, default_pool, set_default_pool

__all__ = ["ModelPool", "OutOfMemoryError", "default_pool", "pipeline_bytes", "set_default_pool"]
