import pandas as pd

from nlp.report.validate import DATE_INVALID, DATE_MISSING, SCORE_INVALID, SCORE_MISSING, parse_dates, parse_scores


def test_scores_valid_and_rejected_with_reasons():
    raw = pd.Series(["7", " 10 ", "10.0", "0", "7.5", "ten", "", "N/A", "11", "-1", None, "10/10"])
    scores, reasons = parse_scores(raw)
    assert scores.tolist() == [7, 10, 10, 0, -1, -1, -1, -1, -1, -1, -1, -1]
    assert reasons.tolist() == [None, None, None, None, SCORE_INVALID, SCORE_INVALID, SCORE_MISSING, SCORE_MISSING,
                                SCORE_INVALID, SCORE_INVALID, SCORE_MISSING, SCORE_INVALID]


def test_numeric_scores_from_jsonl_or_parquet():
    scores, reasons = parse_scores(pd.Series([9.0, float("nan"), 12, 3]))
    assert scores.tolist() == [9, -1, -1, 3]
    assert reasons.tolist() == [None, SCORE_MISSING, SCORE_INVALID, None]


def test_dates_iso_first_then_other_formats():
    raw = pd.Series(["2026-03-14", "2026-03-14T23:30:00-02:00", "03/04/2026", "14 March 2026", "2026-02-30",
                     "next tuesday", "", None])
    dates, reasons = parse_dates(raw)
    assert [d.date().isoformat() if not pd.isna(d) else None for d in dates] == [
        "2026-03-14", "2026-03-15", "2026-03-04", "2026-03-14", None, None, None, None]
    assert reasons.tolist() == [None, None, None, None, DATE_INVALID, DATE_INVALID, DATE_MISSING, DATE_MISSING]
