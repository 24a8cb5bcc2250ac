"""Checks shared by the subcommands (run, plan, batch, chat): one wording for one mistake."""

from __future__ import annotations

import argparse

from agent.errors import ScenecraftError


def check_size(args: argparse.Namespace) -> None:
    """``--width``/``--height`` (when given) within 8..8192."""
    for name in ("width", "height"):
        v = getattr(args, name)
        if v is not None and not 8 <= v <= 8192:
            raise ScenecraftError(f"--{name} {v} is outside 8..8192")


def check_size_and_steps(args: argparse.Namespace) -> None:
    """``--width``/``--height`` within 8..8192 and ``--steps`` at least 1, before any work starts."""
    check_size(args)
    if args.steps is not None and args.steps < 1:
        raise ScenecraftError(f"--steps {args.steps} must be at least 1")
