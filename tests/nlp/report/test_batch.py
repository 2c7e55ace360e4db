"""Compact result batches, vectorised collection and aggregation helpers (no model)."""

import math

import numpy as np
import pandas as pd
import pytest
from report_fakes import LABELS, result

from nlp.render.tables import safe_cell, safe_column
from nlp.report.batch import ResultBatch
from nlp.report.collect import Collector
from nlp.report.drivers import key_drivers
from nlp.report.frame import ReportData, sums_by

IDS = list(LABELS)
RESULTS = [result("negative", {"wait_time": "negative", "price": "conflict"}), result(None),
           result("positive", {"app": "positive"}), result("neutral"),
           result("positive", {"price": "positive", "wait_time": "neutral", "app": "negative"})]


def test_from_results_layout_and_output_columns():
    b = ResultBatch.from_results(RESULTS, IDS)
    assert len(b) == 5 and b.n_hits == 6 and b.offsets.tolist() == [0, 2, 2, 3, 3, 6]
    assert b.tone_matrix(3).tolist() == [[3, 0, 4], [0, 0, 0], [0, 1, 0], [0, 0, 0], [2, 3, 1]]
    cols = b.output_columns(IDS)
    assert cols["themes"] == ["wait_time;price", "", "app", "", "price;wait_time;app"]
    assert cols["theme_sentiments"][0] == "wait_time:negative;price:conflict"
    assert cols["sentiment"] == ["negative", None, "positive", "neutral", "positive"]
    assert cols["mixed"] == [False, None, False, False, False] and cols["skipped"][1] == "empty"
    assert b.evidence.to_pylist()[0] == "evidence for wait_time"


def test_take_slice_concat_keep_hits_with_their_rows():
    b = ResultBatch.from_results(RESULTS, IDS)
    t = b.take(np.array([4, 0, 4, 1]))
    assert t.output_columns(IDS)["themes"] == ["price;wait_time;app", "wait_time;price", "price;wait_time;app", ""]
    assert t.evidence.to_pylist()[:3] == ["evidence for price", "evidence for wait_time", "evidence for app"]
    parts = [b.slice(0, 2), b.slice(2, 2), b.slice(2, 5)]
    joined = ResultBatch.concat(parts)
    assert joined.offsets.tolist() == b.offsets.tolist()
    assert joined.output_columns(IDS) == b.output_columns(IDS)
    assert len(ResultBatch.concat([])) == 0


def test_unknown_theme_is_an_error():
    with pytest.raises(ValueError, match="not in the report's taxonomy"):
        ResultBatch.from_results([result("positive", {"zzz": "positive"})], IDS)


def _feed(col: Collector, n: int, chunk: int) -> None:
    rng = np.random.default_rng(1)
    words = [f"word{i}" for i in range(50)]
    for a in range(0, n, chunk):
        rows = list(range(a, min(a + chunk, n)))
        res, texts = [], []
        for i in rows:
            text = " ".join(rng.choice(words, size=3 + i % 12))
            res.append(result("negative", {IDS[i % 3]: "negative"}, conf=0.5 + (i % 5) / 10) if i % 4
                       else result("neutral"))
            texts.append(text)
        col.add(rows=rows, scores=[i % 11 for i in rows], results=res, texts=texts,
                segments=pd.DataFrame({"channel": [["web", None, "app"][i % 3] for i in rows]}))


def test_samples_do_not_depend_on_the_chunk_size():
    a, b = Collector(LABELS, ["channel"], quote_pool=6, emerging_pool=9), \
        Collector(LABELS, ["channel"], quote_pool=6, emerging_pool=9)
    _feed(a, 500, 7)
    _feed(b, 500, 500)
    pd.testing.assert_frame_equal(a.quote_candidates(), b.quote_candidates())
    assert a.emerging_sample() == b.emerging_sample() and a.emerging_seen == b.emerging_seen
    qa = a.quote_candidates()
    assert qa.groupby("theme").size().tolist() == [6, 6, 6] and len(a.emerging_sample()) == 9
    assert qa.groupby("theme")["row"].apply(lambda r: r.is_monotonic_increasing).all()  # input order
    da, db = a.data(), b.data()
    pd.testing.assert_frame_equal(da.rows, db.rows)
    assert da.segments["channel"].isna().sum() == sum(i % 3 == 1 for i in range(500))
    assert set(da.segments["channel"].dropna()) == {"web", "app"}


def test_quote_sampling_favours_confident_readable_comments():
    col = Collector(LABELS, quote_pool=20)
    n = 4000
    texts = [("one two" if i % 2 else "a b c d e f g h i j") for i in range(n)]
    col.add(rows=list(range(n)), scores=[5] * n, results=[result("negative", {"wait_time": "negative"})] * n,
            texts=texts)
    long_share = (col.quote_candidates()["text"].str.split().str.len() >= 8).mean()
    assert long_share > 0.8  # weight 1.0 vs 0.05 for 2-word comments


def test_sums_by_matches_groupby():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 5, 1000)
    values = rng.random((1000, 4)) < 0.3
    want = pd.DataFrame(values).groupby(codes).sum().to_numpy()
    assert (sums_by(codes, 5, values) == want).all()


def test_key_drivers_on_distinct_patterns_match_the_row_by_row_fit():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    n = 600
    themes = [{t: s for t, s in (("wait_time", rng.choice(["negative", "positive"])), ("app", "positive"))
               if rng.random() < 0.4} for _ in range(n)]
    scores = [int(np.clip(8 - 5 * (r.get("wait_time") == "negative") + 2 * ("app" in r) + rng.integers(-2, 3), 0, 10))
              for r in themes]
    data = ReportData.from_records(scores, themes, labels={"wait_time": "W", "app": "A"})
    table, info = key_drivers(data.rows["group"], data.tone)
    t = data.tone.to_numpy()
    x = np.hstack([np.isin(t, (3, 4)), np.isin(t, (1, 4)), t == 2]).astype(float)
    codes = data.rows["group"].map({"promoter": 0, "passive": 1, "detractor": 2}).to_numpy()
    ref = LogisticRegression(C=1.0, max_iter=5000, tol=1e-10).fit(x, codes)
    odds = math.exp(ref.coef_[2, 0] - ref.coef_[0, 0])
    assert table.loc["wait_time", "detractor_odds_ratio"] == pytest.approx(odds, rel=2e-3)
    assert info["n"] == n and 0 < info["pseudo_r2"] < 1


@pytest.mark.parametrize("values", [
    pd.Series(["=1+1", "plain", "-x", "＋y", "", "@a"], dtype="str"),
    pd.Series(["=a", None, float("nan"), 3, 2.5, True, "b", pd.Timestamp("2026-01-02")], dtype=object),
    pd.Series([1, 2, 3]), pd.Series([1.5, float("nan")]), pd.Series([True, False]),
    pd.Series(["a", None], dtype=object), pd.Series([None, None], dtype=object),
])
def test_safe_column_is_safe_cell_of_each_value(values):
    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return safe_cell(v if isinstance(v, int | float | str) else str(v))

    assert safe_column(values) == [one(v) for v in values.astype(object).tolist()]
