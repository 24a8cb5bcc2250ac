"""The ``scenecraft`` command. Subcommands live in ``agent/commands/<name>.py``; each module defines
``add_parser(subparsers)`` and ``main(args) -> int``. Heavy libraries are imported inside ``main`` only,
so ``scenecraft --help`` stays fast.

User errors (:class:`ScenecraftError`) print one line and exit 2; a run whose nodes failed exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import warnings

from agent import __version__

# Order here is the order in --help.
COMMANDS: tuple[str, ...] = ("run", "plan", "eval", "plugins", "inspect", "models", "batch", "chat", "ui", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenecraft", description="Plan, generate, check and repair images.")
    parser.add_argument("--version", action="version", version=f"scenecraft {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details (tracebacks) to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"agent.commands.{name.replace('-', '_')}").add_parser(sub)
    return parser


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Warnings (a planner's guess, say) reach a CLI user as ``warning: ...``, not as a source location."""
    print(f"warning: {message}", file=file or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from agent.errors import ScenecraftError

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
        return int(args.func(args) or 0)
    except ScenecraftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
