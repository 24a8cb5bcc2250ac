"""``scenecraft ui``: the chat as a local web page (Gradio) on 127.0.0.1.

Same session folder and options as ``scenecraft chat``; a session started in one can be resumed in
the other. Needs the ``ui`` extra: ``pip install 'scenecraft[ui]'``.
"""

from __future__ import annotations

import argparse

from agent.commands.chat import add_session_args


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ui", help="chat in a web page (Gradio): image, boxes, Scene JSON, task graph")
    add_session_args(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import importlib.util

    from agent.commands.chat import open_session
    from agent.errors import ScenecraftError

    if importlib.util.find_spec("gradio") is None:
        raise ScenecraftError("the web UI needs gradio: pip install 'scenecraft[ui]'")
    if not 1 <= args.port <= 65535:
        raise ScenecraftError(f"--port {args.port} is outside 1..65535")
    session = open_session(args)
    from agent.chat.web import serve

    print(f"session: {session.folder}")
    print(f"Scenecraft UI on http://{args.host}:{args.port}  (Ctrl-C to stop)", flush=True)
    try:
        serve(session, host=args.host, port=args.port, block=True)
    except OSError as exc:
        raise ScenecraftError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
