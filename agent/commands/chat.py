"""``scenecraft chat``: a terminal chat that plans an image, then edits the plan turn by turn.

Interactive in a terminal; with ``-m MESSAGE`` (repeatable) or piped lines it runs those turns and
exits, which makes sessions scriptable. The session is saved after every turn and ``--resume`` picks it
up again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent.defaults import CHAT_BACKEND, SIZE

HELP = ("Type a request to start (\"three red apples left of a blue cup\"), then edits: \"make the cup green\", "
        "\"add a third apple\", \"remove the cup\", \"move the dog to the right\", \"change the sign to CLOSED\", "
        "\"change the background to a beach\", \"undo\", \"redo\", \"new: <request>\".\n"
        "Commands: /image PHOTO [--mask MASK.png] [--outpaint left=256] PROMPT (edit your photo: inpaint the "
        "mask's white, else redraw it; outpaint alone keeps it and fills the margin), /scene (the Scene JSON), "
        "/trace (nodes of the last run), /help, /quit.")


def send(session, msg: str):  # noqa: ANN001, ANN201 - a ChatSession and its Turn (imported lazily)
    """A message, or ``/image PHOTO [--mask MASK] [--outpaint left=256] PROMPT`` for an edit of the user's photo."""
    import shlex

    if not msg.startswith("/image"):
        return session.send(msg)
    try:
        words = shlex.split(msg)[1:]
    except ValueError:
        words = []
    flags: dict[str, str] = {}
    while len(words) >= 3 and words[1] in ("--mask", "--outpaint"):
        flags[words[1]] = words[2]
        del words[1:3]
    if not words:
        return session.send_image("", None)  # an error turn that says what is missing
    mask = Path(flags["--mask"]).expanduser() if "--mask" in flags else None
    return session.send_image(" ".join(words[1:]), Path(words[0]).expanduser(), mask, outpaint=flags.get("--outpaint"))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chat", help="chat in the terminal: plan an image, then edit it turn by turn")
    add_session_args(p)
    p.add_argument("-m", "--message", action="append", default=None,
                   help="run this turn and exit (repeat for several turns); without it the chat is interactive")
    p.set_defaults(func=main)


def add_session_args(p: argparse.ArgumentParser) -> None:
    """Options shared by ``chat`` and ``ui``: where the session lives and how images are made."""
    p.add_argument("--session", type=Path, default=None,
                   help="session folder (default: a new ./scenecraft-sessions/chat-<time>)")
    p.add_argument("--resume", action="store_true",
                   help="continue the session saved in --session (with its saved backend, size and seed)")
    p.add_argument("--backend", default=CHAT_BACKEND,
                   help="sketch-layers (default: a node per object, so edits re-run only what changed), sketch, "
                        "or a diffusers profile")
    p.add_argument("--model", default=None, help="model id or local folder for diffusion backends")
    p.add_argument("--steps", type=int, default=None, help="inference steps for diffusion backends")
    p.add_argument("--planner", choices=["offline", "llm"], default="offline",
                   help="plans the first turn; with llm, edits the rules cannot read go to the LLM")
    p.add_argument("--scene", type=Path, default=None, help="start from this Scene JSON file instead of a request")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--width", type=int, default=SIZE)
    p.add_argument("--height", type=int, default=SIZE)


def open_session(args: argparse.Namespace):
    """Create or resume the ChatSession the arguments describe (shared with ``scenecraft ui``)."""
    import time

    from agent.chat import SESSION_FILE, ChatSession
    from agent.commands.common import check_size_and_steps
    from agent.errors import ScenecraftError

    check_size_and_steps(args)
    if args.resume:
        if args.session is None:
            raise ScenecraftError("--resume needs --session DIR (the folder holding session.json)")
        if not (args.session / SESSION_FILE).exists():
            raise ScenecraftError(f"no session to resume in '{args.session}' (no {SESSION_FILE})")
        if args.scene is not None:
            raise ScenecraftError("--scene starts a new session; it cannot be combined with --resume")
        return ChatSession.load(args.session)
    folder = args.session or Path("scenecraft-sessions") / time.strftime("chat-%Y%m%d-%H%M%S")
    from agent.compiler import backend_names

    if args.backend not in backend_names():
        raise ScenecraftError(f"unknown backend '{args.backend}' (choose from: {', '.join(backend_names())})")
    scene = None
    if args.scene is not None:
        from agent.scene import Scene
        from agent.util.user_files import read_text_file

        scene = Scene.parse(read_text_file(args.scene, "--scene"))
    session = ChatSession(folder, backend=args.backend, seed=args.seed, width=args.width, height=args.height,
                          planner=args.planner, model=args.model, steps=args.steps)
    if scene is not None:
        session.start(scene, note=f"(scene loaded from {args.scene.name})")
    return session


