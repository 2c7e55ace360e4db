"""``npslens`` — analyse NPS comments from the command line.

Each command is a thin wrapper: parse options, call ``nlp`` (or ``api``/``training``), print.
Errors from the library become one ``error: …`` line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from nlp.encoders.backends import BACKENDS

app = typer.Typer(
    name="npslens",
    help="NPS Lens: sentiment, themes and NPS drivers from survey comments. Runs offline on CPU.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TextColumn = Annotated[str, typer.Option("--text-column", help="Column holding the comment text.")]
IdColumn = Annotated[str | None, typer.Option("--id-column", help="Column copied to each result as 'id'.")]
TaxonomyOpt = Annotated[Path | None, typer.Option("--taxonomy", help="Customer taxonomy YAML/JSON (zero-/few-shot; "
                                                  "default: the model's own 18-theme taxonomy).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model folder or registry version "
                                              "(default: the champion in models/registry.json).")]
FormatOpt = Annotated[str | None, typer.Option("--format", help="Input format: csv, jsonl, parquet or xlsx "
                                               "(default: from the file extension; csv for '-'). Qualtrics and "
                                               "SurveyMonkey exports are detected from their header rows.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


# How the encoder runs (``nlp.encoders.use.encoder``); all give the same labels within 0.5 points.
Backend = StrEnum("Backend", [(name.replace("-", "_"), name) for name in BACKENDS])  # type: ignore[misc]


BackendOpt = Annotated[Backend | None, typer.Option("--backend", help="Encoder backend: onnx-int8 (fast CPU), "
                                                    "onnx (float32), numpy (reference), torch (CUDA fp16 when "
                                                    "available; pip install 'npslens\\[torch]'). Default: the "
                                                    "model's own (onnx-int8 for the shipped model).")]


class Engine(StrEnum):
    """Where ``classify`` scores and ``analyze`` scores and aggregates: in this process or on Ray."""

    local = "local"
    ray = "ray"


def _ray_address_option(example: str) -> Any:
    """``--ray-address``; ``example`` is the command's non-'auto' address form (analyze cannot use Ray Client)."""
    return typer.Option("--ray-address", help=f"--engine ray: an existing cluster ('auto', '{example}'; default "
                                              "$RAY_ADDRESS, else a local Ray is started).")


# the engine options of classify and analyze: same flags and types, help worded per command
ClassifyEngineOpt = Annotated[Engine, typer.Option("--engine", help="Where to score: 'local' (this process) or 'ray' "
                                                   "(Ray Data actors; pip install 'npslens\\[ray]'); same output row "
                                                   "for row.")]
AnalyzeEngineOpt = Annotated[Engine, typer.Option("--engine", help="Where to score and aggregate: 'local' (this "
                                                  "process) or 'ray' (Ray workers score chunks and return partial "
                                                  "aggregates that are merged here; same report numbers; "
                                                  "docs/scaling.md).")]
ClassifyRayAddressOpt = Annotated[str | None, _ray_address_option("ray://HOST:10001")]
AnalyzeRayAddressOpt = Annotated[str | None, _ray_address_option("HOST:6379")]
NumWorkersOpt = Annotated[int | None, typer.Option("--num-workers", min=1, help="--engine ray: actors, one model "
                                                   "load each (default: one per core / cluster CPU).")]


def _ray_only(engine: Engine, flags: dict[str, object]) -> None:
    """Refuse ``--engine ray``-only flags (``{flag: value}``, ``None`` = not given) with another engine."""
    if engine is not Engine.ray:
        for name, value in flags.items():
            if value is not None:
                raise typer.BadParameter(f"{name} needs --engine ray", param_hint=name)


@app.callback()
def _root() -> None:
    """NPS Lens: sentiment, themes and NPS drivers from survey comments. Runs offline on CPU."""


