"""Artifacts: pixels live in a content-addressed store; graphs and caches only hold handles.

An :class:`ImageRef` names an image by the SHA-256 of its pixels (mode, size, raw bytes), so a handle
exists as soon as the pixels do: the store encodes and writes the PNG on background threads (zlib
is C code that releases the GIL), which lets a batch's images encode in parallel and overlap with the
next GPU call. Until its file lands an image is served from memory. ``flush()`` waits for the writes
(so does a normal interpreter exit); a write lost to a crash only costs a recompute, because the node
cache checks that an object exists before it counts a hit. Final images are written with
their provenance (Scene, TaskGraph, seed, plugin versions, model ids) in PNG text chunks so that
``scenecraft inspect`` can read it back and ``scenecraft run --from`` can reproduce the image.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ScenecraftError, ValidationError

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger("scenecraft.artifacts")

PROVENANCE_KEYS = ("scenecraft", "scene", "graph", "seed", "plugins", "models", "node")
_CHUNK_PREFIX = "scenecraft:"
MAX_PENDING = 64  # images held in memory awaiting their write; put_image waits beyond this
STORE_PNG_LEVEL = 1  # store objects are a cache written on every node: zlib level 1 encodes ~5x faster than 6
FINAL_PNG_LEVEL = 6  # the files a user keeps: ~15-20% smaller


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


def png_bytes(image: Image.Image, text: dict[str, str] | None = None, level: int = FINAL_PNG_LEVEL) -> bytes:
    """Encode deterministically (fixed compression, sorted text chunks) so equal pixels give equal bytes."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key in sorted(text or {}):
        info.add_itxt(key, text[key], zip=True)
    buf = io.BytesIO()
    image.save(buf, format="PNG", pnginfo=info, compress_level=level)
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


def pixel_digest(image: Image.Image) -> str:
    """SHA-256 over mode, size and raw pixels: equal pixels, equal handle, whatever the PNG encoder does."""
    h = hashlib.sha256(f"{image.mode}:{image.width}x{image.height}:".encode())
    h.update(image.tobytes())
    return h.hexdigest()


class ArtifactStore:
    """Content-addressed image store under ``root/objects/ab/<sha256>.png``.

    ``writers`` background threads encode and write PNGs (default: up to 4, one per core); 0 writes
    inline. Handles are usable at once; at most ``MAX_PENDING`` images wait in memory.
    """

    def __init__(self, root: Path | str, writers: int | None = None) -> None:
        self.root = Path(root)
        self.writers = min(4, os.cpu_count() or 1) if writers is None else writers
        self._lock = threading.Lock()
        self._pending: dict[str, Image.Image] = {}
        self._futures: dict[str, Future] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._room = threading.BoundedSemaphore(MAX_PENDING)

    def __reduce__(self) -> tuple:
        """Pickles (e.g. to a worker process) as a fresh store on the same folder, after its writes land."""
        self.flush()
        return (type(self), (self.root, self.writers))

    def _path(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / f"{sha}.png"

    def put_image(self, image: Image.Image, mask: bool = False) -> ImageRef:
        mode = "L" if mask else "RGB"
        img = image.convert(mode)  # always a new image: later edits of ``image`` cannot reach the store
        sha = pixel_digest(img)
        cls = MaskRef if mask else ImageRef
        ref = cls(sha256=sha, width=img.width, height=img.height, mode=mode)
        with self._lock:
            if sha in self._pending or self._path(sha).exists():
                return ref
            if self.writers > 0:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.writers, thread_name_prefix="scenecraft-png")
                self._pending[sha] = img
        if self.writers <= 0:
            atomic_write(self._path(sha), png_bytes(img, level=STORE_PNG_LEVEL))
            return ref
        self._room.acquire()  # back-pressure: a producer faster than the disk waits here
        future = self._pool.submit(self._write, sha, img)  # type: ignore[union-attr]
        with self._lock:
            if sha in self._pending:  # not yet written (the write may already be done on a fast disk)
                self._futures[sha] = future
        return ref

    def _write(self, sha: str, img: Image.Image) -> None:
        try:
            atomic_write(self._path(sha), png_bytes(img, level=STORE_PNG_LEVEL))
        except Exception as exc:  # the image stays pending (still readable) and flush() raises
            log.warning("could not write artifact %s (%s); it stays in memory for this process", sha[:12], exc)
            raise
        else:
            with self._lock:
                self._pending.pop(sha, None)
                self._futures.pop(sha, None)
        finally:
            self._room.release()

    def flush(self, ref: ImageRef | None = None) -> None:
        """Wait until ``ref``'s file (default: every pending file) is written; a failed write is an error."""
        with self._lock:
            if ref is None:
                futures = list(self._futures.values())
            else:
                futures = [f for f in (self._futures.get(ref.sha256),) if f is not None]
        for fut in futures:
            exc = fut.exception()
            if exc is not None:
                raise ScenecraftError(f"could not write an artifact under {self.root / 'objects'}: {exc}") from exc

    def has(self, ref: ImageRef) -> bool:
        with self._lock:
            if ref.sha256 in self._pending:
                return True
        return self._path(ref.sha256).exists()

    def get_image(self, ref: ImageRef) -> Image.Image:
        from PIL import Image

        with self._lock:
            pending = self._pending.get(ref.sha256)
        if pending is not None:
            return pending.convert(ref.mode)
        path = self._path(ref.sha256)
        if not path.exists():
            raise ScenecraftError(f"artifact {ref.sha256[:12]} is missing from {self.root}")
        with Image.open(path) as im:
            im.load()
            return im.convert(ref.mode)

    def path_of(self, ref: ImageRef) -> Path:
        """The object's file, once written (waits for a pending write)."""
        self.flush(ref)
        return self._path(ref.sha256)


