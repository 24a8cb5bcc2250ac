"""``verify.color``: checks that each object with a requested colour shows that colour in its box.

One typed Finding per coloured object: ``ok`` or ``wrong_color`` with the colour seen, over GenEval's
ten colour words (see ``agent.verify.colors`` for the classifier). Pixels that match the background around
the box, and pixels under planned texts, do not vote: the object's own pixels decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import Box, SceneObject, SceneText
from agent.verify.colors import GENEVAL_COLORS, color_name, color_votes, foreground_pixels
from agent.vocab.pictograms import color_rgb

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from agent.context import RunContext

MAX_PIXELS = 20000  # votes per object (strided subsample): plenty for a stable majority
MIN_FOREGROUND = 0.03  # below this share of the box, fall back to the box centre


def expected_color(word: str) -> tuple[str, bool] | None:
    """(GenEval colour, exact?) for a requested colour: 'dark blue' -> ('blue', True); 'gold' maps via
    its RGB to the nearest of the ten ('yellow', False); None when the word is not a colour."""
    words = word.lower().replace("-", " ").split()
    for w in reversed(words):
        if w in GENEVAL_COLORS:
            return w, True
    rgb = color_rgb(word)
    return (color_name(rgb), False) if rgb else None


def _pixel_box(box: Box, w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return (round(x0 * w), round(y0 * h), max(round(x1 * w), round(x0 * w) + 1), max(round(y1 * h), round(y0 * h) + 1))


def object_pixels(arr: np.ndarray, obj: SceneObject, others: list[Box], texts: list[Box]) -> tuple[np.ndarray, bool]:
    """The object's foreground pixels (N, 3) and whether background separation worked.

    Args:
        arr: the image as an (H, W, 3) array.
        obj: the object whose pixels to take.
        others: the other objects' boxes (their pixels do not vote).
        texts: text boxes (their pixels do not vote).
    """
    import numpy as np

    H, W, _ = arr.shape
    x0, y0, x1, y1 = _pixel_box(obj.box, W, H)
    ring = max(4, round(0.12 * max(x1 - x0, y1 - y0)))
    rx0, ry0, rx1, ry1 = max(0, x0 - ring), max(0, y0 - ring), min(W, x1 + ring), min(H, y1 + ring)
    free = np.ones((H, W), dtype=bool)  # pixels that may vote: not under a planned text
    for b in texts:
        tx0, ty0, tx1, ty1 = _pixel_box(b, W, H)
        free[ty0:ty1, tx0:tx1] = False
    ring_mask = np.zeros((H, W), dtype=bool)
    ring_mask[ry0:ry1, rx0:rx1] = True
    ring_mask[y0:y1, x0:x1] = False
    for b in others:  # another object's pixels are not this object's background
        ox0, oy0, ox1, oy1 = _pixel_box(b, W, H)
        ring_mask[oy0:oy1, ox0:ox1] = False
    background = arr[ring_mask & free]
    if len(background) == 0:  # the box fills the image: its own outer border stands in
        bw = max(2, round(0.05 * min(x1 - x0, y1 - y0)))
        border = np.zeros((H, W), dtype=bool)
        border[y0:y1, x0:x1] = True
        border[y0 + bw:y1 - bw, x0 + bw:x1 - bw] = False
        background = arr[border]
    inside = np.zeros((H, W), dtype=bool)
    inside[y0:y1, x0:x1] = True
    region = arr[inside & free]
    if len(region) == 0:
        region = arr[y0:y1, x0:x1].reshape(-1, 3)
    step = max(1, len(region) // MAX_PIXELS)
    region = region[::step]
    bstep = max(1, len(background) // MAX_PIXELS)
    fg = foreground_pixels(region.astype(np.int64), background[::bstep].astype(np.int64))
    if len(fg) >= MIN_FOREGROUND * len(region):
        return fg, True
    # The object blends into its surroundings: the middle half of the box votes instead.
    centre = np.zeros((H, W), dtype=bool)
    cx0, cy0 = x0 + (x1 - x0) // 4, y0 + (y1 - y0) // 4
    centre[cy0:cy0 + max(1, (y1 - y0) // 2), cx0:cx0 + max(1, (x1 - x0) // 2)] = True
    pixels = arr[centre & free]
    return (pixels if len(pixels) else arr[centre]), False


def verify_colors(img: Image.Image, objects: list[SceneObject], texts: list[SceneText] | None = None) -> list[Finding]:
    """One Finding per object that has a colour word (objects without one are not judged)."""
    import numpy as np

    arr = np.asarray(img.convert("RGB"))
    text_boxes = [t.box for t in texts or []]
    findings = []
    for obj in objects:
        if not obj.color:
            continue
        want = expected_color(obj.color)
        if want is None:
            continue
        expected, exact = want
        pixels, separated = object_pixels(arr, obj, [o.box for o in objects if o is not obj], text_boxes)
        votes = color_votes(pixels)
        observed = next(iter(votes), "none")
        share = votes.get(observed, 0.0)
        scale = (1.0 if separated else 0.7) * (1.0 if exact else 0.7)
        top3 = ", ".join(f"{k} {v:.0%}" for k, v in list(votes.items())[:3])
        if observed == expected:
            findings.append(Finding(check="color", target=obj.id, problem="ok", expected=expected, observed=observed,
                                    confidence=round(share * scale, 4), box=obj.box, message=top3))
        else:
            margin = share - votes.get(expected, 0.0)
            findings.append(Finding(check="color", target=obj.id, problem="wrong_color", expected=expected,
                                    observed=observed, confidence=round(min(1.0, 0.5 + margin) * scale, 4),
                                    box=obj.box, message=f"{obj.name}: {top3}"))
    return findings


@register
class VerifyColor(Plugin):
    """Check each object's requested colour against the pixels in its box (GenEval's 10 colours)."""

    id = "verify.color"
    version = "0.1.0"
    description = "Classify each coloured object's foreground pixels; report ok / wrong_color findings."

    class Input(PluginIO):
        image: ImageRef
        objects: list[SceneObject]
        texts: list[SceneText] = Field(default_factory=list, description="text boxes whose pixels do not vote")

    class Output(PluginIO):
        findings: list[Finding]
        score: float  # share of coloured objects whose colour matched

    def run(self, inp: Input, ctx: RunContext) -> Output:
        findings = verify_colors(ctx.load_image(inp.image), inp.objects, inp.texts)
        score = sum(f.ok for f in findings) / len(findings) if findings else 1.0
        return self.Output(findings=findings, score=score)
