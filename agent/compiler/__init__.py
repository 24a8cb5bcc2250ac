"""Scene -> TaskGraph for every backend (sketch here, diffusion in :mod:`agent.compiler.diffusion`).

Backends register a builder under a name; optional ones are imported on first use, so the default
sketch path never imports torch. No module here imports ``plugins``.
"""

from agent.compiler.backends import (
    LAZY_BACKENDS,
    Builder,
    CompileOptions,
    add_text_nodes,
    backend_names,
    compile_scene,
    register_backend,
)
from agent.compiler.sketch import build_sketch, drawable_scene, text_carriers

__all__ = ["LAZY_BACKENDS", "Builder", "CompileOptions", "add_text_nodes", "backend_names", "build_sketch",
           "compile_scene", "drawable_scene", "register_backend", "text_carriers"]
