"""Implementation of ``npslens serve``: the HTTP API, with report jobs run by ``npslens analyze``'s code.

``api`` may not import ``cli``, so the report runner is injected here (:func:`analyze_runner`).
"""

from __future__ import annotations

from functools import partial

from api.jobs.runner import Progress, ReportRequest
from api.server import serve
from api.settings import Settings


def analyze_runner(request: ReportRequest, progress: Progress, backend: str | None = None) -> None:
    """Write the report of one job with ``cli.analyze.run_analyze`` (the ``npslens analyze`` pipeline); it calls
    ``progress`` with the rows of each chunk (exact progress, prompt cancel)."""
    from cli.analyze import run_analyze

    o = request.options
    run_analyze(str(request.input_path), text_column=o.text_column, score_column=o.score_column,
                id_column=o.id_column, segment_columns=o.segment_columns, date_column=o.date_column, period=o.period,
                taxonomy=request.taxonomy_path, model=request.model, output_dir=request.output_dir, quiet=True,
                progress=progress, backend=backend, date_order=o.date_order)


def run_serve(*, host: str | None, port: int | None, model: str | None, backend: str | None = None) -> None:
    """Read the settings (``NPSLENS_*``), apply the command-line overrides and serve.

    Raises:
        UnsafeBindError: a non-loopback host without API keys.
        pydantic.ValidationError: a bad ``NPSLENS_*`` value.
    """
    overrides = {k: v for k, v in (("model", model), ("backend", backend)) if v}
    settings = Settings(**overrides)
    serve(settings, host=host or settings.host, port=port or settings.port,
          report_runner=partial(analyze_runner, backend=settings.backend))
