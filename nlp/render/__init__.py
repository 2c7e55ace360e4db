"""Rendering of a built report: one self-contained HTML file (:mod:`.html`) and spreadsheet-safe CSVs
(:mod:`.tables`)."""

from nlp.render.html import render_report
from nlp.render.tables import CsvWriter, safe_cell, write_rows

__all__ = ["CsvWriter", "render_report", "safe_cell", "write_rows"]
