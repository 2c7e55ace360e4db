"""A rich progress bar on stderr: rows done (of the total when known), rate, elapsed and time left;
silent with ``--quiet``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(description: str, quiet: bool, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n_rows)``. With a ``total`` (it may be an estimate) the bar shows the time left too;
    when the work ends below an over-estimated total, the bar is closed at the rows actually done."""
    if quiet:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    cols = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn()]
    if total:
        cols += [TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*cols, console=Console(stderr=True), transient=False) as prog:
        task = prog.add_task(description, total=total or None, rate="–")

        def advance(n: int) -> None:
            t = prog.tasks[task]
            if t.total is not None and t.completed + n > t.total:  # the estimate was low: keep the bar honest
                prog.update(task, total=t.completed + n)
            prog.advance(task, n)
            if t.elapsed:
                prog.update(task, rate=f"{t.completed / t.elapsed:,.0f}")

        try:
            yield advance
        finally:
            t = prog.tasks[task]
            if t.total is not None and t.completed < t.total:
                prog.update(task, total=t.completed)
