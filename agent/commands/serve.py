"""``scenecraft serve``: the HTTP API (FastAPI on uvicorn) with a persistent SQLite job queue.

Binds 127.0.0.1 by default; any other address needs ``SCENECRAFT_API_TOKEN``. OpenAPI docs are at
``/docs``. Needs the ``server`` extra: ``pip install 'scenecraft[server]'``. See docs/server.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="HTTP API with a persistent job queue (docs/server.md)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--workers", type=int, default=2, help="workers running jobs at once")
    p.add_argument("--worker-mode", choices=["process", "thread"], default="process",
                   help="process (default): each worker in its own process, in parallel, with its own models; "
                        "thread: workers share one process and one model pool, diffusion jobs take turns")
    p.add_argument("--db", type=Path, default=Path("scenecraft-server/queue.sqlite3"), help="the job queue file")
    p.add_argument("--out", type=Path, default=Path("scenecraft-server/runs"), help="run folders go here, one per id")
    p.add_argument("--max-body-mb", type=float, default=16.0, help="largest request body")
    p.add_argument("--max-image-mb", type=float, default=10.0, help="largest uploaded image")
    p.add_argument("--max-prompt", type=int, default=4000, help="longest prompt, in characters")
    p.add_argument("--max-pixels", type=int, default=4096 * 4096,
                   help="largest image a run may ask for or upload (width x height)")
    p.add_argument("--rate", type=float, default=20.0, help="requests per second per client (token bucket refill)")
    p.add_argument("--burst", type=int, default=200, help="requests a client may make at once")
    p.add_argument("--client-models", choices=["profiles", "cached", "any"], default="cached",
                   help="which models a request may name: profiles = only configured diffusion profiles; "
                        "cached (default) = profiles plus hub ids already downloaded here; any = any hub id "
                        "(a client can make the server download gigabytes)")
    p.add_argument("--llm-planner", action="store_true",
                   help="allow what spends this server's LLM key: requests with planner 'llm' and posted graph "
                        "nodes that call the LLM endpoint (critic.mllm); off by default")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import importlib.util

    from agent.errors import ScenecraftError

    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise ScenecraftError("the server needs fastapi and uvicorn: pip install 'scenecraft[server]'")
    if not 1 <= args.port <= 65535:
        raise ScenecraftError(f"--port {args.port} is outside 1..65535")
    import uvicorn

    from agent.server.app import create_app, open_db
    from agent.server.limits import ServerSettings

    settings = ServerSettings(host=args.host, port=args.port, workers=args.workers, worker_mode=args.worker_mode,
                              db=args.db, out_dir=args.out,
                              max_body_bytes=int(args.max_body_mb * 2**20),
                              max_image_bytes=int(args.max_image_mb * 2**20),
                              max_prompt_chars=args.max_prompt, max_pixels=args.max_pixels,
                              rate_per_s=args.rate, rate_burst=args.burst, client_models=args.client_models,
                              llm_planner=args.llm_planner)
    lock = open_db(settings)
    app = create_app(settings, lock=lock)
    auth = "token required" if settings.token else "no token"
    llm = "llm planner on" if settings.llm_planner else "llm planner off"
    print(f"Scenecraft API on http://{args.host}:{args.port}  (docs: /docs, {auth}, client models: "
          f"{settings.client_models}, {llm}; Ctrl-C to stop)", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    except OSError as exc:
        raise ScenecraftError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
