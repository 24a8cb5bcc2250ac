"""A Python client for ``scenecraft serve`` with the same ``run()`` / ``edit()`` shape as :class:`Agent`.

    from agent.client import Client            # instead of: from agent import Agent
    agent = Client("http://127.0.0.1:8080")    # instead of: agent = Agent(AgentConfig(...))
    result = agent.run("three red apples left of a blue cup", seed=1)
    result.image().show()
    greener = agent.edit(result, "make the cup green")

``run`` queues the job, waits for it, and downloads its images into ``out_dir/<run id>/`` so
``result.images`` are local paths as with the Agent. A 4xx from the server raises
:class:`ClientError` (a ``ScenecraftError``) with the server's ``{error, detail}``.
"""

from __future__ import annotations

import base64
import json
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from agent.errors import ScenecraftError
from agent.results import ImageFiles

if TYPE_CHECKING:
    from agent.graph import TaskGraph
    from agent.scene import Scene

TERMINAL = ("done", "failed", "cancelled")


class ClientError(ScenecraftError):
    """The server refused a request (``status`` 4xx/5xx, ``error`` its code) or a run did not finish."""

    def __init__(self, message: str, status: int = 0, error: str = "error") -> None:
        super().__init__(message)
        self.status = status
        self.error = error


@dataclass
class RemoteResult(ImageFiles):
    """A finished server run, shaped like :class:`agent.api.Result` (``trace`` rows are dicts)."""

    id: str
    status: str
    trace: list[dict[str, Any]]
    findings: list[dict[str, Any]] = field(default_factory=list)
    cache_hits: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    parent: RemoteResult | None = None
    instruction: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "done"

    @property
    def score(self) -> float:
        return sum(f.get("problem") == "ok" for f in self.findings) / len(self.findings) if self.findings else 1.0

    def _no_image(self) -> str:
        return f"run {self.id} produced no image: {'; '.join(self.errors) or self.status}"


_DEFAULTS = frozenset({"seed", "backend", "critique", "model", "steps", "width", "height", "planner"})


