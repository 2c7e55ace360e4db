"""One day/month order per file for the report's date column.

``05/04/2026`` is 5 April day first and 4 May month first. pandas guesses row by row (``05/04`` → May,
``25/04`` → April in one column), so :class:`DateReader` parses numeric ``A/B/YYYY`` dates itself (``/``, ``.``
or ``-`` between, 2- or 4-digit year, an optional time after):

* with ``order`` given (``--day-first`` / ``--month-first``) every such date is read that way; one that does not
  fit (``25/04/2026`` month first) is a reject, ``date unparsable``;
* without it, a date whose both parts could be the month (``05/04/2026``, not ``04/04/2026``) is an error that
  names both readings and the two flags; dates that fit one order only (``25/04/2026``) are read that way,
  and a file that has both kinds (``25/04`` and ``04/25``) is an error.

ISO 8601 dates (``2026-04-05``) and written-out months (``5 April 2026``) never need a flag.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from nlp.errors import InvalidInputError
from nlp.report.validate import DATE_INVALID, DATE_MISSING, _missing

DAY_FIRST, MONTH_FIRST = "day-first", "month-first"
ORDERS = (DAY_FIRST, MONTH_FIRST)
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:([ T].*))?$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _reading(day: int, month: int) -> str:
    return f"{day} {_MONTHS[month - 1]}"


class DateReader:
    """Parses a date column chunk by chunk with one day/month order for the whole file.

    Args:
        column: the column's name, for error messages.
        order: :data:`DAY_FIRST`, :data:`MONTH_FIRST` or ``None`` (infer; ambiguous dates are an error).
    """

    def __init__(self, column: str, order: str | None = None) -> None:
        if order is not None and order not in ORDERS:
            raise InvalidInputError(f"date order must be one of {', '.join(ORDERS)}, got {order!r}")
        self.column, self.order = column, order
        self._evidence: dict[str, str] = {}  # inferred order → an example cell

    @property
    def evidence(self) -> dict[str, str]:
        """A copy of the inferred orders seen so far: :data:`DAY_FIRST` / :data:`MONTH_FIRST` → an example cell
        (empty with an explicit ``order``); what a worker's reader hands to :meth:`merge`."""
        return dict(self._evidence)

    def merge(self, evidence: Mapping[str, str]) -> None:
        """Add another reader's :attr:`evidence` (a later chunk of the same column read elsewhere).

        Raises:
            InvalidInputError: the two together hold dates of both orders.
        """
        for order, cell in evidence.items():
            self._evidence.setdefault(order, cell)
        self._check_one_order()

    def _check_one_order(self) -> None:
        if len(self._evidence) > 1:
            raise InvalidInputError(
                f"date column {self.column!r} mixes day-first dates ({self._evidence[DAY_FIRST]!r}) and "
                f"month-first dates ({self._evidence[MONTH_FIRST]!r}); make the column use one order (ISO "
                "8601, 2026-04-25, is safest), or pass --day-first / --month-first to reject the others")

    def parse(self, values: pd.Series) -> tuple[pd.Series, pd.Series]:
        """``(dates, reasons)`` as :func:`nlp.report.validate.parse_dates`: naive UTC ``datetime64`` (NaT where
        invalid) and ``None`` / ``date missing`` / ``date unparsable`` per row.

        Raises:
            InvalidInputError: without an order, an ambiguous numeric date, or dates of both orders.
        """
        missing = _missing(values)
        if pd.api.types.is_datetime64_any_dtype(values):
            dates = pd.to_datetime(values, utc=True, errors="coerce")
        else:
            text = values.astype(object).where(~missing, None)
            text = text.where(text.isna(), text.astype(str).str.strip())
            dates = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
            retry = dates.isna() & ~missing
            if retry.any():
                dates.loc[retry] = self._parse_other(text[retry])
        dates = pd.Series(pd.DatetimeIndex(dates).tz_convert(None), index=values.index)
        reasons = np.where(missing, DATE_MISSING, np.where(dates.isna(), DATE_INVALID, None))  # type: ignore[call-overload]
        return dates, pd.Series(reasons, index=values.index, dtype=object)

    def _parse_other(self, text: pd.Series) -> pd.Series:
        parts = text.str.extract(_NUMERIC)
        numeric = parts[0].notna()
        out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
        if numeric.any():
            out.loc[numeric] = self._numeric(text[numeric], parts[numeric])
        rest = ~numeric
        if rest.any():  # "5 April 2026", "Apr 5, 2026" …: the month is a word, so no order question
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out.loc[rest] = pd.to_datetime(text[rest], errors="coerce", format="mixed", utc=True,
                                               dayfirst=self.order == DAY_FIRST)
        return out

    def _numeric(self, text: pd.Series, parts: pd.DataFrame) -> pd.Series:
        a, b = parts[0].astype(int), parts[2].astype(int)
        year = parts[3].astype(int)
        year = year.where(parts[3].str.len() == 4, np.where(year < 69, 2000 + year, 1900 + year))
        order = self.order or self._infer(text, a, b)
        day, month = (a, b) if order == DAY_FIRST else (b, a)
        iso = (year.astype(str).str.zfill(4) + "-" + month.astype(str).str.zfill(2) + "-"
               + day.astype(str).str.zfill(2) + parts[4].fillna("").str.replace(r"^T", " ", regex=True))
        ok = (month >= 1) & (month <= 12)
        iso = iso.where(ok, "invalid")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.to_datetime(iso, errors="coerce", format="mixed", utc=True)

    def _infer(self, text: pd.Series, a: pd.Series, b: pd.Series) -> str:
        for order, hit in ((DAY_FIRST, (a > 12) & (b <= 12)), (MONTH_FIRST, (b > 12) & (a <= 12))):
            if hit.any():
                self._evidence.setdefault(order, str(text[hit.idxmax()]))
        ambiguous = (a <= 12) & (b <= 12) & (a != b) & (a >= 1) & (b >= 1)
        if ambiguous.any():
            i = ambiguous.idxmax()
            cell, x, y = text[i], int(a[i]), int(b[i])
            also = "".join(f"; the column also has {cell2!r}, which reads {order2} only"
                           for order2, cell2 in self._evidence.items())
            raise InvalidInputError(
                f"date column {self.column!r} has dates whose day/month order is ambiguous: {cell!r} reads as "
                f"{_reading(x, y)} (day first) or {_reading(y, x)} (month first){also}; pass --day-first or "
                "--month-first (date_order in API report jobs) so that every date in the file is read the same way")
        self._check_one_order()
        return next(iter(self._evidence), DAY_FIRST)  # no evidence: every date has day == month
