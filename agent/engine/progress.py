"""The executor's progress bar: rich on stderr, or nothing when off or not a terminal."""

from __future__ import annotations


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
            yield lambda nid: p.update(task, advance=1, description=f"node {nid}")

    return bar()
