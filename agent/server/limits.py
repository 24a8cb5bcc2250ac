"""Settings and the guards in front of the API: bearer token, body size, per-client rate limit.

- ``SCENECRAFT_API_TOKEN`` (or ``ServerSettings.token``) turns on bearer auth for everything under
  ``/v1``; binding a non-loopback host without a token is refused at start.
- Bodies over ``max_body_bytes`` are answered 413 before they are parsed (the Content-Length is
  checked first, and a chunked body is counted as it arrives).
- Each client (its token when auth is on, else its address) has a token bucket of ``rate_burst``
  requests refilled at ``rate_per_s``; beyond it, 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.errors import ScenecraftError

CLIENT_MODELS = ("profiles", "cached", "any")  # what ``model`` values a client may name (agent.server.policy)


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 2
    worker_mode: str = "thread"  # "process": one spawned process per worker (parallel CPU work)
    db: Path = Path("scenecraft-server/queue.sqlite3")
    out_dir: Path = Path("scenecraft-server/runs")
    cache_dir: Path | None = None
    token: str | None = None
    max_body_bytes: int = 16 * 1024 * 1024
    max_image_bytes: int = 10 * 1024 * 1024
    max_prompt_chars: int = 4000
    max_pixels: int = 4096 * 4096
    rate_per_s: float = 20.0
    rate_burst: int = 200
    page_max: int = 200
    client_models: str = "cached"  # profiles | cached | any: see agent.server.policy
    llm_planner: bool = False  # allow ``planner: "llm"`` (spends the operator's LLM key)

    def __post_init__(self) -> None:
        if self.token is None:
            self.token = os.environ.get("SCENECRAFT_API_TOKEN") or None
        self.db, self.out_dir = Path(self.db), Path(self.out_dir)

    def check(self) -> None:
        """Refuse settings that would be unsafe or cannot work, before anything binds."""
        if not is_loopback(self.host) and not self.token:
            raise ScenecraftError(f"binding {self.host} (not loopback) needs a token: set SCENECRAFT_API_TOKEN")
        if self.workers < 0 or self.rate_per_s <= 0 or self.rate_burst < 1:
            raise ScenecraftError("--workers must be >= 0 and the rate limit positive")
        if self.worker_mode not in ("thread", "process"):
            raise ScenecraftError(f"worker mode '{self.worker_mode}' is not thread or process")
        if self.client_models not in CLIENT_MODELS:
            raise ScenecraftError(f"--client-models '{self.client_models}' is not one of {', '.join(CLIENT_MODELS)}")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_ok(expected: str | None, header: str | None) -> bool:
    """True when auth is off, or the ``Authorization: Bearer <token>`` header holds the token."""
    if not expected:
        return True
    if not header or not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip().encode(), expected.encode())


class RateLimiter:
    """Token buckets per client key (thread-safe). Every ``prune_every_s`` the buckets idle long enough to
    be full again are dropped (the same as absent), so the table holds only recently active clients."""

    def __init__(self, rate_per_s: float, burst: int, prune_every_s: float = 30.0) -> None:
        self.rate = rate_per_s
        self.burst = float(burst)
        self.prune_every_s = prune_every_s
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._pruned = time.monotonic()

    def take(self, key: str) -> float:
        """0.0 when the request may go ahead, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            if now - self._pruned >= self.prune_every_s:
                self._prune(now)
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        self._buckets = {k: v for k, v in self._buckets.items() if v[0] + (now - v[1]) * self.rate < self.burst}
        self._pruned = now

    def __len__(self) -> int:
        return len(self._buckets)


def client_key(token_on: bool, authorization: str | None, address: str | None) -> str:
    """The rate-limit key: the bearer token (hashed) when auth is on, else the client's address."""
    if token_on and authorization:
        return "token:" + hashlib.sha256(authorization.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"addr:{address or 'unknown'}"


def error_body(error: str, detail: Any = None) -> bytes:
    return json.dumps({"error": error, "detail": detail}).encode()


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes gets 413 JSON before the app reads any of it."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _reply(send, 413, "body_too_large", f"request body over {self.limit} bytes")
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await _reply(send, 413, "body_too_large", f"request body over {self.limit} bytes")
                return
        body, sent = b"".join(chunks), False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _reply(send: Any, status: int, error: str, detail: str) -> None:
    body = error_body(error, detail)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
