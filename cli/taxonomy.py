"""``npslens taxonomy fit | fits``: fine-tune the encoder on a few-shot taxonomy's examples; list the fits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(help="Fit a few-shot taxonomy (fine-tune the encoder on its examples) and list the fits.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
out = Console(soft_wrap=True)
FitsDirOpt = Annotated[Path | None, typer.Option("--fits-dir", help="Where fits are written and listed (default: "
                                                 "<models dir>/fits, i.e. $NPSLENS_MODELS_DIR/fits or models/fits, "
                                                 "the only place classify, analyze and serve look for them).")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error[/]: {escape(message)}", highlight=False)
    return typer.Exit(code)


@app.command("fit")
def fit_cmd(
    taxonomy: Annotated[Path, typer.Argument(help="Taxonomy YAML/JSON whose themes have examples (ideally 8 or "
                                             "more each).")],
    model: Annotated[str | None, typer.Option("--model", help="Model folder or registry version (default: the "
                                              "champion); the fit serves every model whose few-shot head reads "
                                              "the same encoder.")] = None,
    steps: Annotated[int, typer.Option("--steps", min=1, max=5000, help="Training steps.")] = 150,
    max_seconds: Annotated[float, typer.Option("--max-seconds", min=1, help="Stop at this wall time (the steps "
                                               "done are kept).")] = 120.0,
    threads: Annotated[int, typer.Option("--threads", min=1, help="torch threads.")] = 2,
    fits_dir: FitsDirOpt = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing fit of this taxonomy.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or log.")] = False,
    progress_lines: Annotated[bool, typer.Option("--progress-lines", hidden=True, help="Instead of the bar, print "
                                                 "'step DONE TOTAL' lines on stdout (the API's fit jobs read them).")
                              ] = False,
) -> None:
    """Fine-tune the encoder the few-shot head reads on TAXONOMY's examples (≈40 s on 2 cores) and store the fit.

    From then on, classify/analyze/serve with this exact taxonomy (same themes, descriptions and examples) use it
    automatically; editing the taxonomy makes it a new one (fit it again). Needs torch (pip install -e '.\\[torch]').
    Measured gain: docs/benchmarks.md, section AA.
    """
    from nlp.artifacts.fit import check_fittable
    from nlp.errors import NPSLensError
    from nlp.pipeline import Analyzer
    from nlp.taxonomy import load_taxonomy
    from training.taxonomy_fit import FitConfig, fit_taxonomy

    try:
        tax = load_taxonomy(taxonomy)
        check_fittable(tax)
        analyzer = Analyzer.load(model, threads=threads)
        cfg = FitConfig(steps=steps, max_seconds=max_seconds, threads=threads)
        if progress_lines:
            done = [0]

            def step(n: int) -> None:
                done[0] += n
                out.file.write(f"step {done[0]} {steps}\n")
                out.file.flush()

            fit = fit_taxonomy(analyzer, tax, cfg, root=fits_dir, overwrite=overwrite, log=lambda m: None,
                               on_step=step)
        elif quiet:
            fit = fit_taxonomy(analyzer, tax, cfg, root=fits_dir, overwrite=overwrite, log=lambda m: None)
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(TextColumn("fitting {task.description}"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("steps"), TimeElapsedColumn(), console=err) as prog:
                task = prog.add_task(tax.name, total=steps)
                fit = fit_taxonomy(analyzer, tax, cfg, root=fits_dir, overwrite=overwrite,
                                   log=lambda m: prog.console.print(m, highlight=False, markup=False),
                                   on_step=lambda n: prog.advance(task, n))
    except NPSLensError as e:
        raise _fail(str(e)) from None
    out.print(str(fit.path), highlight=False)


@app.command("fits")
def fits_cmd(
    fits_dir: FitsDirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the fits as JSON.")] = False,
) -> None:
    """The stored taxonomy fits, newest first (delete a folder to stop using its fit)."""
    from nlp.artifacts.fit import list_fits
    from training.taxonomy_fit import describe

    rows = [describe(f) for f in list_fits(fits_dir)]
    if as_json:
        out.print_json(json.dumps(rows))
        return
    if not rows:
        err.print("no taxonomy fits yet; make one with: npslens taxonomy fit TAXONOMY.yaml", highlight=False)
        return
    table = Table("taxonomy", "fingerprint", "examples", "steps", "seconds", "fitted with", "created", "path")
    for r in rows:
        table.add_row(r["taxonomy"], r["fingerprint"], str(r["examples"]), str(r["steps"]), str(r["seconds"]),
                      f"{r['base_model'].get('name')} {r['base_model'].get('version')}", r["created"], r["path"])
    out.print(table)