def write_png_with_provenance(image: Image.Image, path: Path, provenance: dict[str, Any]) -> Path:
    """Write ``image`` to ``path`` with each provenance entry JSON-encoded in an iTXt chunk."""
    unknown = set(provenance) - set(PROVENANCE_KEYS)
    if unknown:
        raise ValueError(f"unknown provenance keys {sorted(unknown)}")
    text = {_CHUNK_PREFIX + k: json.dumps(v, sort_keys=True, separators=(",", ":")) for k, v in provenance.items()}
    atomic_write(path, png_bytes(image.convert("RGB"), text))
    return path


MAX_PNG_CHUNKS = 10_000  # chunks read before giving up on finding the provenance
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_provenance(path: Path | str) -> dict[str, Any]:
    """The validated provenance of a Scenecraft PNG, shared by ``inspect`` and ``run --from``.

    The file's chunks are read directly (pixels are never decoded, so a 60000x60000 image costs
    nothing); each text chunk and its decompressed JSON stay within ``MAX_JSON_BYTES``; the values
    are checked: ``graph`` and ``scene`` parse, ``seed`` is an integer, ``plugins`` maps names to
    versions, ``models`` is a list of strings. Any problem is one :class:`ValidationError`.
    """
    from agent.graph import TaskGraph
    from agent.scene import Scene, check_json_value, load_json

    p = Path(path)
    out: dict[str, Any] = {}
    for key, text in _provenance_chunks(p).items():
        value = load_json(text, f"{p} chunk '{key}'")
        check_json_value(value, f"{p} chunk '{key}'")
        out[key] = value
    if "graph" not in out:
        raise ValidationError("carries no Scenecraft provenance (no graph chunk)", where=str(p))
    _check_types(out, str(p))
    TaskGraph.parse(out["graph"])
    if "scene" in out:
        Scene.parse(out["scene"])
    return out


def _check_types(prov: dict[str, Any], where: str) -> None:
    seed = prov.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise ValidationError(f"provenance seed {str(seed)[:40]!r} is not an integer in 0..2^63", where=where)
    plugins = prov.get("plugins", {})
    if not isinstance(plugins, dict) or not all(isinstance(v, str) for v in plugins.values()):
        raise ValidationError("provenance 'plugins' is not a map of plugin ids to versions", where=where)
    models = prov.get("models", [])
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise ValidationError("provenance 'models' is not a list of model ids", where=where)
    for key in ("scenecraft", "node"):
        if key in prov and not isinstance(prov[key], str):
            raise ValidationError(f"provenance '{key}' is not text", where=where)
    for key in ("graph", "scene"):
        if key in prov and not isinstance(prov[key], dict):
            raise ValidationError(f"provenance '{key}' is not a JSON object", where=where)


def _provenance_chunks(p: Path) -> dict[str, str]:
    """``scenecraft:*`` text chunks (tEXt, zTXt, iTXt) of the PNG at ``p``, keyed without the prefix."""
    from agent.defaults import MAX_JSON_BYTES

    try:
        f = p.open("rb")
    except FileNotFoundError:
        raise ScenecraftError(f"{p}: no such file") from None
    except OSError as exc:
        raise ScenecraftError(f"cannot read '{p}': {exc.strerror or exc}") from None
    found: dict[str, str] = {}
    with f:
        if f.read(8) != _PNG_SIGNATURE:
            raise ValidationError("not a readable image (no PNG signature)", where=str(p))
        for _ in range(MAX_PNG_CHUNKS):
            head = f.read(8)
            if len(head) < 8:
                break
            length, kind = int.from_bytes(head[:4], "big"), head[4:]
            if kind == b"IEND":
                break
            if kind not in (b"tEXt", b"zTXt", b"iTXt"):
                f.seek(length + 4, os.SEEK_CUR)
                continue
            if length > MAX_JSON_BYTES:
                raise ValidationError(f"a text chunk holds {length} bytes (limit {MAX_JSON_BYTES})", where=str(p))
            data = f.read(length)
            f.seek(4, os.SEEK_CUR)  # CRC
            key, text = _text_chunk(kind, data, str(p), MAX_JSON_BYTES)
            if key.startswith(_CHUNK_PREFIX):
                found[key[len(_CHUNK_PREFIX):]] = text
    return found


def _text_chunk(kind: bytes, data: bytes, where: str, limit: int) -> tuple[str, str]:
    """(keyword, text) of one tEXt/zTXt/iTXt chunk; decompression stops at ``limit`` bytes."""
    key, _, rest = data.partition(b"\0")
    keyword = key.decode("latin-1")
    if kind == b"tEXt":
        return keyword, rest.decode("latin-1")
    if kind == b"zTXt":
        return keyword, _inflate(rest[1:], where, keyword, limit).decode("latin-1")
    compressed = rest[:1] == b"\1"
    _lang, _, rest = rest[2:].partition(b"\0")
    _translated, _, body = rest.partition(b"\0")
    raw = _inflate(body, where, keyword, limit) if compressed else body
    try:
        return keyword, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"chunk '{keyword[:40]}' is not UTF-8 (byte {exc.start})", where=where) from None


def _inflate(data: bytes, where: str, keyword: str, limit: int) -> bytes:
    import zlib

    d = zlib.decompressobj()
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValidationError(f"chunk '{keyword[:40]}' does not decompress ({exc})", where=where) from None
    if len(out) > limit or d.unconsumed_tail:
        raise ValidationError(f"chunk '{keyword[:40]}' decompresses to over {limit} bytes", where=where)
    return out
