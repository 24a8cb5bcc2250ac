"""The ``/v1`` endpoints. Handlers are plain functions (FastAPI runs them on its thread pool: SQLite
calls are short and blocking); only the SSE stream is async. Run ids come from the URL but are matched
against ``r_<32 hex>`` and looked up in the queue; files are only ever opened as
``out_dir / <id from the database> / <name from the database>``.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.security import HTTPBearer

from agent.server.jobs import check_request_text, prepare, prepare_edit
from agent.server.limits import client_key, token_ok
from agent.server.policy import check_graph, check_request, check_spec, policy_info
from agent.server.queue import RUN_ID_PATTERN, TERMINAL, Job
from agent.server.schemas import EditRequest, ErrorBody, ImageView, NodeView, RunList, RunRequest, RunView

_bearer = HTTPBearer(auto_error=False, description="SCENECRAFT_API_TOKEN, when the server has one")
_RUN_ID = re.compile(RUN_ID_PATTERN)
_EVENT_ID = re.compile(r"^[0-9]{1,18}\Z")  # cursors and event ids: "²".isdigit() is True but int("²") fails
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 401, 404, 409, 413, 422, 429)}


def _state(request: Request) -> Any:
    return request.app.state.sc


def guard(request: Request, _: Annotated[Any, Depends(_bearer)] = None) -> None:
    """Bearer token (when the server has one), then the per-client rate limit."""
    state = _state(request)
    if not token_ok(state.settings.token, request.headers.get("authorization")):
        raise HTTPException(401, detail={"error": "unauthorized", "detail": "missing or wrong bearer token"},
                            headers={"WWW-Authenticate": "Bearer"})
    wait = state.limiter.take(client_key(bool(state.settings.token), request.headers.get("authorization"),
                                         request.client.host if request.client else None))
    if wait > 0:
        raise HTTPException(429, detail={"error": "rate_limited", "detail": f"too many requests; retry in {wait:.2f}s"},
                            headers={"Retry-After": str(math.ceil(wait))})


router = APIRouter(prefix="/v1", dependencies=[Depends(guard)], responses=_ERRORS)


def _job(state: Any, run_id: str) -> Job:
    if not _RUN_ID.match(run_id):
        raise HTTPException(400, detail={"error": "invalid_id", "detail": "a run id looks like r_<32 hex digits>"})
    job = state.queue.get(run_id)
    if job is None:
        raise HTTPException(404, detail={"error": "not_found", "detail": f"no run {run_id}"})
    return job


def view(job: Job, state: Any) -> RunView:
    """The JSON of one run: status, per-node progress (live while running), images, findings, timings."""
    result = job.result or {}
    base = f"/v1/runs/{job.id}"
    if result.get("nodes"):
        nodes = [NodeView(node=r["node"], plugin=r.get("plugin"), status=r["status"],
                          cache_hit=r.get("cache_hit", False), wall_s=r.get("wall_s"), error=r.get("error"))
                 for r in result["nodes"]]
    else:
        nodes = [NodeView(node=k, **v) for k, v in state.bus.nodes(job.id).items()]
    started, finished = job.started_at, job.finished_at
    spec = job.spec
    return RunView(
        id=job.id, kind=job.kind, status=job.status, parent=job.parent, created_at=job.created_at,
        started_at=started, finished_at=finished, attempts=job.attempts, cancel_requested=job.cancel_requested,
        seed=spec.get("seed"), backend=spec.get("backend") or ("graph" if "graph" in spec else "sketch"),
        prompt=spec.get("prompt") or (spec.get("scene") or {}).get("prompt"), instruction=spec.get("instruction"),
        nodes=nodes, images=[ImageView(name=n, url=f"{base}/images/{n}") for n in result.get("images", [])],
        findings=result.get("findings", []), cache_hits=result.get("cache_hits", []),
        errors=result.get("errors", []), error=job.error, wall_s=result.get("wall_s"),
        timings={"queued_s": _diff(job.created_at, started), "run_s": _diff(started, finished),
                 "total_s": _diff(job.created_at, finished)},
        scene=result.get("scene"), links={"self": base, "events": f"{base}/events", "edit": f"{base}/edit"})


def _diff(a: float | None, b: float | None) -> float | None:
    return round(b - a, 6) if a is not None and b is not None else None


def _accept(state: Any, request: Request, response: Response, kind: str, spec: dict, parent: str | None) -> RunView:
    job = state.queue.submit(kind, spec, parent=parent, client=request.client.host if request.client else None)
    state.bus.publish(job.id, "status", status="queued")
    state.pool.wake()
    response.headers["Location"] = f"/v1/runs/{job.id}"
    return view(job, state)


@router.post("/runs", status_code=202, response_model=RunView, tags=["runs"],
             responses={200: {"content": {"image/png": {}}, "description": "with wait and Accept: image/png"}})
async def create_run(body: RunRequest, request: Request, response: Response,
                     wait: float = Query(0, ge=0, le=300, description="seconds to wait for the run to finish")) -> Any:
    """Queue a run from a prompt, a Scene, a TaskGraph, or a source image plus an instruction.

    The job is committed to the queue before this returns; poll ``GET /v1/runs/{id}`` or stream
    ``GET /v1/runs/{id}/events``. With ``wait=N`` the reply waits up to N seconds for the run: a
    finished run is answered 200 with its JSON, or with its first image when ``Accept: image/png``.

    Args:
        body: the request (exactly one source, plus options).
        request: the HTTP request (client key, ``Accept`` header).
        response: where the status code and ``Location`` are set.
        wait: seconds to wait for the run to finish.
    """
    state = _state(request)
    s = state.settings
    await run_in_threadpool(check_request, body, s, state.registry)  # operator policy, before any write
    policy = partial(check_graph, settings=s, registry=state.registry)  # for the graph an uploaded image gets
    kind, spec = await run_in_threadpool(prepare, body, s, state.registry, state.store, policy)
    queued = await run_in_threadpool(_accept, state, request, response, kind, spec, None)
    if wait <= 0:
        return queued
    job = await _wait(state, queued.id, wait)
    if job.status not in TERMINAL:
        return view(job, state)
    response.status_code = 200
    if "image/png" in request.headers.get("accept", "") and job.status == "done" and (job.result or {}).get("images"):
        path = s.out_dir / job.id / job.result["images"][0]
        return FileResponse(path, media_type="image/png",
                            headers={"X-Run-Id": job.id, "Location": f"/v1/runs/{job.id}"})
    return view(job, state)


async def _wait(state: Any, run_id: str, seconds: float) -> Job:
    """The job once it is terminal (watching the live events; the database once a second), or at the timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    ticks = 0
    while True:
        ended = any(e["type"] == "end" for e in state.bus.since(run_id, 0))
        if ended or ticks % 20 == 0 or loop.time() >= deadline:
            job = await run_in_threadpool(state.queue.get, run_id)
            if job.status in TERMINAL or loop.time() >= deadline:
                return job
        ticks += 1
        await asyncio.sleep(0.05)


