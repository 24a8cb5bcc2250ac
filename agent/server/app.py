"""The FastAPI application: state, lifespan (queue recovery, workers), error shape, health checks.

``create_app(settings)`` is what ``scenecraft serve`` runs under uvicorn. Every error is JSON
``{"error": code, "detail": ...}`` with a 4xx/5xx status; a bug is a 500 with no traceback in the reply
(it goes to the server log).
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent import __version__
from agent.errors import ScenecraftError
from agent.server.events import EventBus
from agent.server.jobs import RequestError
from agent.server.limits import BodyLimit, RateLimiter, ServerSettings
from agent.server.queue import JobQueue
from agent.server.worker import WorkerPool

log = logging.getLogger("scenecraft.server")

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
               409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
               429: "rate_limited", 500: "internal", 503: "unavailable"}


@dataclass
class ServerState:
    """What the routes need, built once per app."""

    settings: ServerSettings
    queue: JobQueue
    bus: EventBus
    pool: WorkerPool
    limiter: RateLimiter
    registry: Any
    store: Any
    extra: dict[str, Any] = field(default_factory=dict)


def lock_db(settings: ServerSettings) -> Any:
    """One server per queue file: a second one would re-queue the first one's running jobs."""
    settings.db.parent.mkdir(parents=True, exist_ok=True)
    handle = open(f"{settings.db}.lock", "w")  # noqa: SIM115 - held for the server's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ScenecraftError(f"another server is using {settings.db}") from None
    return handle


def build_state(settings: ServerSettings) -> ServerState:
    from agent.artifacts import ArtifactStore
    from agent.engine.run_folder import cache_root
    from agent.registry import default_registry

    settings.out_dir.mkdir(parents=True, exist_ok=True)
    queue = JobQueue(settings.db)
    bus = EventBus()
    if settings.worker_mode == "process":
        from agent.server.procs import ProcessPool

        pool: Any = ProcessPool(queue, bus, settings.out_dir, n=settings.workers, cache_dir=settings.cache_dir)
    else:
        pool = WorkerPool(queue, bus, settings.out_dir, n=settings.workers, cache_dir=settings.cache_dir)
    store = ArtifactStore(settings.cache_dir if settings.cache_dir is not None else cache_root())
    return ServerState(settings=settings, queue=queue, bus=bus, pool=pool,
                       limiter=RateLimiter(settings.rate_per_s, settings.rate_burst),
                       registry=default_registry(), store=store)


def create_app(settings: ServerSettings | None = None, lock: Any = None) -> FastAPI:
    """The app; ``lock`` is a db lock already held (``scenecraft serve`` takes it before uvicorn starts, so a
    second server or a too-new schema is one line, not a traceback); without one the app takes its own."""
    settings = settings or ServerSettings()
    settings.check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nonlocal lock
        lock = lock if lock is not None and not lock.closed else lock_db(settings)
        state = build_state(settings)
        requeued = state.queue.recover()
        if requeued:
            log.warning("re-queued %d run(s) left running by a previous server", requeued)
        from agent.server.policy import recheck_queued

        for run_id in recheck_queued(state.queue, settings, state.registry):  # before any worker claims one
            log.warning("run %s: refused by this server's policy (see its error)", run_id)
        app.state.sc = state
        state.pool.start()
        try:
            yield
        finally:
            state.pool.stop()
            state.store.flush()
            lock.close()

    app = FastAPI(title="Scenecraft", version=__version__, lifespan=lifespan, redirect_slashes=False,
                  description="Plan, generate, check and repair images over HTTP. See docs/server.md.")
    _add_error_handlers(app)
    from agent.server.routes import router

    app.include_router(router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """The process answers."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz(request: Request) -> JSONResponse:
        """The queue database answers and the workers are alive."""
        state: ServerState = request.app.state.sc
        checks = {"database": _safe(state.queue.ping), "workers": state.pool.alive()}
        ok = all(checks.values())
        return JSONResponse({"status": "ready" if ok else "not_ready", "checks": checks,
                             "pid": os.getpid()}, status_code=200 if ok else 503)

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def _safe(fn: Any) -> bool:
    try:
        return bool(fn())
    except Exception:
        log.warning("readiness check failed", exc_info=True)
        return False


def _json_error(status: int, error: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        error = _HTTP_CODES.get(exc.status_code, "error")
        if isinstance(detail, dict) and "error" in detail:
            error, detail = detail["error"], detail.get("detail")
        return _json_error(exc.status_code, error, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _json_error(400, "malformed_json", "the request body is not valid JSON")
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in errors[:20]]
        return _json_error(422, "invalid_request", detail)

    @app.exception_handler(RequestError)
    async def request_error(request: Request, exc: RequestError) -> JSONResponse:
        return _json_error(exc.status, exc.code, str(exc))

    @app.exception_handler(ScenecraftError)
    async def scenecraft_error(request: Request, exc: ScenecraftError) -> JSONResponse:
        return _json_error(422, "invalid_request", str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return _json_error(500, "internal", "internal server error (details are in the server log)")


def open_db(settings: ServerSettings) -> Any:
    """The held db lock, once the queue file opens with a schema this server reads; else one
    :class:`ScenecraftError` line (another server has the file, or it was written by a newer one)."""
    from agent.server.queue import SchemaError

    settings.check()
    lock = lock_db(settings)
    try:
        JobQueue(settings.db).close()
    except (SchemaError, sqlite3.DatabaseError) as exc:
        lock.close()
        raise ScenecraftError(f"cannot open the job queue: {exc}") from None
    return lock
