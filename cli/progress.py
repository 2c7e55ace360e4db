"""A rich progress bar on stderr (rows, rate, elapsed); silent with ``--quiet`` or when not a terminal in CI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(description: str, quiet: bool, total: int | None = None) -> Iterator[Callable[[int], None]]:
    if quiet:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    cols = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn()]
    with Progress(*cols, console=Console(stderr=True), transient=False) as prog:
        task = prog.add_task(description, total=total, rate="–")

        def advance(n: int) -> None:
            prog.advance(task, n)
            t = prog.tasks[task]
            if t.elapsed:
                prog.update(task, rate=f"{t.completed / t.elapsed:,.0f}")

        yield advance
