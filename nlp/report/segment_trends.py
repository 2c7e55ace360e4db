"""NPS per segment value × period (the small multiples of the report and the segment rows of ``trends.csv``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nlp.report.frame import ReportData
from nlp.report.nps import Counts
from nlp.report.segments import OTHER, segment_values
from nlp.report.trends import LOW_N, period_label

MAX_VALUES = 12


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def segment_trends(data: ReportData, period: str, *, max_values: int = MAX_VALUES) -> dict[str, list[dict[str, Any]]]:
    """Per segment column, the ``max_values`` largest values (``(other)`` left out), each with its periods.

    Returns:
        ``{column: [{"value", "n", "periods": [{"period", "start", "n", "nps", "ci95", "low_n"}]}]}``, values
        largest first, periods oldest first (only periods where the value has respondents). Empty without dates.
    """
    if not data.has_dates:
        return {}
    starts = data.rows["period"]
    pcodes, puniq = pd.factorize(starts, sort=True)
    n_p = len(puniq)
    g = data.rows["group"].astype(object).to_numpy()
    gcode = np.select([g == "promoter", g == "passive"], [0, 1], 2)
    out: dict[str, list[dict[str, Any]]] = {}
    for col in data.segments.columns:
        values = segment_values(data.segments[col])
        vcodes, vuniq = pd.factorize(values)
        ok = pcodes >= 0
        cells = np.bincount((vcodes[ok] * n_p + pcodes[ok]) * 3 + gcode[ok],
                            minlength=len(vuniq) * n_p * 3).reshape(len(vuniq), n_p, 3)
        order = [v for v in np.argsort(-cells.sum(axis=(1, 2)), kind="stable") if vuniq[v] != OTHER][:max_values]
        items = []
        for v in order:
            periods = []
            for p in range(n_p):
                c = Counts(*(int(x) for x in cells[v, p]))
                if c.n == 0:
                    continue
                ci = c.ci95()
                periods.append({"period": period_label(pd.Timestamp(puniq[p]), period),
                                "start": pd.Timestamp(puniq[p]).date().isoformat(), "n": c.n, "nps": _r(c.nps),
                                "ci95": [_r(ci[0]), _r(ci[1])] if ci else [None, None], "low_n": c.n < LOW_N})
            items.append({"value": str(vuniq[v]), "n": int(cells[v].sum()), "periods": periods})
        out[str(col)] = items
    return out
