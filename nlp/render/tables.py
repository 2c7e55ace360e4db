"""CSV outputs that are safe to open in a spreadsheet.

Text cells that start with ``= + - @`` (or a tab / carriage return, or their full-width forms) would be
run as formulas by Excel, LibreOffice or Google Sheets ("CSV injection"); they get a leading apostrophe,
which spreadsheets show as plain text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

TONES = ("negative", "positive")
TONE_FIELDS = ("mentions", "impact", "impact_ci_low", "impact_ci_high", "p_value", "q_value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate: ``"=1+1"`` → ``"'=1+1"``; numbers, ``None`` unchanged.

    NaN becomes an empty cell; bools are written as ``true``/``false``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _raw_cell(value: Any) -> Any:
    """What ``analyze`` writes for an input cell: numbers and strings as they are, anything else as ``str``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, int | float | str) else str(value)


def safe_column(values: pd.Series | np.ndarray | Sequence[Any]) -> list[Any]:
    """:func:`safe_cell` of every value of a column, vectorised for string, integer, float and bool columns
    (other cells are converted one by one, as ``str(value)``)."""
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, np.ndarray):
        s = pd.Series(values)
    else:
        s = pd.Series(list(values), dtype=object)
    na = s.isna().to_numpy(dtype=bool)
    kind = pd.api.types.infer_dtype(s, skipna=True) if s.dtype == object else None
    if kind == "empty":
        return [""] * len(s)
    if kind == "string" or (s.dtype != object and pd.api.types.is_string_dtype(s.dtype)):
        text = s.astype(object).where(~na, "").astype(str)
        risky = text.str.startswith(FORMULA_STARTS).to_numpy(dtype=bool)
        if risky.any():
            text = text.where(~risky, "'" + text)
        return text.tolist()
    if kind == "boolean" or pd.api.types.is_bool_dtype(s.dtype):
        flags = s.astype(object).where(~na, False).astype(bool).to_numpy()
        return np.where(na, "", np.where(flags, "true", "false")).tolist()
    if kind == "integer" or (s.dtype != object and pd.api.types.is_integer_dtype(s.dtype) and not na.any()):
        return [("" if m else v) for v, m in zip(s.astype(object).tolist(), na, strict=True)] if na.any() \
            else s.tolist()
    if s.dtype != object and pd.api.types.is_float_dtype(s.dtype):
        return [("" if m else v) for v, m in zip(s.tolist(), na, strict=True)]
    return [safe_cell(_raw_cell(v)) for v in s.tolist()]


class CsvWriter:
    """Write rows (dicts) to an open text file with a fixed header, neutralising every cell."""

    def __init__(self, fh: IO[str], header: Sequence[str]) -> None:
        self.header = list(header)
        self._w = csv.writer(fh, lineterminator="\n")
        self._w.writerow([safe_cell(h) for h in self.header])
        self.rows = 0

    def write(self, row: Mapping[str, Any]) -> None:
        self._w.writerow([safe_cell(row.get(h)) for h in self.header])
        self.rows += 1

    def write_columns(self, columns: Mapping[str, pd.Series | np.ndarray | Sequence[Any]], n: int) -> None:
        """Write ``n`` rows given column by column (header names → aligned values); missing columns are empty.
        Cells are neutralised with :func:`safe_column` and the rows go to ``csv.writer.writerows`` at once."""
        cols = [safe_column(columns[h]) if h in columns else [""] * n for h in self.header]
        if any(len(c) != n for c in cols):
            raise ValueError(f"columns of {[len(c) for c in cols]} values, expected {n}")
        self._w.writerows(zip(*cols, strict=True))
        self.rows += n

    def write_many(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for r in rows:
            self.write(r)


def write_rows(path: str | Path, header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write a whole table to ``path`` (UTF-8); returns the number of data rows."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = CsvWriter(fh, header)
        w.write_many(rows)
        return w.rows


def theme_table(report: Mapping[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """``themes.csv``: one row per theme with the numbers behind the driver chart and theme table."""
    header = ["id", "label", "mentions", "share", "positive", "neutral", "negative", "conflict", "nps",
              "nps_without", "impact", "impact_ci_low", "impact_ci_high", "p_value", "q_value", "low_mentions",
              "key_driver_impact", "detractor_odds_ratio", "detractor_share", "promoter_share",
              *[f"{tone}_{k}" for tone in TONES for k in TONE_FIELDS]]
    rows = []
    for t in report["themes"]:
        rec = {**{k: t.get(k) for k in header}, **t["sentiment"],
               "impact_ci_low": t["impact_ci95"][0], "impact_ci_high": t["impact_ci95"][1]}
        for tone in TONES:
            blk = (t.get("by_sentiment") or {}).get(tone) or {}
            ci = blk.get("impact_ci95") or [None, None]
            rec.update({f"{tone}_mentions": blk.get("mentions"), f"{tone}_impact": blk.get("impact"),
                        f"{tone}_impact_ci_low": ci[0], f"{tone}_impact_ci_high": ci[1],
                        f"{tone}_p_value": blk.get("p_value"), f"{tone}_q_value": blk.get("q_value")})
        rows.append(rec)
    return header, rows


def segment_rows(report: Mapping[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """``segments.csv``: one row per (segment column, value) with NPS, concerns and each theme's negative share (%)."""
    theme_ids = [t["id"] for t in report["themes"]]
    header = ["segment", "value", "n", "comments", "nps", "ci_low", "ci_high", "promoters", "passives",
              "detractors", "primary_concern", "primary_concern_share", "distinctive_concern", "distinctive_lift",
              *[f"negative_share:{t}" for t in theme_ids]]
    rows = []
    for col, items in report["segments"].items():
        for s in items:
            neg = {f"negative_share:{t['id']}": t["negative_share"] for t in s["themes"]}
            rows.append({**{k: s.get(k) for k in header}, "segment": col, "ci_low": s["ci95"][0],
                         "ci_high": s["ci95"][1], **{f"negative_share:{t}": neg.get(f"negative_share:{t}", 0.0)
                                                     for t in theme_ids}})
    return header, rows


def trend_rows(report: Mapping[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """``trends.csv``: one row per period with NPS, interval and each theme's share and negative share (%)
    (``segment`` and ``value`` empty), then one row per segment value × period (``segment`` = the column,
    ``value`` = the segment value; NPS, interval and ``n`` only) for the values in ``segment_trends``."""
    theme_ids = [t["id"] for t in report["themes"]]
    header = ["segment", "value", "period", "start", "n", "comments", "nps", "ci_low", "ci_high", "promoters",
              "passives", "detractors", "low_n", *[f"share:{t}" for t in theme_ids],
              *[f"negative_share:{t}" for t in theme_ids]]
    rows = []
    for p in report["trends"]:
        rec = {**{k: p.get(k) for k in header}, "ci_low": p["ci95"][0], "ci_high": p["ci95"][1]}
        for t in theme_ids:
            rec[f"share:{t}"] = p["themes"].get(t, {}).get("share")
            rec[f"negative_share:{t}"] = p["themes"].get(t, {}).get("negative_share")
        rows.append(rec)
    for col, items in (report.get("segment_trends") or {}).items():
        for it in items:
            for p in it["periods"]:
                rows.append({"segment": col, "value": it["value"], "period": p["period"], "start": p["start"],
                             "n": p["n"], "nps": p["nps"], "ci_low": p["ci95"][0], "ci_high": p["ci95"][1],
                             "low_n": p["low_n"]})
    return header, rows
