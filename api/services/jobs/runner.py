"""The seam between the job queue and the report code: *input CSV + options → report files in a folder*.

The app runs report jobs with :func:`analyze_runner` (the ``npslens analyze`` pipeline,
:func:`batch.analyze.run_analyze`) unless :func:`api.main.create_app` is given another runner (tests) or
``None`` (then ``POST /v1/reports`` answers 503 ``reports_unavailable``).

A runner reports progress by calling ``progress(n_rows)`` after each chunk (increments, as the CLI's
progress bar); the callback raises :class:`JobCancelled` / :class:`JobInterrupted` to stop it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Protocol, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

import batch.analyze

Column = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ReportOptions(BaseModel):
    """The options of ``npslens analyze``: which CSV columns hold what, and the trend period."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text_column: Column = Field(description="Column holding the comment text.", examples=["comment"])
    score_column: Column = Field(description="Column holding the 0–10 likelihood-to-recommend score.",
                                 examples=["score"])
    id_column: Column | None = Field(None, description="Column copied to each result as 'id'.")
    segment_columns: list[Column] = Field(default_factory=list, max_length=20,
                                          description="Columns to break NPS and themes down by.")
    date_column: Column | None = Field(None, description="Column holding each response's date (for trends).")
    period: Literal["month", "quarter", "week"] | None = Field(None, description="Trend period (needs a date "
                                                                                 "column; default month).")
    date_order: Literal["day-first", "month-first"] | None = Field(
        None, description="How to read slash dates such as 05/04/2026 (day-first: 5 April; month-first: 4 May). "
        "Without it a date column whose day/month order is ambiguous fails the job with a reason naming this "
        "option; ISO 8601 dates never need it.")
    taxonomy: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")] | None = Field(
        None, description="A registered taxonomy name (PUT /v1/taxonomies/{name}); default: the model's own.")

    @model_validator(mode="after")
    def _period_needs_dates(self) -> Self:
        if self.period is not None and self.date_column is None:
            raise ValueError("period needs date_column (the column holding each response's date)")
        return self

    def required_columns(self) -> list[str]:
        cols = [self.text_column, self.score_column, self.id_column, *self.segment_columns, self.date_column]
        return list(dict.fromkeys(c for c in cols if c))


@dataclass(frozen=True)
class ReportRequest:
    """One job's work: where the validated upload is, where the outputs go, and how to analyse it."""

    input_path: Path
    output_dir: Path
    options: ReportOptions
    taxonomy_path: Path | None
    model: str | None


class JobCancelled(Exception):
    """Raised from ``progress`` when the job was cancelled (DELETE)."""


class JobInterrupted(Exception):
    """Raised from ``progress`` when the server shuts down; the job goes back to the queue."""


Progress = Callable[[int], None]


class ReportRunner(Protocol):
    def __call__(self, request: ReportRequest, progress: Progress) -> None:
        """Write the report files of ``request`` into ``request.output_dir``.

        Raises:
            NPSLensError: bad input or options (the job fails with its code and message).
        """
        ...


def analyze_runner(backend: str | None = None) -> ReportRunner:
    """The report runner of the app: :func:`batch.analyze.run_analyze` on the job's upload and options, with
    the encoder ``backend`` (default: the model's own); it calls ``progress`` with the rows of each chunk."""

    def run(request: ReportRequest, progress: Progress) -> None:
        o = request.options
        batch.analyze.run_analyze(
            str(request.input_path), text_column=o.text_column, score_column=o.score_column,
            id_column=o.id_column, segment_columns=o.segment_columns, date_column=o.date_column, period=o.period,
            taxonomy=request.taxonomy_path, model=request.model, output_dir=request.output_dir,
            progress=lambda: nullcontext(progress), backend=backend, date_order=o.date_order)

    return run
