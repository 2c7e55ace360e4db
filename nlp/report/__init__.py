"""Pure analysis for the batch theme report: DataFrame in, DataFrame/dict out; no I/O, no model.

``batch`` holds a chunk's per-row results in compact columnar form (from the analyser's
:class:`~nlp.schema.CommentResult` objects or straight from a classified file); ``collect`` accumulates
the batches into a compact :class:`~nlp.report.frame.ReportData` plus two bounded text samples; ``nps``,
``drivers``, ``segments``, ``trends``, ``quotes`` and ``emerging`` compute one idea each, vectorised;
``build`` assembles the ``report.json`` dict.
"""

from nlp.report.batch import ResultBatch
from nlp.report.build import DEFINITIONS, build_report
from nlp.report.collect import Collector
from nlp.report.drivers import key_drivers, leave_one_out
from nlp.report.emerging import find_emerging
from nlp.report.frame import ReportData
from nlp.report.nps import nps_ci, nps_from_counts, nps_group, nps_summary
from nlp.report.quotes import mask_pii, select_quotes
from nlp.report.segments import segment_table
from nlp.report.trends import PERIODS, period_changes, period_start, trend_table
from nlp.report.validate import REASONS, parse_dates, parse_scores

__all__ = [
    "DEFINITIONS",
    "PERIODS",
    "REASONS",
    "Collector",
    "ReportData",
    "ResultBatch",
    "build_report",
    "find_emerging",
    "key_drivers",
    "leave_one_out",
    "mask_pii",
    "nps_ci",
    "nps_from_counts",
    "nps_group",
    "nps_summary",
    "parse_dates",
    "parse_scores",
    "period_changes",
    "period_start",
    "segment_table",
    "select_quotes",
    "trend_table",
]
