"""Reading a user's image or mask: any size and mode in, RGB (or a binary L mask) out, one-line errors.

What a photo from disk can be: RGBA or LA (transparency is laid over white), a palette image (with or
without a transparent colour), 16-bit or 32-bit greyscale (scaled to 8 bits, not clipped), CMYK, a
camera JPEG whose EXIF says "rotated" (turned upright with ``ImageOps.exif_transpose``). A missing file,
a folder, a file that is not an image, a truncated image or a decompression bomb is one line that names
the file. Masks are white where the image may change: an opaque mask is thresholded at mid-grey; a mask
with transparency (strokes drawn on a clear layer) counts every visible pixel.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from PIL import Image

    from agent.artifacts import ArtifactStore, ImageRef

MAX_PIXELS = 64 * 2**20  # 64 megapixels: more is almost surely a mistake (or a decompression bomb)
EDGES = ("left", "top", "right", "bottom")


def open_image_file(path: Path | str, what: str = "--image") -> Image.Image:
    """Open and fully decode ``path`` (upright per EXIF), in its own mode; errors name ``what`` and the file."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    p = Path(path)
    if not p.exists():
        raise ScenecraftError(f"{what} '{p}': no such file")
    if p.is_dir():
        raise ScenecraftError(f"{what} '{p}' is a folder, not an image file")
    try:
        with Image.open(p) as im:
            if im.width * im.height > MAX_PIXELS:
                raise ScenecraftError(f"{what} '{p}' is {im.width}x{im.height}: more than {MAX_PIXELS // 2**20} "
                                      "megapixels; scale it down first")
            im.load()
            return ImageOps.exif_transpose(im) or im.copy()
    except ScenecraftError:
        raise
    except UnidentifiedImageError:
        raise ScenecraftError(f"{what} '{p}' is not an image Pillow can read") from None
    except Image.DecompressionBombError:
        raise ScenecraftError(f"{what} '{p}' is too large to decode safely (decompression bomb?)") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScenecraftError(f"{what} '{p}' is corrupt or truncated ({reason})") from None


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> RGB: transparency over white, 16/32-bit and float greyscale scaled to 0..255."""
    import numpy as np
    from PIL import Image

    mode = image.mode
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        arr = np.asarray(image, dtype=np.float64)
        top = 1.0 if mode == "F" and arr.max(initial=0) <= 1.0 else (255.0 if mode == "F" else 65535.0)
        if mode == "I" and arr.max(initial=0) <= 255:
            top = 255.0
        grey = np.clip(np.rint(arr / top * 255.0), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, mode="L").convert("RGB")
    if mode == "P" and "transparency" in image.info:
        image, mode = image.convert("RGBA"), "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    return image.convert("RGB")


def to_mask(image: Image.Image) -> Image.Image:
    """A binary L mask (255 = change): the alpha channel when there is real transparency, else luminance."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        alpha = image.getchannel("A")
        if alpha.getextrema()[0] < 255:  # some pixels are see-through: strokes on a clear layer
            return alpha.point(lambda v: 255 if v >= 128 else 0)
    return to_rgb(image).convert("L").point(lambda v: 255 if v >= 128 else 0)


def read_user_image(source: Any, what: str = "--image") -> Image.Image:
    """A path, a PIL image or an HxWxC uint8 array -> an RGB PIL image."""
    return to_rgb(as_pil(source, what))


def read_user_mask(source: Any, size: tuple[int, int], what: str = "--mask") -> Image.Image:
    """A mask the same size as the image it edits, as binary L; a different size or an empty mask is an error."""
    img = as_pil(source, what)
    if img.size != tuple(size):
        raise ScenecraftError(f"{what} {_label(source)}is {img.width}x{img.height} but the image is "
                              f"{size[0]}x{size[1]}: the mask must be the image's size")
    mask = to_mask(img)
    if mask.getbbox() is None:
        raise ScenecraftError(f"{what} {_label(source)}is all black: nothing to redraw (white = redraw)")
    return mask


def _label(source: Any) -> str:
    return f"'{source}' " if isinstance(source, (str, Path)) else ""


def as_pil(source: Any, what: str) -> Image.Image:
    from PIL import Image

    if isinstance(source, (str, Path)):
        return open_image_file(source, what)
    if isinstance(source, Image.Image):
        from PIL import ImageOps

        return ImageOps.exif_transpose(source) or source.copy()
    if hasattr(source, "__array__"):
        import numpy as np

        arr = np.asarray(source)
        if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (1, 3, 4)):
            raise ScenecraftError(f"{what}: an array must be HxW or HxWx(1|3|4) uint8, got {arr.dtype} {arr.shape}")
        return Image.fromarray(arr[..., 0] if arr.ndim == 3 and arr.shape[2] == 1 else arr)
    raise ScenecraftError(f"{what}: expected a file path, a PIL image or an array, got {type(source).__name__}")


def store_image(store: ArtifactStore, image: Image.Image, mask: bool = False) -> ImageRef:
    """Put the pixels in the content-addressed store (the handle is their SHA-256) and wait for the file."""
    ref = store.put_image(image, mask=mask)
    store.flush(ref)
    return ref


def parse_box(text: str, what: str = "--box") -> tuple[float, float, float, float]:
    """``x0,y0,x1,y1`` as fractions of the image in [0, 1] with x0 < x1 and y0 < y1."""
    parts = [p.strip() for p in str(text).split(",")]
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        raise ScenecraftError(f"{what} '{text}': give four numbers x0,y0,x1,y1 in 0..1") from None
    if len(box) != 4:
        raise ScenecraftError(f"{what} '{text}': give four numbers x0,y0,x1,y1 in 0..1 (got {len(box)})")
    if not all(0.0 <= v <= 1.0 for v in box):
        raise ScenecraftError(f"{what} '{text}' is outside [0, 1]: coordinates are fractions of the image")
    x0, y0, x1, y1 = box
    if not (x0 < x1 and y0 < y1):
        raise ScenecraftError(f"{what} '{text}' is empty: need x0 < x1 and y0 < y1")
    return x0, y0, x1, y1


def parse_outpaint(text: str, what: str = "--outpaint") -> dict[str, int]:
    """``left=256,top=128`` -> {"left": 256, "top": 128}: pixels to add per side, at least one > 0."""
    out: dict[str, int] = {}
    for part in (p.strip() for p in str(text).split(",") if p.strip()):
        m = re.fullmatch(r"(left|top|right|bottom)\s*=\s*(\d+)", part)
        if m is None:
            raise ScenecraftError(f"{what} '{text}': each part is SIDE=PIXELS with SIDE one of {', '.join(EDGES)}")
        out[m.group(1)] = int(m.group(2))
    if not any(out.values()):
        raise ScenecraftError(f"{what} '{text}': give at least one side with pixels > 0, e.g. left=256")
    if any(v > 4096 for v in out.values()):
        raise ScenecraftError(f"{what} '{text}': at most 4096 pixels a side")
    return out
