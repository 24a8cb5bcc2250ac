"""Re-export of :mod:`agent.layout.text_regions`, kept for one release.

Old imports of ``agent.textplan`` still work; new code imports from the new module(s).
"""

from agent.layout.text_regions import (
    FULL,
    REGIONS,
    grid_regions,
    region_for,
    split_rows,
    text_boxes,
)

__all__ = [
    "FULL",
    "REGIONS",
    "grid_regions",
    "region_for",
    "split_rows",
    "text_boxes",
]
