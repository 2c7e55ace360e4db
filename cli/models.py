"""``npslens models list | show | promote | rollback``: the registry from the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from lifecycle.gate import GateResult

app = typer.Typer(help="List, inspect, promote and roll back model versions (models/registry.json).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
out = Console(soft_wrap=True)
SHORT = {"sentiment_macro_f1": "sent F1", "theme_micro_f1": "theme µF1", "theme_sentiment_accuracy": "theme-sent acc"}


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error[/]: {message}", highlight=False)
    return typer.Exit(code)


def _f(v: Any) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


@app.command("list")
def list_models(as_json: Annotated[bool, typer.Option("--json", help="Print the registry as JSON.")] = False) -> None:
    """Every registered version with its headline metrics; ★ marks the champion."""
    from nlp.artifacts.registry_file import load_registry, models_root
    from nlp.errors import NPSLensError

    try:
        reg = load_registry()
    except NPSLensError as e:
        raise _fail(str(e)) from None
    if as_json:
        out.print_json(reg.model_dump_json())
        return
    t = Table(title=f"models in {models_root()}", title_justify="left")
    for col in ("", "version", "name", "created", "taxonomy", "base", *SHORT.values()):
        t.add_column(col)
    for m in sorted(reg.models, key=lambda m: tuple(int(x) for x in m.version.split("."))):
        t.add_row("★" if m.version == reg.champion else "", m.version, m.name, (m.created or "")[:16],
                  f"{m.taxonomy or '?'} ({m.themes or '?'})", m.base or "", *(_f(m.headline.get(k)) for k in SHORT))
    out.print(t)
    if reg.eval_set:
        out.print(f"promote gate: fixed evaluation set {reg.eval_set.path}, tolerance {reg.gate.tolerance}")


@app.command()
def show(version: Annotated[str, typer.Argument(help="Version (or name-version).")]) -> None:
    """A version's metadata, metrics (against its base model when retrained) and history."""
    from nlp.artifacts.folder import read_artifact
    from nlp.artifacts.registry_file import load_registry, model_dir
    from nlp.errors import NPSLensError

    try:
        reg = load_registry()
        e = reg.entry(version)
        art = read_artifact(model_dir(e), verify=False)
    except NPSLensError as ex:
        raise _fail(str(ex)) from None
    m = art.metrics
    out.print(f"[bold]{e.name} {e.version}[/]{' ★ champion' if reg.champion == e.version else ''}")
    out.print(f"folder {model_dir(e)}\ncreated {art.meta.created}; encoder {art.meta.base_encoder}; taxonomy "
              f"{art.taxonomy.name} ({len(art.taxonomy.themes)} themes, {art.meta.taxonomy_fingerprint})"
              + (f"; retrained from {e.base}" if e.base else ""), highlight=False)
    t = Table(title="headline metrics" + (f" on {m['eval']['name']} ({m['eval']['n']})" if "eval" in m else ""),
              title_justify="left")
    t.add_column("metric")
    t.add_column("value", justify="right")
    comp = m.get("comparison", {})
    if comp:
        t.add_column(f"base {m.get('base_model', {}).get('version', '')}", justify="right")
        t.add_column("Δ", justify="right")
    for k, v in e.headline.items():
        extra = [_f(comp[k].get("base")), _f(comp[k].get("delta"))] if k in comp else []
        t.add_row(k, _f(v), *extra)
    out.print(t)
    events = [h for h in reg.history if e.version in (h.version, h.previous)]
    for h in events:
        out.print(f"{h.at}  {h.action:<8} {h.version} (was {h.previous or '-'}){' FORCED' if h.forced else ''}"
                  f"{' — ' + h.note if h.note else ''}", highlight=False)
    out.print(f"model card: {model_dir(e) / 'README.md'}", highlight=False)


def print_gate(result: GateResult) -> None:
    t = Table(title=f"promote gate: {result.challenger} vs champion {result.champion} on {result.eval_set} "
              f"({result.n} comments, tolerance {result.tolerance})", title_justify="left")
    for col in ("metric", "champion", "challenger", "Δ"):
        t.add_column(col, justify="left" if col == "metric" else "right")
    for metric, a, b, d in result.rows:
        style = "red" if d is not None and d < -result.tolerance else "green" if d and d > 0 else ""
        t.add_row(metric, _f(a), _f(b), f"[{style}]{_f(d)}[/]" if style else _f(d))
    err.print(t)
    for n in result.notes:
        err.print(f"note: {n}", highlight=False)


@contextmanager
def gate_progress(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """The gate's ``progress(done, total)`` as a bar on stderr, opened at its first report (none when the gate
    evaluates nothing, or with ``quiet``)."""
    from cli.progress import progress_bar

    with ExitStack() as stack:
        bar: list[Callable[[int], None]] = []
        shown = [0]

        def progress(done: int, total: int) -> None:
            if not bar:
                bar.append(stack.enter_context(progress_bar("promote gate: examples evaluated", quiet, total)))
            bar[0](done - shown[0])
            shown[0] = done

        yield progress


@app.command("promote")
def promote_cmd(
    version: Annotated[str, typer.Argument(help="Version to make the champion.")],
    force: Annotated[bool, typer.Option("--force", help="Promote even when the gate refuses (recorded as "
                                        "forced).")] = False,
    tolerance: Annotated[float | None, typer.Option("--tolerance", min=0, max=1, help="Largest drop allowed per "
                                                    "headline metric (default: the registry's gate.tolerance, "
                                                    "0.01).")] = None,
    eval_data: Annotated[Path | None, typer.Option("--eval-data", help="Labelled file to compare on instead of "
                                                   "the registry's fixed evaluation set.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar for the gate's evaluation.")] = False,
) -> None:
    """Make VERSION the champion if it is not worse than the current one on the fixed evaluation set.

    A running server keeps its model: promote through POST /v1/models/{version}/promote to hot-reload it.
    """
    from lifecycle.registry import GateRefusedError, promote
    from nlp.errors import NPSLensError

    try:
        with gate_progress(quiet) as progress:
            result = promote(version, force=force, tolerance=tolerance, eval_data=eval_data, progress=progress)
    except GateRefusedError as e:
        print_gate(e.result)
        raise _fail(str(e) + " (--force)", code=1) from None
    except NPSLensError as e:
        raise _fail(str(e)) from None
    if result.rows:
        print_gate(result)
    if not result.ok:
        err.print(f"[yellow]forced[/]: {'; '.join(result.reasons)}", highlight=False)
    out.print(f"champion is now {version}", highlight=False)


@app.command("rollback")
def rollback_cmd() -> None:
    """Restore the champion that the last promote replaced (no gate).

    A running server keeps its model: roll back through POST /v1/models/rollback to hot-reload it.
    """
    from lifecycle.registry import rollback
    from nlp.errors import NPSLensError

    try:
        restored, previous = rollback()
    except NPSLensError as e:
        raise _fail(str(e)) from None
    out.print(f"champion is now {restored} (was {previous})", highlight=False)