@router.get("/runs", response_model=RunList, tags=["runs"])
def list_runs(request: Request, limit: int = Query(50, ge=1, le=200),
              cursor: str | None = Query(None, max_length=40, description="'next' of a page: 1-18 digits"),
              status: Literal["queued", "running", "done", "failed", "cancelled"] | None = None) -> RunList:
    """Runs, newest first. Pass ``next`` from a page as ``cursor`` to get the next (older) page.

    Args:
        request: the HTTP request (the app's queue).
        limit: runs per page.
        cursor: ``next`` of the previous page.
        status: only runs in this state.
    """
    state = _state(request)
    if cursor is not None and not _EVENT_ID.match(cursor):  # ASCII digits, fits SQLite's int64
        raise HTTPException(400, detail={"error": "invalid_cursor", "detail": "cursor is the 'next' of a page"})
    jobs = state.queue.list(limit=min(limit, state.settings.page_max), before=int(cursor) if cursor else None,
                            status=status)
    nxt = str(jobs[-1].seq) if len(jobs) == limit else None
    return RunList(runs=[view(j, state) for j in jobs], next=nxt)


@router.get("/runs/{run_id}", response_model=RunView, tags=["runs"])
def get_run(run_id: str, request: Request) -> RunView:
    """Status (queued, running, done, failed, cancelled), per-node progress, findings and timings."""
    state = _state(request)
    return view(_job(state, run_id), state)


@router.get("/runs/{run_id}/images/{name}", tags=["runs"], response_class=FileResponse,
            responses={200: {"content": {"image/png": {}}, "description": "the PNG, provenance in its text chunks"}})
def get_image(run_id: str, name: str, request: Request) -> FileResponse:
    """An output PNG of a finished run, with its provenance (Scene, graph, seed, plugins) in text chunks."""
    state = _state(request)
    job = _job(state, run_id)
    names = (job.result or {}).get("images", [])
    if name not in names:
        raise HTTPException(404, detail={"error": "not_found", "detail": f"run {job.id} has no image {name[:80]!r}"})
    stored = names[names.index(name)]
    path = state.settings.out_dir / job.id / stored
    if not path.is_file():
        raise HTTPException(404, detail={"error": "not_found", "detail": "the image file is gone from the server"})
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=31536000, immutable"})


