"""``npslens`` — analyse NPS comments from the command line.

Each command is a thin wrapper: parse options, call ``nlp`` (or ``api``/``training``), print.
Errors from the library become one ``error: …`` line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

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
FormatOpt = Annotated[str | None, typer.Option("--format", help="Input format: csv, jsonl or parquet "
                                               "(default: from the file extension; csv for '-').")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


@app.callback()
def _root() -> None:
    """NPS Lens: sentiment, themes and NPS drivers from survey comments. Runs offline on CPU."""


def fail(message: str) -> typer.Exit:
    """Print one clear error line and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


@app.command()
def classify(
    input: Annotated[str, typer.Argument(help="CSV, JSONL or Parquet file; '-' reads stdin.")],
    text_column: TextColumn,
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL file to write; '-' writes stdout.")],
    id_column: IdColumn = None,
    taxonomy: TaxonomyOpt = None,
    model: ModelOpt = None,
    input_format: FormatOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=4096, help="Comments per batch.")] = 256,
    quiet: QuietOpt = False,
) -> None:
    """Classify every comment: sentiment (+ mixed), themes with their own sentiment and evidence.

    Writes one JSON object per input data row, in input order:
    {"row", "id", "sentiment": {"label", "scores", "mixed"}, "themes": [...], "skipped"}.
    Empty or non-text rows appear with "skipped" set and a null sentiment.
    """
    from cli.classify import run_classify
    from nlp.errors import NPSLensError

    try:
        run_classify(input, text_column=text_column, output=output, id_column=id_column, taxonomy=taxonomy,
                     model=model, input_format=input_format, batch_size=batch_size, quiet=quiet)
    except NPSLensError as err:
        raise fail(str(err)) from None
    except BrokenPipeError:
        sys.stderr.close()
    except KeyboardInterrupt:
        raise fail("interrupted") from None


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
