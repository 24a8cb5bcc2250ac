"""The job queue: one SQLite file (stdlib ``sqlite3``, WAL), its schema versioned.

Every accepted job is committed before the HTTP reply. A worker claims the oldest queued job in one
``BEGIN IMMEDIATE`` transaction (``UPDATE ... RETURNING``), tagging it with a fresh claim token; the
``done``/``failed``/``cancelled`` transition only succeeds for the claim that holds the job, so a job
reaches ``done`` at most once. ``run_log`` is an append-only audit of every transition (the crash test
counts its ``done`` rows). On start, jobs left ``running`` by a killed server go back to ``queued``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

SCHEMA_VERSION = 1
Status = Literal["queued", "running", "done", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"done", "failed", "cancelled"})
RUN_ID_PATTERN = r"^r_[0-9a-f]{32}$"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    spec TEXT NOT NULL,
    parent TEXT,
    client TEXT,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claim TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status, seq);
CREATE TABLE IF NOT EXISTS run_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    at REAL NOT NULL,
    event TEXT NOT NULL,
    claim TEXT
);
CREATE INDEX IF NOT EXISTS run_log_run ON run_log (run_id);
"""


class SchemaError(RuntimeError):
    """The database file was written by a newer (or unknown) schema."""


@dataclass(frozen=True)
class Job:
    """One row of ``runs`` as the API and the workers see it."""

    id: str
    seq: int
    kind: str
    status: str
    spec: dict[str, Any]
    parent: str | None
    created_at: float
    started_at: float | None
    finished_at: float | None
    attempts: int
    claim: str | None
    cancel_requested: bool
    result: dict[str, Any] | None
    error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        return cls(id=row["id"], seq=row["seq"], kind=row["kind"], status=row["status"], spec=json.loads(row["spec"]),
                   parent=row["parent"], created_at=row["created_at"], started_at=row["started_at"],
                   finished_at=row["finished_at"], attempts=row["attempts"], claim=row["claim"],
                   cancel_requested=bool(row["cancel_requested"]),
                   result=json.loads(row["result"]) if row["result"] else None, error=row["error"])


MAX_ATTEMPTS = 3  # recover() re-queues a run left running at most this many tries, then marks it failed


def new_run_id() -> str:
    """Ids are made here, never taken from a request: ``r_`` + 32 hex digits."""
    return f"r_{uuid.uuid4().hex}"


