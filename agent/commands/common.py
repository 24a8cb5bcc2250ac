"""Checks shared by the subcommands (run, plan, batch, chat): one wording for one mistake."""

from __future__ import annotations

import argparse

from agent.errors import ScenecraftError

SEED_MAX = 2**63 - 1  # what a batch line and the server take; torch generators need it to fit in int64


def check_size(args: argparse.Namespace) -> None:
    """``--width``/``--height`` (when given) within 8..8192, and ``--seed`` within 0..2**63-1 (a batch
    line and the server refuse a negative seed; the command line says so the same way)."""
    seed = getattr(args, "seed", None)
    if seed is not None and not 0 <= seed <= SEED_MAX:
        raise ScenecraftError(f"--seed {seed} is outside 0..{SEED_MAX}")
    for name in ("width", "height"):
        v = getattr(args, name)
        if v is not None and not 8 <= v <= 8192:
            raise ScenecraftError(f"--{name} {v} is outside 8..8192")


def check_size_and_steps(args: argparse.Namespace) -> None:
    """``--width``/``--height`` within 8..8192 and ``--steps`` at least 1, before any work starts."""
    check_size(args)
    if args.steps is not None and args.steps < 1:
        raise ScenecraftError(f"--steps {args.steps} must be at least 1")