def fail(message: str) -> typer.Exit:
    """Print one clear error line and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


@app.command()
def classify(
    input: Annotated[str | None, typer.Argument(help="CSV, JSONL, Parquet or XLSX file; '-' reads stdin. "
                                                "Omit it with --text.")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="Column holding the comment text "
                                                    "(needed with INPUT).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="File to write: JSONL, or .csv / .parquet "
                                               "by extension; '-' writes JSONL to stdout; s3://, gs:// … URIs "
                                               "work too (needed with INPUT; stdout by default with --text).")
                      ] = None,
    text: Annotated[list[str] | None, typer.Option("--text", help="A comment to classify instead of an input file; "
                                                   "repeat for several. Prints one JSON line per comment.")] = None,
    id_column: IdColumn = None,
    taxonomy: TaxonomyOpt = None,
    model: ModelOpt = None,
    input_format: FormatOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=4096, help="Comments per batch.")] = 256,
    engine: ClassifyEngineOpt = Engine.local,
    ray_address: ClassifyRayAddressOpt = None,
    num_workers: NumWorkersOpt = None,
    gpu: Annotated[bool, typer.Option("--gpu", help="--engine ray: give each actor one GPU.")] = False,
    output_format: Annotated[str | None, typer.Option(
        "--output-format", help="--engine ray: 'parquet-dir' or 'jsonl-dir' write --output as a folder of parts "
        "(workers read and write in parallel; _manifest.json last). An --output ending in '/' or naming an existing "
        "folder means parquet-dir.")] = None,
    backend: BackendOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Classify every comment: sentiment (+ mixed), themes with their own sentiment and evidence.

    Writes one JSON object per input data row, in input order:
    {"row", "id", "sentiment": {"label", "scores", "mixed"}, "themes": [...], "skipped"}.
    Empty or non-text rows appear with "skipped" set and a null sentiment.

    --engine ray runs the same analyzer on Ray Data actors (docs/scaling.md); the output is identical. With a
    folder output (-o results/ or --output-format parquet-dir|jsonl-dir) the workers read the input (a file,
    folder, glob or URI) and write the parts; _manifest.json is written last.
    --text "…" (repeatable) classifies the given comments without an input file: one JSON line each, row 0, 1 ….
    """
    if text is not None:
        if input is not None or text_column is not None or id_column is not None or input_format is not None:
            raise typer.BadParameter("--text classifies the given comments: leave out INPUT, --text-column, "
                                     "--id-column and --format", param_hint="--text")
        if engine is Engine.ray:
            raise typer.BadParameter("--text runs locally; leave out --engine ray", param_hint="--text")
    elif input is None or text_column is None or output is None:
        missing = "INPUT" if input is None else "--text-column" if text_column is None else "--output"
        raise typer.BadParameter(f"{missing} is needed (or classify comments given with --text)",
                                 param_hint=missing)
    _ray_only(engine, {"--ray-address": ray_address, "--num-workers": num_workers, "--gpu": gpu or None,
                       "--output-format": output_format})
    if engine is not Engine.ray and output and output != "-" and (output.endswith("/") or Path(output).is_dir()):
        from batch.ray_folder import local_folder_hint

        raise typer.BadParameter(local_folder_hint(output), param_hint="--output")
    from batch.classify import classify_texts
    from cli.classify import note, run_classify
    from nlp.errors import NPSLensError

    try:
        if text is not None:
            classify_texts(text, output=output or "-", taxonomy=taxonomy, model=model,
                           backend=backend.value if backend else None, note=None if quiet else note)
            return
        assert input is not None and text_column is not None and output is not None  # checked above
        run_classify(input, text_column=text_column, output=output, id_column=id_column, taxonomy=taxonomy,
                     model=model, input_format=input_format, batch_size=batch_size, quiet=quiet, engine=engine.value,
                     ray_address=ray_address, num_workers=num_workers, gpu=gpu,
                     backend=backend.value if backend else None, output_format=output_format)
    except NPSLensError as err:
        raise fail(str(err)) from None
    except BrokenPipeError:
        sys.stderr.close()
    except KeyboardInterrupt:
        raise fail("interrupted") from None


