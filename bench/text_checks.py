"""Checks bench_text.py runs on each rendered LeX-Bench image, beside RapidOCR's exact reading.

- ``in_region``: whether a box's centre lies in a named region (upper/top: y < 0.4, lower/bottom:
  y > 0.6, left: x < 0.4, right: x > 0.6, center: within 0.1 of the middle on both axes).
- ``ocr_in_region``: RapidOCR reads the whole image; the string must be read exactly (spaces ignored)
  and the centre of what was read must lie in the region.
- ``tesseract_finds``: tesseract 5 with ``--psm 11`` (sparse text) reads the whole image; a string is
  found when one of its lines contains it (case ignored, spaces ignored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from agent.verify.ocr import OcrLine

Box = tuple[float, float, float, float]
# LeX-Bench position words -> agent.scene.Region
LEX_REGION = {"upper left corner": "top left", "upper right corner": "top right", "lower left corner": "bottom left",
              "lower right corner": "bottom right", "top": "top", "bottom": "bottom", "left": "left",
              "right": "right", "center": "center"}


def in_region(box: Box, region: str) -> bool:
    """Whether the centre of ``box`` (fractions) lies in ``region`` (an agent.scene.Region)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    if region == "center":
        return abs(cx - 0.5) <= 0.1 and abs(cy - 0.5) <= 0.1
    ok = True
    if "top" in region:
        ok &= cy < 0.4
    if "bottom" in region:
        ok &= cy > 0.6
    if "left" in region:
        ok &= cx < 0.4
    if "right" in region:
        ok &= cx > 0.6
    return ok


def ocr_in_region(img: Image.Image, lines: list[OcrLine], content: str, region: str) -> bool:
    """RapidOCR's whole-image ``lines`` hold ``content`` exactly, read with its centre in ``region``."""
    from plugins.verify_ocr import best_match

    m = best_match(content, lines, case_sensitive=True)
    if m.distance != 0 or m.box is None:
        return False
    W, H = img.size
    x0, y0, x1, y1 = m.box
    return in_region((x0 / W, y0 / H, x1 / W, y1 / H), region)


def tesseract_finds(lines: list[OcrLine], content: str) -> bool:
    """One of tesseract's lines contains ``content`` (case and spaces ignored)."""
    from agent.verify.ocr import squash

    want = squash(content, case_sensitive=False)
    return any(want in squash(ln.text, case_sensitive=False) for ln in lines)
