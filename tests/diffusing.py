"""Running one registered plugin by id on literal params, and reading its image back as numbers: what the
plugin-level diffusion tests do around every call (tests/plugins/conftest.py has their pool and ctx)."""

from __future__ import annotations

from typing import Any

import numpy as np

from agent.context import RunContext
from agent.registry import default_registry


def run(ctx: RunContext, plugin_id: str, **params: Any) -> Any:
    """The plugin's Output for ``params`` validated by its own Input model, as the executor would."""
    reg = default_registry()
    return reg.get(plugin_id).run(reg.get_class(plugin_id).Input(**params), ctx)


def pixels(ctx: RunContext, ref: Any) -> np.ndarray:
    """The image behind ``ref`` as int16, so differences of two images do not wrap around."""
    return np.asarray(ctx.load_image(ref)).astype(np.int16)
