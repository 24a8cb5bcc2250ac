"""``manifest.jsonl``: the batch driver's durable record, one JSON line per finished item.

Crash safety rests on three rules:

1. An item's files are written (atomically, by rename) *before* its manifest line, so a line never
   points at missing files; a crash in between only means the item runs again.
2. A line is appended with one ``write`` on an ``O_APPEND`` descriptor and then ``fsync``-ed, so after
   the call returns the record survives a SIGKILL or power loss.
3. A crash *during* the append can leave a partial last line; :meth:`Manifest.open` cuts it off
   before appending again, and :meth:`Manifest.records` never trusts an unterminated line.

The latest record for an id wins: ``--resume`` skips ids whose latest record is ``ok``, and re-runs
failed ones (appending a new record).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from agent.errors import ScenecraftError
from agent.findings import Finding

log = logging.getLogger("scenecraft.batch")
MANIFEST_NAME = "manifest.jsonl"


class ManifestRecord(BaseModel):
    """One finished item. Paths are relative to the batch ``--out`` folder."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: Literal["ok", "failed"]
    name: str
    line: int
    prompt: str
    seed: int
    n: int = 1
    backend: str = "sketch"
    images: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list, description="every file written for the item")
    time: float = Field(default=0.0, description="seconds the worker spent on the item")
    error: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    worker: str | None = None
    finished_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class Manifest:
    """Append-only, fsync-ed JSONL file of :class:`ManifestRecord`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0

    def open(self) -> None:
        """Create the file if needed and drop a partial last line left by a crash mid-append."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                data = _read_all(fd, size)
                if not data.endswith(b"\n"):
                    keep = data.rfind(b"\n") + 1
                    log.warning("%s: dropping a partial last line (%d bytes) left by an interrupted run", self.path,
                                size - keep)
                    os.ftruncate(fd, keep)
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(self.path.parent)

    def append(self, record: ManifestRecord) -> None:
        line = (record.model_dump_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)
            if written != len(line):  # pragma: no cover - only on a full disk
                raise ScenecraftError(f"{self.path}: short write ({written} of {len(line)} bytes); disk full?")
            os.fsync(fd)
        finally:
            os.close(fd)

    def records(self) -> list[ManifestRecord]:
        """All complete records in file order; an unreadable line is logged and skipped."""
        if not self.path.exists():
            return []
        data = self.path.read_bytes()
        lines = data.split(b"\n")
        complete = lines[:-1]  # the piece after the last newline is partial (or empty)
        out = []
        for i, raw in enumerate(complete, start=1):
            if not raw.strip():
                continue
            try:
                out.append(ManifestRecord.model_validate_json(raw))
            except PydanticValidationError as exc:
                log.warning("%s line %d is not a manifest record (%s); ignored", self.path, i, exc.errors()[0]["msg"])
        return out

    def latest(self) -> dict[str, ManifestRecord]:
        """The last record per id (what ``--resume`` and the contact sheet use)."""
        return {r.id: r for r in self.records()}

    def finished_ids(self) -> set[str]:
        return {i for i, r in self.latest().items() if r.status == "ok"}


def _read_all(fd: int, size: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _fsync_dir(path: Path) -> None:
    """Make the directory entry durable too (a new file's name lives in its directory)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
