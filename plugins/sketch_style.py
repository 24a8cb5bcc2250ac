"""``sketch.style``: a cheap, deterministic preview of the Scene's style over the sketch.

The sketch backend ends with this node whenever the Scene names a style, so a chat edit such as "make it
a watercolor" changes one parameter, re-runs one node and visibly changes the picture. It is a preview,
not a model: pixel art is pixelated and posterized, watercolor gets soft edges and paper grain, a
black-and-white photo goes grey, night goes darker and bluer, an oil painting gets brush texture, and a
sketch or line art becomes dark edges on paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from agent.artifacts import ImageRef
from agent.registry import Plugin, PluginIO, register

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext

# Style family -> words that name it (whole words, first match in the text's order of families).
STYLE_WORDS: dict[str, tuple[str, ...]] = {
    "pixel": ("pixel art", "pixel", "pixelated", "8-bit", "8 bit", "16-bit", "retro game"),
    "watercolor": ("watercolor", "watercolour", "aquarelle", "gouache"),
    "grey": ("black and white", "black-and-white", "b&w", "monochrome", "grayscale", "greyscale", "noir"),
    "oil": ("oil painting", "oil", "impasto", "impressionist", "van gogh"),
    "edges": ("line art", "sketch", "pencil", "drawing", "ink", "lineart", "charcoal", "outline"),
    "night": ("night", "nighttime", "midnight", "dark"),
}


def style_kinds(style: str) -> list[str]:
    """The filter families ``style`` names, in a fixed order (colour changes before darkening)."""
    text = style.lower()
    return [kind for kind, words in STYLE_WORDS.items()
            if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in words)]


@lru_cache(maxsize=8)
def _grain(size: tuple[int, int], seed: int, blur: float) -> Image.Image:
    """A fixed noise texture (grey 'L' image), blurred to paper or brush scale."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    noise = Image.fromarray(rng.integers(0, 256, (size[1], size[0]), dtype=np.uint8), "L")
    return noise.filter(ImageFilter.GaussianBlur(blur)) if blur else noise


def pixel(img: Image.Image) -> Image.Image:
    from PIL import Image, ImageOps

    w, h = img.size
    k = max(1, max(w, h) // 64)
    small = img.resize((max(1, w // k), max(1, h // k)), Image.BOX)
    return ImageOps.posterize(small, 3).resize((w, h), Image.NEAREST)


def watercolor(img: Image.Image) -> Image.Image:
    import numpy as np
    from PIL import ImageFilter

    soft = img.filter(ImageFilter.GaussianBlur(max(1.0, img.width / 256)))
    arr = np.asarray(soft).astype(np.float32)
    arr = 0.8 * arr + 0.2 * 255  # thinned pigment
    paper = np.asarray(_grain(img.size, 1, 1.2)).astype(np.float32)[..., None] / 255.0
    arr *= 0.9 + 0.1 * paper
    return _image(arr)


def grey(img: Image.Image) -> Image.Image:
    from PIL import ImageOps

    return ImageOps.autocontrast(ImageOps.grayscale(img), cutoff=1).convert("RGB")


def night(img: Image.Image) -> Image.Image:
    import numpy as np

    arr = np.asarray(img).astype(np.float32)
    return _image(arr * np.array([0.35, 0.4, 0.62], np.float32) + np.array([4, 6, 18], np.float32))


def oil(img: Image.Image) -> Image.Image:
    import numpy as np
    from PIL import Image, ImageFilter, ImageOps

    w, h = img.size
    dabs = img.resize((max(1, w // 3), max(1, h // 3)), Image.BOX).filter(ImageFilter.ModeFilter(3))
    base = ImageOps.posterize(dabs.resize((w, h), Image.BICUBIC), 5)
    strokes = _grain((max(1, w // 8), h), 2, 0).resize((w, h), Image.BICUBIC)  # stretched: streaks along x
    arr = np.asarray(base).astype(np.float32)
    arr *= 0.85 + 0.3 * (np.asarray(strokes).astype(np.float32)[..., None] / 255.0)
    return _image(arr)


def edges(img: Image.Image) -> Image.Image:
    import numpy as np
    from PIL import ImageFilter, ImageOps

    lines = ImageOps.grayscale(img).filter(ImageFilter.FIND_EDGES)
    arr = np.asarray(lines).astype(np.float32)
    ink = np.clip(255 - 3.0 * arr, 0, 255)[..., None] * np.array([0.97, 0.96, 0.93], np.float32)
    return _image(ink)


def _image(arr: object) -> Image.Image:
    import numpy as np
    from PIL import Image

    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")  # type: ignore[call-overload]


FILTERS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "pixel": pixel, "watercolor": watercolor, "grey": grey, "oil": oil, "edges": edges, "night": night,
}


def apply_style(img: Image.Image, style: str) -> Image.Image:
    """``img`` with each named style's filter applied in turn (unchanged when none is named)."""
    out = img.convert("RGB")
    for kind in style_kinds(style):
        out = FILTERS[kind](out)
    return out


@register
class SketchStyle(Plugin):
    """Preview the Scene's style over a sketch with a cheap deterministic filter."""

    id = "sketch.style"
    version = "0.1.0"
    description = "Filter an image to preview a style (pixel art, watercolor, black and white, night, oil, sketch)."

    class Input(PluginIO):
        image: ImageRef
        style: str = ""

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        return self.Output(image=ctx.save_image(apply_style(ctx.load_image(inp.image), inp.style)))
