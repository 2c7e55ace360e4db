"""Implementation of ``npslens serve``: the HTTP API, with report jobs run by ``npslens analyze``'s code.

``api`` may not import ``cli``, so the report runner is injected here (:func:`analyze_runner`).
"""

from __future__ import annotations

import inspect
import threading
from pathlib import Path

from api.jobs.runner import Progress, ReportRequest
from api.server import serve
from api.settings import Settings

PARTIALS = (".comments.csv.partial", ".rejects.csv.partial")


class _PartialRowsWatcher:
    """Progress for a ``run_analyze`` without a progress hook: count the rows it has written so far to its
    ``.partial`` CSV files (one line per row, approximately: quoted newlines count extra; capped by the manager)."""

    def __init__(self, folder: Path, progress: Progress, every_s: float = 0.5) -> None:
        self.folder, self.progress, self.every_s = folder, progress, every_s
        self._offsets = dict.fromkeys(PARTIALS, 0)
        self._lines = dict.fromkeys(PARTIALS, 0)
        self._reported = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="npslens-job-progress")

    def __enter__(self) -> _PartialRowsWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        for name in PARTIALS:
            path = self.folder / name
            try:
                with path.open("rb") as f:
                    f.seek(self._offsets[name])
                    data = f.read()
            except OSError:
                continue
            self._offsets[name] += len(data)
            self._lines[name] += data.count(b"\n")
        rows = sum(max(0, n - 1) for n in self._lines.values())  # minus each file's header line
        if rows > self._reported:
            self.progress(rows - self._reported)
            self._reported = rows

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self._poll()
            except Exception:  # cancelled/interrupted: the manager handles it when the run returns
                return


def analyze_runner(request: ReportRequest, progress: Progress) -> None:
    """Write the report of one job with ``cli.analyze.run_analyze`` (the ``npslens analyze`` pipeline)."""
    from cli.analyze import run_analyze

    o = request.options
    kwargs = dict(text_column=o.text_column, score_column=o.score_column, id_column=o.id_column,
                  segment_columns=o.segment_columns, date_column=o.date_column, period=o.period,
                  taxonomy=request.taxonomy_path, model=request.model, output_dir=request.output_dir, quiet=True)
    if "progress" in inspect.signature(run_analyze).parameters:  # a progress hook: exact rows, prompt cancel
        run_analyze(str(request.input_path), **kwargs, progress=progress)  # type: ignore[arg-type]
        return
    with _PartialRowsWatcher(request.output_dir, progress):
        run_analyze(str(request.input_path), **kwargs)  # type: ignore[arg-type]


def run_serve(*, host: str | None, port: int | None, model: str | None, backend: str | None = None) -> None:
    """Read the settings (``NPSLENS_*``), apply the command-line overrides and serve.

    Raises:
        UnsafeBindError: a non-loopback host without API keys.
        pydantic.ValidationError: a bad ``NPSLENS_*`` value.
    """
    overrides = {k: v for k, v in (("model", model), ("backend", backend)) if v}
    settings = Settings(**overrides)
    serve(settings, host=host or settings.host, port=port or settings.port, report_runner=analyze_runner)
