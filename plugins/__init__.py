"""Built-in plugins. Importing this package registers them (no heavy imports happen here)."""

from plugins import sketch, text_render  # noqa: F401
from plugins import critics, masks  # noqa: F401
from plugins import sketch_layers  # noqa: F401
from plugins import diffusion  # noqa: F401
