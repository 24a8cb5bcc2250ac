"""The SQLite job queue on its own: atomic claims, one terminal transition per claim, recovery, schema version."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from agent.server.queue import JobQueue, SchemaError


def test_concurrent_claims_never_hand_out_a_job_twice(tmp_path):
    q = JobQueue(tmp_path / "q.sqlite3")
    ids = {q.submit("prompt", {"prompt": f"{i} apples"}).id for i in range(100)}
    claimed: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        other = JobQueue(tmp_path / "q.sqlite3")  # a second handle: claims also race across connections
        while (job := other.claim()) is not None:
            assert other.finish(job, "done", {"ok": True})
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(ids)
    assert all(q.get(i).status == "done" and q.get(i).attempts == 1 for i in ids)


def test_only_the_current_claim_can_finish(tmp_path):
    q = JobQueue(tmp_path / "q.sqlite3")
    rid = q.submit("prompt", {"prompt": "a cat"}).id
    first = q.claim()
    assert q.recover() == 1 and q.get(rid).status == "queued"  # as after a crash
    second = q.claim()
    assert second.id == rid and second.attempts == 2 and second.claim != first.claim
    assert not q.finish(first, "done", {"ok": True})  # the old claim lost the job
    assert q.finish(second, "done", {"ok": True})
    assert not q.finish(second, "done", {"ok": True})  # and done happens once
    assert [e["event"] for e in q.log(rid)] == ["queued", "claimed", "requeued", "claimed", "done"]


def test_cancel_queued_and_running_and_recovery_honours_cancel(tmp_path):
    q = JobQueue(tmp_path / "q.sqlite3")
    a, b = q.submit("prompt", {"prompt": "a"}).id, q.submit("prompt", {"prompt": "b"}).id
    assert q.cancel(a).status == "cancelled"
    running = q.claim()
    assert running.id == b and q.cancel(b).cancel_requested and q.get(b).status == "running"
    q.recover()
    assert q.get(b).status == "cancelled" and q.claim() is None


def test_list_pages_and_schema_version(tmp_path):
    db = tmp_path / "q.sqlite3"
    q = JobQueue(db)
    ids = [q.submit("prompt", {"prompt": str(i)}).id for i in range(5)]
    first = q.list(limit=2)
    assert [j.id for j in first] == ids[:-3:-1]
    assert [j.id for j in q.list(limit=10, before=first[-1].seq)] == ids[-3::-1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(SchemaError, match="schema version 99"):
        JobQueue(db)


def test_recover_fails_a_job_that_was_running_at_three_crashes(tmp_path):
    q = JobQueue(tmp_path / "q.sqlite3")
    rid = q.submit("prompt", {"prompt": "x"}).id
    for _ in range(2):
        assert q.claim().id == rid
        assert q.recover() == 1 and q.get(rid).status == "queued"
    assert q.claim().attempts == 3
    assert q.recover() == 1
    job = q.get(rid)
    assert job.status == "failed" and "3 attempts" in job.error and job.finished_at is not None
    assert q.claim() is None
