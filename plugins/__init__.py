"""Built-in plugins. Importing this package registers them (no heavy imports happen here)."""

from plugins import (  # noqa: F401
    critics,
    diffusion,
    image_ops,
    masks,
    sketch,
    sketch_layers,
    sketch_style,
    sketch_texts,
    text_harmonize,
    text_render,
    verify_color,
    verify_ocr,
)
