"""What training prints: progress bars, the validation report and the metrics table (rich, on stderr)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table

from training.checks import ValidationReport

Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]
LABELS = {"sentiment_accuracy": "sentiment accuracy", "sentiment_macro_f1": "sentiment macro-F1",
          "theme_micro_f1": "theme micro-F1", "theme_macro_f1": "theme macro-F1",
          "theme_sentiment_accuracy": "theme-sentiment accuracy"}


@contextmanager
def no_progress(description: str, total: int) -> Iterator[Callable[[int], None]]:
    yield lambda n: None


def rich_progress(console: Console) -> Progress:
    """A :data:`Progress` factory drawing rich bars (items, rate, elapsed) on ``console``."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    @contextmanager
    def bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
        with RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=console, transient=False) as prog:
            task = prog.add_task(description, total=total)
            yield lambda n: prog.advance(task, n)

    return bar


def print_validation(report: ValidationReport, console: Console) -> None:
    s = report.summary
    if s:
        console.print(f"[bold]data[/]: {s.get('rows_read')} rows read, {s.get('rows_used')} used "
                      f"({', '.join(f'{k} {v}' for k, v in s.get('by_source', {}).items())}); sentiment "
                      f"{s.get('sentiment')}; languages {s.get('languages')}")
        t = Table(title="examples per theme", title_justify="left")
        for col in ("theme", "new data", "base data", "total"):
            t.add_column(col, justify="left" if col == "theme" else "right")
        new, base = s.get("themes_new_data", {}), s.get("themes_base_data", {})
        for tid in new:
            t.add_row(tid, str(new[tid]), str(base.get(tid, 0)), str(new[tid] + base.get(tid, 0)))
        console.print(t)
    if not report.issues:
        console.print("[green]validation: no problems[/]")
        return
    t = Table(title="validation", title_justify="left", show_lines=False)
    for col in ("level", "code", "problem", "where"):
        t.add_column(col, overflow="fold")
    for i in report.issues:
        where = ", ".join(i.where[:5]) + (f" (+{len(i.where) - 5})" if len(i.where) > 5 else "")
        t.add_row("[red]error[/]" if i.level == "error" else "[yellow]warning[/]", i.code, i.message, where)
    console.print(t)


def _fmt(v: Any) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def metrics_table(metrics: dict[str, Any], title: str = "evaluation") -> Table:
    """Headline metrics of the new model next to the base model's on the same data, with the difference."""
    base = metrics.get("base_model", {})
    t = Table(title=f"{title}: {metrics.get('eval', {}).get('name', '')} ({metrics.get('eval', {}).get('n', '?')} "
              f"comments)", title_justify="left")
    t.add_column("metric")
    t.add_column("new", justify="right")
    t.add_column(f"base {base.get('version', '')}", justify="right")
    t.add_column("Δ", justify="right")
    for key, row in metrics.get("comparison", {}).items():
        d = row.get("delta")
        style = "" if d is None or abs(d) < 0.005 else "green" if d > 0 else "red"
        t.add_row(LABELS.get(key, key), _fmt(row.get("new")), _fmt(row.get("base")),
                  f"[{style}]{d:+.3f}[/]" if d is not None and style else _fmt(d))
    t.add_row("sentiment ECE", _fmt(metrics.get("sentiment", {}).get("ece")),
              _fmt(base.get("sentiment", {}).get("ece")), "")
    return t


def per_theme_table(metrics: dict[str, Any]) -> Table:
    t = Table(title="per theme (new model)", title_justify="left")
    for col in ("theme", "precision", "recall", "F1", "base F1", "support"):
        t.add_column(col, justify="left" if col == "theme" else "right")
    base = metrics.get("base_model", {}).get("themes", {}).get("per_theme", {})
    for tid, m in metrics.get("themes", {}).get("per_theme", {}).items():
        if not m["support"] and not m["precision"]:
            continue  # not in the evaluation data and never predicted there
        t.add_row(tid, _fmt(m["precision"]), _fmt(m["recall"]), _fmt(m["f1"]), _fmt(base.get(tid, {}).get("f1")),
                  str(m["support"]))
    return t


def print_metrics(metrics: dict[str, Any], console: Console) -> None:
    console.print(per_theme_table(metrics))
    console.print(metrics_table(metrics))
    bt = metrics.get("base_test")
    if bt:
        t = Table(title=f"no forgetting / promote preview: {bt['name']} ({bt['n']} comments)", title_justify="left")
        for col in ("metric", "new", "base", "Δ"):
            t.add_column(col, justify="left" if col == "metric" else "right")
        for k in LABELS:
            a, b = bt["new"].get(k), bt["base"].get(k)
            t.add_row(LABELS[k], _fmt(a), _fmt(b), "—" if a is None or b is None else f"{a - b:+.3f}")
        console.print(t)
    console.print(f"wall time {metrics.get('train_seconds')} s, peak RSS {metrics.get('peak_rss_mb')} MB; "
                  f"heads kept from the base model: {', '.join(metrics.get('kept_heads', [])) or 'none'}")
