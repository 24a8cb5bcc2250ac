"""The ``scenecraft`` command. Subcommands live in ``agent/commands/<name>.py``; each module defines
``add_parser(subparsers)`` and ``main(args) -> int``. Heavy libraries are imported inside ``main`` only,
so ``scenecraft --help`` stays fast.

User errors (:class:`ScenecraftError`) print one line and exit 2; a run whose nodes failed exits 1.
Any other exception is a bug: one ``error: internal error ...`` line and exit 1 (the traceback only with
``--debug`` or ``SCENECRAFT_DEBUG=1``). A closed pipe (``scenecraft inspect X | head``) ends quietly.
Arguments that are not valid UTF-8 are rejected naming the argument (see ``agent.errors.check_text``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import warnings
from pathlib import PurePath

from agent import __version__

# Order here is the order in --help.
COMMANDS: tuple[str, ...] = ("run", "plan", "eval", "plugins", "inspect", "models", "batch", "chat", "ui", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenecraft", description="Plan, generate, check and repair images.")
    parser.add_argument("--version", action="version", version=f"scenecraft {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details (tracebacks) to stderr")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an internal error (or set SCENECRAFT_DEBUG=1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"agent.commands.{name.replace('-', '_')}").add_parser(sub)
    return parser


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Warnings (a planner's guess, say) reach a CLI user as ``warning: ...``, not as a source location."""
    print(f"warning: {message}", file=file or sys.stderr)


_ARG_LABELS = {"from_png": "--from", "critics": "--critic"}  # dest names that differ from the option


def check_arguments(args: argparse.Namespace) -> None:
    """Every text or path argument is valid UTF-8 (argv holds undecodable bytes as surrogates)."""
    from agent.errors import check_text

    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (str, PurePath)):
                label = _ARG_LABELS.get(name) or (name.upper() if name in ("prompt", "instruction", "image")
                                                  else "--" + name.replace("_", "-"))
                check_text(str(item), label)


def _debug(args: argparse.Namespace | None) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("SCENECRAFT_DEBUG", "") not in ("", "0")


def _quiet_broken_pipe() -> int:
    """stdout's reader left (``| head``): point stdout at /dev/null so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a process killed by a closed pipe


def main(argv: list[str] | None = None) -> int:
    from agent.errors import ScenecraftError, one_line

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.verbose:
        warnings.showwarning = _one_line_warning
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.command:
        parser.print_help()
        return 2
    try:
        check_arguments(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except ScenecraftError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except Exception as exc:  # a bug, not the user's fault: one line unless asked for the traceback
        if _debug(args):
            raise
        where = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        print(f"error: internal error ({one_line(where, 200)}); rerun with --debug for the traceback",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
