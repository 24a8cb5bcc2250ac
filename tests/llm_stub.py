"""A scripted OpenAI-compatible chat server on 127.0.0.1 for offline tests of the real client code.

Each test hands the server a script: a list of replies (or a function of the request) served in
order, so a test can say "first an invalid plan, then a valid one" or "HTTP 500, then a plan". The
server speaks just enough of ``POST /v1/chat/completions`` for LangChain's ``ChatOpenAI``: plain
content, tool calls (answering with the tool the request offered) and JSON-schema/JSON-mode content.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer. ``content``: assistant text; ``tool_args``: answer as a tool call with these
    arguments (dict or raw string); ``status``: an HTTP error code instead; ``delay``: seconds to wait."""

    content: str | None = None
    tool_args: dict[str, Any] | str | None = None
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None  # send these bytes as the whole HTTP 200 body (a server that is not OpenAI-like)
    headers: dict[str, str] = field(default_factory=dict)  # extra response headers (e.g. retry-after)


Script = list[Reply] | Callable[[dict[str, Any]], Reply]


def require_llm_extra() -> None:
    """Skip the calling test, with a reason, when the ``llm`` extra (LangChain's OpenAI client) is missing."""
    pytest.importorskip("langchain_openai", reason="the llm extra (langchain-openai) is not installed")


@dataclass
class StubServer:
    script: Script
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        require_llm_extra()
        self._lock = threading.Lock()
        self._i = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                return None

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                try:
                    reply = stub._next(body)
                except Exception as exc:  # a broken script answers 599 naming the error instead of hanging up
                    reply = Reply(status=599, content=f"stub script failed: {exc!r}")
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    data = json.dumps(
                        {"error": {"message": reply.content or f"scripted HTTP {reply.status}", "type": "server_error"}}
                    ).encode()
                    self.send_response(reply.status)
                    if not reply.headers:
                        self.send_header("retry-after-ms", "10")
                elif reply.raw is not None:
                    data = reply.raw
                    self.send_response(200)
                else:
                    data = json.dumps(stub._completion(body, reply)).encode()
                    self.send_response(200)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            if callable(self.script):
                return self.script(body)
            reply = self.script[min(self._i, len(self.script) - 1)]
            self._i += 1
            return reply

    @staticmethod
    def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        finish = "stop"
        if reply.tool_args is not None:
            tools = body.get("tools") or []
            name = tools[0]["function"]["name"] if tools else "Scene"
            args = reply.tool_args if isinstance(reply.tool_args, str) else json.dumps(reply.tool_args)
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": args}}],
            }
            finish = "tool_calls"
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