@app.command()
def analyze(
    input: Annotated[str, typer.Argument(help="Survey export: CSV, JSONL, Parquet or XLSX (by extension, or "
                                         "--format); Qualtrics / SurveyMonkey header rows are detected; '-' "
                                         "reads CSV from stdin.")],
    text_column: TextColumn,
    score_column: Annotated[str, typer.Option("--score-column", help="Column holding the 0–10 "
                                              "likelihood-to-recommend score.")],
    output_dir: Annotated[Path, typer.Option("--output-dir", help="Folder for report.html, report.json, "
                                             "comments.csv, themes.csv, segments.csv, trends.csv, rejects.csv.")],
    id_column: IdColumn = None,
    segment_column: Annotated[list[str] | None, typer.Option(
        "--segment-column", help="Column to break NPS and themes down by (channel, region, journey stage …); "
        "repeat the option for several.")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Column holding each response's "
                                                    "date (ISO 8601 preferred) for trends.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Trend period: month, quarter or week "
                                               "(default month; needs --date-column).")] = None,
    taxonomy: TaxonomyOpt = None,
    model: ModelOpt = None,
    input_format: FormatOpt = None,
    day_first: Annotated[bool, typer.Option("--day-first", help="Read slash dates as day/month/year "
                                            "(05/04/2026 = 5 April); needed when the file's order is ambiguous.")
                         ] = False,
    month_first: Annotated[bool, typer.Option("--month-first", help="Read slash dates as month/day/year "
                                              "(05/04/2026 = 4 May).")] = False,
    classified: Annotated[str | None, typer.Option(
        "--classified", help="Use this `npslens classify` output (JSONL, Parquet or CSV, by extension, or a "
        "folder output with its _manifest.json) for the "
        "INPUT survey instead of running the model; rows are matched by --id-column when given, else by row "
        "order. No model is loaded: --taxonomy or --model only name the themes (default: the champion's).")] = None,
    backend: BackendOpt = None,
    engine: AnalyzeEngineOpt = Engine.local,
    ray_address: AnalyzeRayAddressOpt = None,
    num_workers: NumWorkersOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Batch theme report: NPS with 95% CI, theme drivers and their impact, segments, trends, quotes, emerging themes.

    Every input row ends up in comments.csv (valid 0–10 score; counted for NPS, with or without a comment)
    or in rejects.csv (with the reason: score missing, score not an integer 0–10, date missing/unparsable).
    The input is streamed in chunks (memory stays flat as it grows); a progress bar shows rate and time left.
    """
    from cli.analyze import analyze_command, print_summary
    from nlp.errors import NPSLensError

    if day_first and month_first:
        raise typer.BadParameter("pass one of --day-first and --month-first, not both", param_hint="--day-first")
    _ray_only(engine, {"--ray-address": ray_address, "--num-workers": num_workers})
    try:
        report = analyze_command(input, text_column=text_column, score_column=score_column, id_column=id_column,
                             segment_columns=segment_column or [], date_column=date_column, period=period,
                             taxonomy=taxonomy, model=model, output_dir=output_dir, quiet=quiet,
                             classified=classified, backend=backend.value if backend else None,
                             input_format=input_format,
                             date_order="day-first" if day_first else "month-first" if month_first else None,
                             **({"engine": "ray", "ray_address": ray_address, "num_workers": num_workers}
                                if engine is Engine.ray else {}))
    except NPSLensError as err:
        raise fail(str(err)) from None
    except OSError as err:  # disk full, permission denied … on the input or the output folder
        raise fail(f"{err.filename or output_dir}: {err.strerror or err}") from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    except Exception as err:  # a bug, not bad input: still one line; NPSLENS_DEBUG=1 shows the traceback
        if os.environ.get("NPSLENS_DEBUG"):
            raise
        raise fail(f"unexpected {type(err).__name__}: {err} (set NPSLENS_DEBUG=1 for details and report it)") \
            from None
    if not quiet:
        print_summary(report, output_dir)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Interface to bind (default NPSLENS_HOST or 127.0.0.1). "
                                             "Without NPSLENS_API_KEYS only loopback is allowed.")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="TCP port (default NPSLENS_PORT "
                                             "or 8000).")] = None,
    model: ModelOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Run the HTTP API: /v1/classify, taxonomies, report jobs, feedback, /health, /ready, /metrics.

    Settings come from NPSLENS_* environment variables or .env (see docs/api.md): database URL, API keys,
    limits, webhook. Stops gracefully on Ctrl-C / SIGTERM.
    """
    from pydantic import ValidationError

    from api.core.security import UnsafeBindError
    from cli.serve import run_serve

    try:
        run_serve(host=host, port=port, model=model, backend=backend.value if backend else None)
    except UnsafeBindError as err:
        raise fail(str(err)) from None
    except ValidationError as err:
        raise fail(f"bad NPSLENS_* setting: {err}") from None


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", help="Labelled JSONL/CSV ({text, sentiment, themes}; the "
                                             "/v1/feedback export as is). Repeat for several files.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="New model folder (default: "
                                                "<models>/<name>-<version>, registered as a challenger).")] = None,
    taxonomy: Annotated[Path | None, typer.Option("--taxonomy", help="Taxonomy YAML to train (default: the base "
                                                  "model's); new theme ids or labels bump the major version.")] = None,
    base_model: Annotated[str, typer.Option("--base-model", help="Folder, registry version or 'default' (the "
                                            "champion) to warm-start from. From 200 labelled rows its encoder "
                                            "is fine-tuned on them (config: encoder_finetune).")] = "default",
    config: Annotated[Path | None, typer.Option("--config", help="Training config TOML "
                                                "(training/configs/…).")] = None,
    eval_data: Annotated[Path | None, typer.Option("--eval-data", help="Labelled file to evaluate on (default: a "
                                                   "held-out split of --data).")] = None,
    version: Annotated[str | None, typer.Option("--version", help="Version of the new model (default: next minor; "
                                                "next major on a taxonomy change).")] = None,
    register: Annotated[bool | None, typer.Option("--register/--no-register", help="Add it to the registry "
                                                  "(default: when the output is in the models folder).",
                                                  show_default=False)] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing output folder.")] = False,
    validate_only: Annotated[bool, typer.Option("--validate-only", help="Check the data and stop.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Retrain on new labelled comments, warm-started from a base model; evaluate against it; write a new version.

    The data is validated first (missing text, unknown labels or theme ids, duplicates, too few examples,
    other languages): with errors nothing is trained and the exit code is 2. Same as `python -m training`.
    """
    from cli.train import run_train

    code = run_train(data=data, output=output, taxonomy=taxonomy, base_model=base_model, config=config,
                     eval_data=eval_data, version=version, register=register, overwrite=overwrite,
                     validate_only=validate_only, quiet=quiet)
    if code:
        raise typer.Exit(code)


@app.command("suggest-labels")
def suggest_labels(
    input: Annotated[str, typer.Argument(help="CSV, JSONL or Parquet file of unlabelled comments.")],
    text_column: TextColumn,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .jsonl (default format) or .csv, "
                                         "in the training input format with empty labels to fill in.")],
    n: Annotated[int, typer.Option("--n", min=1, max=100_000, help="How many comments to pick.")] = 100,
    id_column: IdColumn = None,
    model: ModelOpt = None,
    exclude: Annotated[list[Path] | None, typer.Option("--exclude", help="Labelled file whose texts are skipped "
                                                       "(already labelled); repeatable.")] = None,
    input_format: FormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Pick the comments whose labels would help the model most: uncertain and diverse, covering weak themes
    and emerging clusters. Each comes with the model's suggestion and why it was picked."""
    from cli.suggest import run_suggest
    from nlp.errors import NPSLensError

    try:
        run_suggest(input, text_column=text_column, n=n, output=output, id_column=id_column, model=model,
                    exclude=exclude or [], input_format=input_format, quiet=quiet)
    except NPSLensError as err:
        raise fail(str(err)) from None


def _models_app() -> typer.Typer:
    from cli.models import app as models_app

    return models_app


app.add_typer(_models_app(), name="models")


def _taxonomy_app() -> typer.Typer:
    from cli.taxonomy import app as taxonomy_app

    return taxonomy_app


app.add_typer(_taxonomy_app(), name="taxonomy")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