@router.post("/runs/{run_id}/edit", status_code=202, response_model=RunView, tags=["runs"])
def edit_run(run_id: str, body: EditRequest, request: Request, response: Response) -> RunView:
    """A chat follow-up ("make the cup green") on a finished run: a new run whose unchanged nodes are
    cache hits.

    Args:
        run_id: the run to edit.
        body: the instruction (and optional seed).
        request: the HTTP request (client key).
        response: where the status code and ``Location`` are set.
    """
    state = _state(request)
    parent = _job(state, run_id)
    if parent.status != "done":
        raise HTTPException(409, detail={"error": "not_done",
                                         "detail": f"run {parent.id} is {parent.status}, not done"})
    check_request_text(body.instruction, "instruction")  # a RequestError: 422, nothing written
    if len(body.instruction) > state.settings.max_prompt_chars:
        raise HTTPException(413, detail={"error": "prompt_too_long", "detail": "instruction is too long"})
    spec = prepare_edit(parent.result, parent.spec, body.instruction, body.seed)
    check_spec(spec, state.settings, state.registry)  # the parent's model and planner, under today's policy
    return _accept(state, request, response, "edit", spec, parent.id)


@router.delete("/runs/{run_id}", response_model=RunView, tags=["runs"])
def cancel_run(run_id: str, request: Request, response: Response) -> RunView:
    """Cancel: a queued run at once, a running one at its next node (202 until it stops)."""
    state = _state(request)
    job = _job(state, run_id)
    if job.status in TERMINAL:
        raise HTTPException(409, detail={"error": "finished", "detail": f"run {job.id} is already {job.status}"})
    job = state.queue.cancel(job.id)
    if job.status == "cancelled":
        state.bus.publish(job.id, "status", status="cancelled")
        state.bus.publish(job.id, "end", status="cancelled")
    elif job.status == "running":
        state.pool.cancel(job.id)
        response.status_code = 202
    else:  # it finished between the lookup and the cancel
        raise HTTPException(409, detail={"error": "finished", "detail": f"run {job.id} is already {job.status}"})
    return view(job, state)


@router.get("/runs/{run_id}/events", tags=["runs"], response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def run_events(run_id: str, request: Request, last_event_id: str | None = Header(None)) -> StreamingResponse:
    """Server-sent events: status, node_started, node_finished, step (diffusion step k of n), end."""
    state = _state(request)
    job = await run_in_threadpool(_job, state, run_id)
    start = int(last_event_id) if last_event_id and _EVENT_ID.match(last_event_id) else 0
    return StreamingResponse(_stream(state, job.id, start, request), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _stream(state: Any, run_id: str, seq: int, request: Request) -> AsyncIterator[str]:
    idle = 0
    while True:
        events = state.bus.since(run_id, seq)
        for e in events:
            seq = e["seq"]
            yield f"id: {seq}\nevent: {e['type']}\ndata: {json.dumps(e)}\n\n"
            if e["type"] == "end":
                return
        idle = 0 if events else idle + 1
        if idle and idle % 10 == 1:  # about once a second: a run that ended without live events (a restart)
            job = await run_in_threadpool(state.queue.get, run_id)
            if job is not None and job.status in TERMINAL and not state.bus.since(run_id, seq):
                e = {"type": "end", "run_id": run_id, "seq": seq + 1, "status": job.status}
                yield f"id: {seq + 1}\nevent: end\ndata: {json.dumps(e)}\n\n"
                return
        if idle and idle % 150 == 0:
            yield ": keep-alive\n\n"
        if await request.is_disconnected():
            return
        await asyncio.sleep(0.1)


@router.get("/plugins", tags=["info"])
def plugins() -> list[dict[str, Any]]:
    """Every registered plugin with its version, inputs and outputs (``scenecraft plugins --json``)."""
    from agent.registry import plugin_rows

    return plugin_rows()


@router.get("/models", tags=["info"])
def models() -> list[dict[str, Any]]:
    """Each diffusion profile, its model and whether its weights are here (``scenecraft models --json``)."""
    from agent.models.profiles import profile_rows

    return profile_rows()


@router.get("/info", tags=["info"])
def info(request: Request) -> dict[str, Any]:
    """The server's version, the operator's policy (which models a request may name, whether
    ``planner: "llm"`` is allowed) and the request limits, so a client can check before it asks."""
    from agent import __version__

    s = _state(request).settings
    return {"version": __version__, "policy": policy_info(s),
            "limits": {"max_prompt_chars": s.max_prompt_chars, "max_pixels": s.max_pixels,
                       "max_image_bytes": s.max_image_bytes, "max_body_bytes": s.max_body_bytes}}
