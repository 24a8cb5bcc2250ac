"""The executor's progress bar: rich on stderr, or nothing when off or not a terminal.

Under the node bar a second line follows the running node's denoising steps: the bar installs a
``progress_listener`` (agent/context.py) for the run, and passes each event on to any listener that was
already set (a server's), so both see every step.
"""

from __future__ import annotations

from typing import Any

from agent.context import ProgressEvent, ProgressFn, current_listener, progress_listener


class _NoProgress:
    def __enter__(self):
        return lambda nid: None

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(enabled: bool | None, total: int):
    """A rich progress bar on stderr (lazy import; off when not a terminal unless forced)."""
    from rich.console import Console

    console = Console(stderr=True)
    if enabled is False or (enabled is None and not console.is_terminal) or total == 0:
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=True) as p:
            task = p.add_task("running", total=total)
            steps = p.add_task("steps", total=1, visible=False)

            def advance(nid: str) -> None:
                p.update(task, advance=1, description=f"node {nid}")
                p.update(steps, visible=False)

            with progress_listener(step_listener(p, steps, current_listener())):
                yield advance

    return bar()


def step_bar(console: Any):  # noqa: ANN201 - a context manager yielding a ProgressFn
    """A rich bar of denoising steps alone (``ctx.progress`` events), for benches and tools."""
    from contextlib import contextmanager

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=True) as p:
            yield step_listener(p, p.add_task("steps", total=1, visible=False))

    return bar()


def step_listener(p: Any, task: Any, outer: ProgressFn | None = None) -> ProgressFn:
    """Show each ``ProgressEvent`` in ``task`` of the rich Progress ``p``, then pass it on to ``outer``."""

    def on_step(ev: ProgressEvent) -> None:
        if ev.total:
            p.update(task, completed=ev.step, total=ev.total, description=f"  {ev.node} step", visible=True)
        if outer is not None:
            outer(ev)

    return on_step