class JobQueue:
    """Thread-safe access to the queue file: one connection per thread, short transactions."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write = threading.Lock()  # threads of this process queue here, not in SQLite's sleeping busy handler
        self._migrate()

    # -- connections -------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (the write lock is taken up front, so claims never race)."""
        conn = self._conn()
        with self._write:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate(self) -> None:
        conn = self._conn()
        conn.executescript(_SCHEMA)
        with self._tx() as db:
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            elif row["version"] != SCHEMA_VERSION:
                raise SchemaError(f"{self.path}: schema version {row['version']}, this server reads {SCHEMA_VERSION}")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @staticmethod
    def _log(db: sqlite3.Connection, run_id: str, event: str, claim: str | None = None) -> None:
        db.execute("INSERT INTO run_log (run_id, at, event, claim) VALUES (?, ?, ?, ?)",
                   (run_id, time.time(), event, claim))

    # -- the API side ------------------------------------------------------------------------------
    def submit(self, kind: str, spec: dict[str, Any], parent: str | None = None, client: str | None = None) -> Job:
        """Insert a queued job and commit it; returns the stored row.

        Args:
            kind: what the spec is (``prompt``, ``scene``, ``graph``, ``image_edit`` or ``edit``).
            spec: the checked request, as the worker will run it.
            parent: the run an edit edits.
            client: the address that asked, stored with the run.
        """
        run_id = new_run_id()
        with self._tx() as db:
            db.execute("INSERT INTO runs (id, kind, status, spec, parent, client, created_at) "
                       "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                       (run_id, kind, json.dumps(spec, sort_keys=True), parent, client, time.time()))
            self._log(db, run_id, "queued")
        job = self.get(run_id)
        assert job is not None
        return job

    def get(self, run_id: str) -> Job | None:
        row = self._conn().execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return Job.from_row(row) if row else None

    def list(self, limit: int = 50, before: int | None = None, status: str | None = None) -> list[Job]:
        """Newest first; ``before`` is the ``seq`` of the last row of the previous page."""
        sql, args = "SELECT * FROM runs WHERE 1=1", []
        if before is not None:
            sql, args = sql + " AND seq < ?", [*args, before]
        if status is not None:
            sql, args = sql + " AND status = ?", [*args, status]
        rows = self._conn().execute(sql + " ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        return [Job.from_row(r) for r in rows]

    def count(self) -> int:
        return int(self._conn().execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def cancel(self, run_id: str) -> Job | None:
        """A queued job is cancelled at once; a running one is flagged (its worker stops at the next node)."""
        with self._tx() as db:
            cur = db.execute("UPDATE runs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'queued'",
                             (time.time(), run_id))
            if cur.rowcount:
                self._log(db, run_id, "cancelled")
            else:
                cur = db.execute("UPDATE runs SET cancel_requested = 1 WHERE id = ? AND status = 'running'", (run_id,))
                if cur.rowcount:
                    self._log(db, run_id, "cancel_requested")
        return self.get(run_id)

    def refuse(self, run_id: str, error: str) -> bool:
        """A queued job that may no longer run (the policy changed across a restart) becomes ``failed``."""
        with self._tx() as db:
            cur = db.execute("UPDATE runs SET status = 'failed', error = ?, finished_at = ? "
                             "WHERE id = ? AND status = 'queued'", (error, time.time(), run_id))
            if cur.rowcount:
                self._log(db, run_id, "refused")
        return bool(cur.rowcount)

    def log(self, run_id: str) -> list[dict[str, Any]]:
        rows = self._conn().execute("SELECT at, event, claim FROM run_log WHERE run_id = ? ORDER BY seq", (run_id,))
        return [dict(r) for r in rows.fetchall()]

    def ping(self) -> bool:
        return self._conn().execute("SELECT 1").fetchone()[0] == 1

    # -- the worker side ---------------------------------------------------------------------------
    def claim(self) -> Job | None:
        """Atomically move the oldest queued job to ``running`` under a fresh claim token."""
        token = uuid.uuid4().hex
        with self._tx() as db:
            row = db.execute(
                "UPDATE runs SET status = 'running', claim = ?, attempts = attempts + 1, started_at = ? "
                "WHERE seq = (SELECT seq FROM runs WHERE status = 'queued' ORDER BY seq LIMIT 1) AND status = 'queued' "
                "RETURNING *", (token, time.time())).fetchone()
            if row is None:
                return None
            self._log(db, row["id"], "claimed", token)
        return Job.from_row(row)

    def finish(self, job: Job, status: Status, result: dict[str, Any] | None, error: str | None = None) -> bool:
        """Record the end of ``job``'s claim. False (and nothing written) when the claim is no longer held.

        Args:
            job: the claimed job (its claim token must still be the stored one).
            status: ``done``, ``failed`` or ``cancelled``.
            result: the run's result JSON (images, trace, Scene).
            error: the one-line reason of a failure.
        """
        assert status in TERMINAL
        with self._tx() as db:
            cur = db.execute(
                "UPDATE runs SET status = ?, result = ?, error = ?, finished_at = ? "
                "WHERE id = ? AND claim = ? AND status = 'running'",
                (status, json.dumps(result) if result is not None else None, error, time.time(), job.id, job.claim))
            if not cur.rowcount:
                return False
            self._log(db, job.id, status, job.claim)
        return True

    def cancel_requested(self, run_id: str) -> bool:
        row = self._conn().execute("SELECT cancel_requested FROM runs WHERE id = ?", (run_id,)).fetchone()
        return bool(row and row[0])

    def recover(self, max_attempts: int = MAX_ATTEMPTS) -> int:
        """After a crash: running jobs go back to the queue (or to cancelled when a cancel was asked); a job
        already tried ``max_attempts`` times is marked failed, so a job that kills the server cannot crash-loop it."""
        with self._tx() as db:
            rows = db.execute("SELECT id, cancel_requested, attempts FROM runs WHERE status = 'running'").fetchall()
            for r in rows:
                if r["attempts"] >= max_attempts:
                    db.execute("UPDATE runs SET status = 'failed', claim = NULL, finished_at = ?, error = ? "
                               "WHERE id = ?", (time.time(), f"the server stopped during each of {r['attempts']} "
                                                "attempts at this run; not retried", r["id"]))
                    self._log(db, r["id"], "failed")
                elif r["cancel_requested"]:
                    db.execute("UPDATE runs SET status = 'cancelled', finished_at = ? WHERE id = ?",
                               (time.time(), r["id"]))
                    self._log(db, r["id"], "cancelled")
                else:
                    db.execute("UPDATE runs SET status = 'queued', claim = NULL WHERE id = ?", (r["id"],))
                    self._log(db, r["id"], "requeued")
        return len(rows)
