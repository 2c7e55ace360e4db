"""Collector.merge, DrilldownSampler.merge and DateReader.merge (used by analyze --engine ray): the per-row data
equals one collector fed every batch; the samples stay bounded and are merged by key; the date orders must agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from report_fakes import LABELS, result

from nlp.dates import DateReader
from nlp.errors import InvalidInputError
from nlp.report.batch import ResultBatch
from nlp.report.collect import Collector
from nlp.report.drilldown import DrilldownSampler


def batches(n: int = 120, size: int = 25) -> list[dict]:
    rng = np.random.default_rng(3)
    out = []
    for a in range(0, n, size):
        rows = list(range(a, min(a + size, n)))
        scores = [int(rng.integers(0, 11)) for _ in rows]
        res, texts = [], []
        for i, s in zip(rows, scores, strict=True):
            if i % 10 == 0:
                r, t = result(None), ""
            elif s <= 3 and i % 4 == 1:  # contradicts its score
                r, t = result("positive", {"app": "positive"}), f"the app is lovely really {i}"
            elif s <= 6:
                r, t = result("negative", {"wait_time": "negative"}), f"waited {i} minutes in a queue"
            else:
                r, t = result("neutral"), f"it was fine I suppose overall, number {i}"
            res.append(r)
            texts.append(t)
        # the second half of the survey names its channels in another order: codes must be remapped
        channels = [["web", "app", "shop"][(i + (a >= n // 2)) % 3] for i in rows]
        out.append({"rows": rows, "scores": scores, "results": res, "texts": texts,
                    "periods": pd.Series([pd.Timestamp("2026-01-01") + pd.Timedelta(days=i) for i in rows]),
                    "segments": pd.DataFrame({"channel": channels})})
    return out


def test_merged_collectors_equal_one_collector():
    whole = Collector(LABELS, ["channel"], quote_pool=3, emerging_pool=5)
    merged = Collector(LABELS, ["channel"], quote_pool=3, emerging_pool=5)
    for k, b in enumerate(batches()):
        whole.add(**b)
        part = Collector(LABELS, ["channel"], quote_pool=3, emerging_pool=5, seed=b["rows"][0] + 1)
        part.add(**b)
        merged.merge(part)
        assert k == 0 or len(merged.quote_candidates()) <= 3 * len(LABELS)
    a, b = whole.data(), merged.data()
    pd.testing.assert_frame_equal(a.rows, b.rows)
    pd.testing.assert_frame_equal(a.tone, b.tone)
    pd.testing.assert_frame_equal(a.segments, b.segments)
    assert a.segments["channel"].cat.categories.tolist() == ["web", "app", "shop"]
    pd.testing.assert_frame_equal(whole.contradictions(), merged.contradictions())
    assert len(whole.contradictions()) > 0
    assert merged.emerging_seen == whole.emerging_seen and len(merged.emerging_sample()) == 5
    cands = merged.quote_candidates()
    assert cands.groupby("theme").size().max() == 3 and cands["row"].is_unique
    assert set(cands["theme"]) == set(whole.quote_candidates()["theme"])


def test_merge_refuses_other_layouts():
    with pytest.raises(ValueError, match="same themes, segments and pools"):
        Collector(LABELS, ["channel"]).merge(Collector(LABELS, ["region"]))


def test_drilldown_merge_keeps_smallest_keys_and_exact_mentions():
    ids = list(LABELS)
    whole, merged = DrilldownSampler(ids, [], per_theme=4), DrilldownSampler(ids, [], per_theme=4)
    for b in batches():
        batch = ResultBatch.from_results(b["results"], ids)
        texts = pd.Series(b["texts"], dtype=object)
        rows = np.asarray(b["rows"])
        whole.add(rows=rows, batch=batch, texts=texts, ids=None, segments=None, periods=None)
        part = DrilldownSampler(ids, [], per_theme=4, seed=int(rows[0]) + 1)
        part.add(rows=rows, batch=batch, texts=texts, ids=None, segments=None, periods=None)
        merged.merge(part)
    got, want = merged.data(LABELS), whole.data(LABELS)
    assert [(t["id"], t["mentions"]) for t in got["themes"]] == [(t["id"], t["mentions"]) for t in want["themes"]]
    assert all(len(t["comments"]) == min(4, t["mentions"]) for t in got["themes"])


def test_drilldown_merge_refuses_other_layouts():
    with pytest.raises(ValueError, match="same themes, segments and per_theme"):
        DrilldownSampler(list(LABELS), []).merge(DrilldownSampler(list(LABELS), [], per_theme=3))


def test_date_evidence_merges_and_mixed_orders_are_an_error():
    day, month = DateReader("d"), DateReader("d")
    day.parse(pd.Series(["25/04/2026"]))
    month.parse(pd.Series(["04/26/2026"]))
    assert day.evidence == {"day-first": "25/04/2026"} and month.evidence == {"month-first": "04/26/2026"}
    day.evidence.clear()  # a copy: the reader's own evidence is read-only from outside
    driver = DateReader("d")
    driver.merge(day.evidence)
    driver.merge({"day-first": "30/04/2026"})  # the first example cell of an order is kept
    assert driver.evidence == {"day-first": "25/04/2026"}
    with pytest.raises(InvalidInputError, match=r"mixes day-first dates \('25/04/2026'\) and month-first dates "
                                                r"\('04/26/2026'\)"):
        driver.merge(month.evidence)