def print_turn(console, session, turn) -> None:
    from rich.panel import Panel

    style = "red" if turn.kind == "error" else "green"
    console.print(Panel(turn.reply, title=f"turn {turn.index} · {turn.kind}", border_style=style, expand=False))
    for img in turn.images:
        console.print(f"image: {session.path(img)}")


def print_trace(console, session) -> None:
    import json

    from rich.table import Table

    turn = session.last_image_turn()
    if turn is None or turn.run_dir is None:
        console.print("no run yet")
        return
    trace = json.loads(session.path(turn.run_dir).joinpath("trace.json").read_text())
    table = Table(title=f"turn {turn.index} trace")
    for col in ("node", "plugin", "status", "cache hit", "seconds"):
        table.add_column(col)
    nodes = trace.get("nodes") or next(iter(trace.get("variants") or []), {}).get("nodes", [])  # n > 1: image_1's
    for r in nodes:
        table.add_row(r["node"], r["plugin"], r["status"], "yes" if r["cache_hit"] else "", f"{r['wall_s']:.3f}")
    console.print(table)


def send_live(console, session, message: str):  # noqa: ANN201 - a Turn (imported lazily)
    """``session.send`` with a spinner on a terminal saying which node runs and the diffusion step."""
    if not console.is_terminal:
        return send(session, message)
    from agent.chat.web_stream import RunStatus
    from agent.context import progress_listener

    state = RunStatus(message)
    executor, before = session.executor, session.executor.listener
    with console.status("starting", spinner="dots") as spinner:
        def show(event) -> None:  # noqa: ANN001 - a node event (dict) or a ProgressEvent
            state.add(event)
            spinner.update(state.line().replace("`", ""))

        executor.listener = show
        try:
            with progress_listener(show):
                return send(session, message)
        finally:
            executor.listener = before


def main(args: argparse.Namespace) -> int:
    from rich.console import Console

    session = open_session(args)
    console = Console()
    console.print(f"session: {session.folder}", style="dim")
    if args.message is not None or not sys.stdin.isatty():
        messages = args.message if args.message is not None else \
            [line for line in sys.stdin.read().splitlines() if line.strip()]
        failed = 0
        for msg in messages:
            turn = send(session, msg)
            failed += turn.kind == "error" or bool(turn.failed)
            print_turn(console, session, turn)
        return 1 if failed else 0
    if session.turns:
        current = session.scene.prompt if session.scene else "(none)"
        console.print(f"resumed: {len(session.turns)} turns; current scene: {current}")
    console.print(HELP, style="dim")
    while True:
        try:
            msg = console.input("[bold cyan]you> [/]").strip()
        except EOFError:
            break
        except UnicodeDecodeError as exc:  # a terminal sending bytes that are not UTF-8
            console.print(f"that line is not valid UTF-8 (byte {exc.start}); please type it again")
            continue
        if not msg:
            continue
        if msg in ("/quit", "/exit", "quit", "exit"):
            break
        if msg == "/help":
            console.print(HELP)
        elif msg == "/scene":
            console.print_json(session.scene.to_json() if session.scene else "null")
        elif msg == "/trace":
            print_trace(console, session)
        else:
            print_turn(console, session, send_live(console, session, msg))
    console.print(f"saved: {session.folder} (resume with: scenecraft chat --session {session.folder} --resume)")
    return 0
