"""Re-export of :mod:`agent.text.fonts`, kept for one release.

Old imports of ``agent.fonts`` still work; new code imports from the new module(s).
"""

from agent.text.fonts import (
    FAMILIES,
    FONT_DIRS,
    RTL_SCRIPTS,
    SCRIPT_FONTS,
    STYLE_WORDS,
    FontChoice,
    RunFont,
    char_script,
    choose_font,
    draw_line,
    face_for,
    family_for_style,
    font_dirs,
    font_path,
    font_runs,
    load_face,
    load_font,
    missing_glyphs,
    text_script,
)

__all__ = [
    "FAMILIES",
    "FONT_DIRS",
    "FontChoice",
    "RTL_SCRIPTS",
    "RunFont",
    "SCRIPT_FONTS",
    "STYLE_WORDS",
    "char_script",
    "choose_font",
    "draw_line",
    "face_for",
    "family_for_style",
    "font_dirs",
    "font_path",
    "font_runs",
    "load_face",
    "load_font",
    "missing_glyphs",
    "text_script",
]
