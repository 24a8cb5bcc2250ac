"""Built-in plugins. Importing this package registers them (no heavy imports happen here)."""

from plugins import sketch, text_harmonize, text_render, verify_color, verify_ocr  # noqa: F401
