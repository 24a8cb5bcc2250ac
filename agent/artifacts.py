"""Artifacts: pixels live in a content-addressed store; graphs and caches only hold handles.

An :class:`ImageRef` names an image by the SHA-256 of its PNG bytes. Final images are written with
their provenance (Scene, TaskGraph, seed, plugin versions, model ids) in PNG text chunks so that
``scenecraft inspect`` can read it back and ``scenecraft run --from`` can reproduce the image.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ScenecraftError, ValidationError

if TYPE_CHECKING:
    from PIL import Image

PROVENANCE_KEYS = ("scenecraft", "scene", "graph", "seed", "plugins", "models", "node")
_CHUNK_PREFIX = "scenecraft:"


class ImageRef(BaseModel):
    """A handle to an image in the artifact store (what plugin outputs carry instead of pixels)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["image"] = "image"
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    mode: str = "RGB"


class MaskRef(ImageRef):
    """A single-channel mask handle (white = region to change)."""

    mode: str = "L"


def png_bytes(image: Image.Image, text: dict[str, str] | None = None) -> bytes:
    """Encode deterministically (fixed compression, sorted text chunks) so equal pixels give equal bytes."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key in sorted(text or {}):
        info.add_itxt(key, text[key], zip=True)
    buf = io.BytesIO()
    image.save(buf, format="PNG", pnginfo=info, compress_level=6)
    return buf.getvalue()


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file and rename, so a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ArtifactStore:
    """Content-addressed image store under ``root/objects/ab/<sha256>.png``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / f"{sha}.png"

    def put_image(self, image: Image.Image, mask: bool = False) -> ImageRef:
        mode = "L" if mask else "RGB"
        img = image.convert(mode)
        data = png_bytes(img)
        sha = hashlib.sha256(data).hexdigest()
        path = self._path(sha)
        if not path.exists():
            atomic_write(path, data)
        cls = MaskRef if mask else ImageRef
        return cls(sha256=sha, width=img.width, height=img.height, mode=mode)

    def has(self, ref: ImageRef) -> bool:
        return self._path(ref.sha256).exists()

    def get_image(self, ref: ImageRef) -> Image.Image:
        from PIL import Image

        path = self._path(ref.sha256)
        if not path.exists():
            raise ScenecraftError(f"artifact {ref.sha256[:12]} is missing from {self.root}")
        with Image.open(path) as im:
            im.load()
            return im.convert(ref.mode)

    def path_of(self, ref: ImageRef) -> Path:
        return self._path(ref.sha256)


def write_png_with_provenance(image: Image.Image, path: Path, provenance: dict[str, Any]) -> Path:
    """Write ``image`` to ``path`` with each provenance entry JSON-encoded in an iTXt chunk."""
    unknown = set(provenance) - set(PROVENANCE_KEYS)
    if unknown:
        raise ValueError(f"unknown provenance keys {sorted(unknown)}")
    text = {_CHUNK_PREFIX + k: json.dumps(v, sort_keys=True, separators=(",", ":")) for k, v in provenance.items()}
    atomic_write(path, png_bytes(image.convert("RGB"), text))
    return path


def read_provenance(path: Path | str) -> dict[str, Any]:
    """Provenance chunks of a Scenecraft PNG; a clear error when the file has none."""
    from PIL import Image, UnidentifiedImageError

    p = Path(path)
    try:
        with Image.open(p) as im:
            chunks = dict(getattr(im, "text", {}) or {})
    except FileNotFoundError:
        raise ScenecraftError(f"{p}: no such file") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(f"not a readable image ({exc})", where=str(p)) from None
    out: dict[str, Any] = {}
    for key, value in chunks.items():
        if key.startswith(_CHUNK_PREFIX):
            try:
                out[key[len(_CHUNK_PREFIX):]] = json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                raise ValidationError(f"provenance chunk '{key}' is not JSON", where=str(p)) from None
    if "graph" not in out:
        raise ValidationError("carries no Scenecraft provenance (no graph chunk)", where=str(p))
    return out