class Client:
    """Talk to a Scenecraft server. ``token`` defaults to ``$SCENECRAFT_API_TOKEN``.

    Keyword ``defaults`` (``width=512``, ``backend="sd-turbo"``, ...) apply to every ``run`` like an
    ``AgentConfig``'s fields, so ``Agent(width=512)`` becomes ``Client(url, width=512)``.
    """

    def __init__(self, url: str = "http://127.0.0.1:8080", token: str | None = None, out_dir: Path | str = "runs",
                 timeout: float = 600.0, **defaults: Any) -> None:
        import os

        import httpx

        unknown = set(defaults) - _DEFAULTS
        if unknown:
            raise ScenecraftError(f"unknown Client setting(s): {', '.join(sorted(unknown))}")
        self.defaults = defaults
        token = token if token is not None else os.environ.get("SCENECRAFT_API_TOKEN")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.url = url.rstrip("/")
        self.out_dir = Path(out_dir)
        self.timeout = timeout
        self.http = httpx.Client(base_url=self.url, headers=headers, timeout=30.0)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the Agent-shaped verbs --------------------------------------------------------------------
    def run(self, request: str | Scene | TaskGraph | dict, seed: int | None = None, backend: str | None = None,
            critique: int | None = None, model: str | None = None, steps: int | None = None,
            width: int | None = None, height: int | None = None, out: Path | str | None = None) -> RemoteResult:
        """Queue ``request``, wait for it, download its images.

        Args:
            request: a prompt, a Scene, or a TaskGraph (or its dict).
            seed, backend, critique, model, steps, width, height: as for :meth:`agent.api.Agent.run`
                (default: the Client's defaults, then the server's).
            out: where to download the images (default: ``out_dir/<run id>``).

        A refused request raises :class:`ClientError`; a failed run is returned with ``ok`` False.
        """
        call = {"seed": seed, "backend": backend, "critique": critique, "model": model, "steps": steps,
                "width": width, "height": height}
        body = {**self.defaults, **_clean(call), **_source(request)}
        return self.result(self.submit(**body)["id"], out=out)

    def edit(self, result: RemoteResult, instruction: str, seed: int | None = None,
             out: Path | str | None = None) -> RemoteResult:
        """A follow-up instruction on a finished run; unchanged nodes are cache hits on the server.

        Args:
            result: the run to edit (its ``parent`` chain grows by one).
            instruction: what to change, in words.
            seed: a different run seed (default: the parent's).
            out: where to download the images (default: ``out_dir/<run id>``).
        """
        view = self._call("POST", f"/v1/runs/{result.id}/edit", json=_clean({"instruction": instruction, "seed": seed}))
        edited = self.result(view["id"], out=out)
        edited.parent, edited.instruction = result, instruction
        return edited

    def edit_image(self, image: Path | str | bytes, instruction: str, strength: float | None = None,
                   seed: int | None = None, out: Path | str | None = None) -> RemoteResult:
        """Edit an image file: a Scenecraft PNG by its Scene, any other image with ``edit.instruct``/img2img.

        Args:
            image: a file path or the file's bytes (sent base64-encoded).
            instruction: what to change, in words.
            strength: img2img strength for an image without a Scene (default: the server's).
            seed: the run seed.
            out: where to download the images (default: ``out_dir/<run id>``).
        """
        data = image if isinstance(image, bytes) else Path(image).read_bytes()
        body = {"image": base64.b64encode(data).decode(), "instruction": instruction, "strength": strength,
                "seed": seed}
        return self.result(self.submit(**body)["id"], out=out)

    # -- lower level -------------------------------------------------------------------------------
    def submit(self, **body: Any) -> dict[str, Any]:
        """``POST /v1/runs`` (None fields left out); returns the queued run's JSON."""
        return self._call("POST", "/v1/runs", json=_clean(body))

    def get(self, run_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/runs/{run_id}")

    def cancel(self, run_id: str) -> dict[str, Any]:
        return self._call("DELETE", f"/v1/runs/{run_id}")

    def list(self, limit: int = 50, cursor: str | None = None, status: str | None = None) -> dict[str, Any]:
        return self._call("GET", "/v1/runs", params=_clean({"limit": limit, "cursor": cursor, "status": status}))

    def plugins(self) -> list[dict[str, Any]]:
        return self._call("GET", "/v1/plugins")

    def models(self) -> list[dict[str, Any]]:
        return self._call("GET", "/v1/models")

    def info(self) -> dict[str, Any]:
        """The server's version, policy (which models a request may name, whether the LLM planner is on), limits."""
        return self._call("GET", "/v1/info")

    def wait(self, run_id: str, timeout: float | None = None) -> dict[str, Any]:
        """Poll until the run is done, failed or cancelled (short waits first, then up to 0.5 s)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        delay = 0.01
        while True:
            try:
                view = self._call("GET", f"/v1/runs/{run_id}", deadline=deadline)
            except ClientError as exc:
                if exc.status != 429:
                    raise
                raise ClientError(f"run {run_id} not finished within the timeout (the server is rate limiting "
                                  "this client)", error="timeout") from None
            if view["status"] in TERMINAL:
                return view
            if time.monotonic() > deadline:
                raise ClientError(f"run {run_id} still {view['status']} after the timeout", error="timeout")
            time.sleep(delay)
            delay = min(0.5, delay * 1.5)

    def events(self, run_id: str) -> Iterator[dict[str, Any]]:
        """The run's server-sent events as dicts, until its ``end`` event."""
        with self.http.stream("GET", f"/v1/runs/{run_id}/events", timeout=None) as resp:
            _raise_for(resp)
            for line in resp.iter_lines():
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    yield event
                    if event["type"] == "end":
                        return

    def image_bytes(self, run_id: str, name: str = "image.png") -> bytes:
        return self._request("GET", f"/v1/runs/{run_id}/images/{name}").content

    def result(self, run_id: str, out: Path | str | None = None) -> RemoteResult:
        """Wait for ``run_id`` and download its images into ``out`` (default ``out_dir/<run id>``)."""
        from agent.scene import Scene

        view = self.wait(run_id)
        folder = Path(out) if out is not None else self.out_dir / run_id
        images = []
        for img in view["images"]:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / Path(img["name"]).name
            path.write_bytes(self.image_bytes(run_id, img["name"]))
            images.append(path)
        return RemoteResult(id=run_id, status=view["status"], prompt=view.get("prompt") or "",
                            seed=view.get("seed") or 0,
                            backend=view.get("backend") or "", out_dir=folder, images=images,
                            scene=Scene.parse(view["scene"]) if view.get("scene") else None, trace=view["nodes"],
                            findings=view["findings"], cache_hits=view["cache_hits"],
                            errors=view["errors"] or ([view["error"]] if view.get("error") else []),
                            wall_s=view.get("wall_s") or 0.0, instruction=view.get("instruction"), raw=view)

    def _call(self, method: str, path: str, deadline: float | None = None, **kw: Any) -> Any:
        return self._request(method, path, deadline=deadline, **kw).json()

    def _request(self, method: str, path: str, deadline: float | None = None, **kw: Any) -> Any:
        """One request; a 429 is retried after its ``Retry-After`` until the call's deadline (a monotonic
        time; default ``timeout`` from now), then raised as a :class:`ClientError`."""
        deadline = time.monotonic() + self.timeout if deadline is None else deadline
        while True:
            resp = self.http.request(method, path, **kw)
            if resp.status_code != 429:
                _raise_for(resp)
                return resp
            wait = _retry_after(resp.headers.get("retry-after"))
            if time.monotonic() + wait > deadline:
                _raise_for(resp)
            time.sleep(wait)


def _source(request: Any) -> dict[str, Any]:
    if isinstance(request, str):
        return {"prompt": request}
    if isinstance(request, dict):
        return {"graph": request} if "nodes" in request else {"scene": request}
    from agent.graph import TaskGraph
    from agent.scene import Scene

    if isinstance(request, Scene):
        return {"scene": json.loads(request.to_json())}
    if isinstance(request, TaskGraph):
        return {"graph": request.model_dump(mode="json")}
    raise ScenecraftError(f"run takes a prompt, a Scene or a TaskGraph, not {type(request).__name__}")


def _retry_after(value: str | None) -> float:
    """Seconds from a ``Retry-After`` header (delta seconds; 1 when missing or not a number), capped at 60."""
    try:
        wait = float(value) if value is not None else 1.0
    except ValueError:
        wait = 1.0
    return min(60.0, wait) if math.isfinite(wait) and wait >= 0 else 1.0


def _clean(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def _raise_for(resp: Any) -> None:
    if resp.status_code < 400:
        return
    try:
        body = resp.json()
        error, detail = body.get("error", "error"), body.get("detail")
    except ValueError:
        error, detail = "error", resp.text[:200]
    raise ClientError(f"server said {resp.status_code} {error}: {detail}", status=resp.status_code, error=error)
