import json

import numpy as np
import pandas as pd
import pytest
from report_fakes import LABELS, result

from nlp.report.build import build_report
from nlp.report.collect import Collector


def _collector(n=60, seed=0, **kw):
    rng = np.random.default_rng(seed)
    col = Collector(LABELS, ["channel"], **kw)
    rows, scores, results, texts, periods, channels = [], [], [], [], [], []
    for i in range(n):
        s = int(rng.integers(0, 11))
        if i % 10 == 0:
            res, text = result(None), ""
        elif s <= 6:
            res, text = result("negative", {"wait_time": "negative"}), f"waited {i} minutes in the queue, awful"
        elif i % 3 == 0:
            res, text = result("positive", {"app": "positive", "price": "conflict"}), f"app is great number {i} really"
        else:
            res, text = result("neutral"), f"it was fine I suppose overall {i}"
        rows.append(i)
        scores.append(s)
        results.append(res)
        texts.append(text)
        periods.append(pd.Timestamp("2026-01-01") if i < n // 2 else pd.Timestamp("2026-02-01"))
        channels.append(["web", "app"][i % 2])
    for a in range(0, n, 25):  # several batches
        b = slice(a, a + 25)
        col.add(rows=rows[b], scores=scores[b], results=results[b], texts=texts[b],
                periods=pd.Series(periods[b]), segments=pd.DataFrame({"channel": channels[b]}))
    return col, scores


def test_collector_keeps_compact_rows():
    col, scores = _collector()
    data = col.data()
    assert data.n == 60 and data.rows["score"].tolist() == scores
    assert data.rows["has_text"].sum() == 54
    assert data.tone.dtypes.unique().tolist() == [np.int8]
    assert data.segments["channel"].tolist()[:2] == ["web", "app"]
    assert data.has_dates and data.rows["period"].nunique() == 2
    assert int(data.mentions["wait_time"].sum()) == sum(1 for i, s in enumerate(scores) if s <= 6 and i % 10)


def test_samples_are_bounded():
    col, _ = _collector(n=400, quote_pool=5, emerging_pool=7)
    cands = col.quote_candidates()
    assert cands.groupby("theme").size().max() <= 5
    assert len(col.emerging_sample()) == 7 and col.emerging_seen > 7


def test_collector_rejects_unknown_theme():
    col = Collector(LABELS)
    with pytest.raises(ValueError, match="not in the report's taxonomy"):
        col.add(rows=[0], scores=[9], results=[result("positive", {"zzz": "positive"})], texts=["x"])


def test_build_report_matches_contract_and_is_json():
    col, scores = _collector()
    rep = build_report(col.data(), model={"name": "m", "version": "1"}, taxonomy={"name": "t", "themes": 3},
                       rejected={"score missing": 2, "date unparsable": 1}, total_rows=63, period="month",
                       quote_candidates=col.quote_candidates(), min_mentions=5)
    json.dumps(rep, allow_nan=False)
    assert {"nps", "themes", "segments", "trends", "emerging", "rejected", "model", "taxonomy"} <= set(rep)
    assert set(rep["nps"]) >= {"score", "ci95", "n", "promoters", "passives", "detractors"}
    want = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    assert rep["nps"]["score"] == round(want, 2) and rep["nps"]["n"] == 60
    t = rep["themes"][0]
    assert set(t) >= {"id", "label", "mentions", "share", "sentiment", "nps", "impact", "impact_ci95", "p_value",
                      "detractor_share", "promoter_share", "quotes"}
    assert set(t["sentiment"]) >= {"positive", "neutral", "negative"}
    for th in rep["themes"]:
        if th["quotes"]:
            assert {"row", "text"} <= set(th["quotes"][0])
    assert rep["themes"][0]["id"] == "wait_time"  # most costly first
    assert len(rep["segments"]["channel"]) == 2
    assert {"value", "n", "nps", "primary_concern", "themes"} <= set(rep["segments"]["channel"][0])
    assert [p["period"] for p in rep["trends"]] == ["2026-01", "2026-02"]
    assert rep["rejected"] == {"count": 3, "by_reason": {"score missing": 2, "date unparsable": 1}}
    assert rep["data_quality"]["rows"] == 63 and rep["data_quality"]["analysed"] == 60


def test_build_report_checks_row_accounting():
    col, _ = _collector()
    with pytest.raises(ValueError, match="60 analysed \\+ 2 rejected != 70"):
        build_report(col.data(), model={}, taxonomy={}, rejected={"x": 2}, total_rows=70)


def test_build_report_with_no_valid_rows():
    rep = build_report(Collector(LABELS).data(), model={}, taxonomy={"name": "t", "themes": 3},
                       rejected={"score missing": 4}, total_rows=4)
    assert rep["nps"]["score"] is None and rep["nps"]["n"] == 0
    assert all(t["mentions"] == 0 for t in rep["themes"])
    json.dumps(rep, allow_nan=False)


def test_data_quality_counts_languages_of_analysed_comments():
    """Per language (ISO 639-1, ``unknown`` when undetected) over analysed comments only, across batches."""
    from dataclasses import replace

    col = Collector(LABELS)
    langs = ["en", "fr", None, "en", "en", "de"]
    results = [replace(result("positive"), language=lang) for lang in langs] + [result(None)]
    for a in (0, 4):
        col.add(rows=list(range(a, min(a + 4, 7))), scores=[9] * len(results[a:a + 4]), results=results[a:a + 4],
                texts=[f"comment {i}" for i in range(a, min(a + 4, 7))])
    data = col.data()
    assert data.languages == {"en": 3, "fr": 1, "unknown": 1, "de": 1}
    rep = build_report(data, model={}, taxonomy={"name": "t", "themes": 3}, rejected={}, total_rows=7)
    assert rep["data_quality"]["languages"] == {"en": 3, "fr": 1, "unknown": 1, "de": 1}
    assert Collector(LABELS).data().languages == {}
