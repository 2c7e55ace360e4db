"""Drill-down: per theme a bounded, PII-masked sample of its comments, embedded as JSON in the one HTML file and
filtered client-side by segment, sentiment and period (checked in headless Chromium by changing the selects)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from headless import dump_dom, needs_chromium
from report_fakes import result
from test_story_survey import LABELS, story  # noqa: F401  (module fixture: the planted-story report)

from nlp.render.html import json_for_script, render_report
from nlp.report.batch import ResultBatch
from nlp.report.drilldown import DrilldownSampler
from nlp.report.trends import period_label, period_start


def _sample(rows: list[dict], per_theme: int = 200, chunk: int = 500) -> DrilldownSampler:
    drill = DrilldownSampler(list(LABELS), ["city", "channel"], per_theme=per_theme)
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        batch = ResultBatch.from_results([result(r["sentiment"], r["themes"]) for r in part], list(LABELS))
        starts = period_start(pd.Series(pd.to_datetime([r["date"] for r in part])), "month")
        drill.add(rows=np.arange(start, start + len(part)), batch=batch, texts=pd.Series([r["comment"] for r in part]),
                  ids=pd.Series([r["id"] for r in part]),
                  segments=pd.DataFrame({"city": [r["city"] for r in part], "channel": [r["channel"] for r in part]}),
                  periods=[period_label(pd.Timestamp(s), "month") for s in starts])
    return drill


@pytest.fixture(scope="module")
def drilled(story):  # noqa: F811
    _mod, rows, report = story
    return rows, {**report, "drilldown": _sample(rows).data(LABELS)}


def test_sample_is_bounded_counts_mentions_and_keeps_row_fields(drilled) -> None:
    rows, report = drilled
    by_id = {t["id"]: t for t in report["drilldown"]["themes"]}
    for tid, t in by_id.items():
        mentioned = [i for i, r in enumerate(rows) if tid in r["themes"]]
        assert t["mentions"] == len(mentioned)
        assert len(t["comments"]) == min(200, len(mentioned))
        assert [c["row"] for c in t["comments"]] == sorted(c["row"] for c in t["comments"])
        for c in t["comments"]:
            r = rows[c["row"]]
            assert c["id"] == r["id"] and c["sentiment"] == r["themes"][tid] and c["segments"]["city"] == r["city"]
            assert c["period"] == r["date"][:7]
    assert by_id["delivery"]["mentions"] > 200  # the cap is exercised


def test_sample_does_not_depend_on_chunk_size(drilled) -> None:
    rows, report = drilled
    assert _sample(rows, chunk=137).data(LABELS) == report["drilldown"]


def test_pii_masked_and_script_breakout_escaped() -> None:
    drill = DrilldownSampler(["t"], [])
    batch = ResultBatch.from_results([result("negative", {"t": "negative"})], ["t"])
    drill.add(rows=np.array([0]), batch=batch, texts=pd.Series(["mail jo@example.com </script><b>x"]), ids=None,
              segments=None, periods=None)
    data = drill.data({"t": "T"})
    assert data["themes"][0]["comments"][0]["text"].startswith("mail [email] </script>")
    out = str(json_for_script(data))
    assert "</script>" not in out and json.loads(out) == data


def test_html_embeds_data_and_allows_only_its_own_script(drilled) -> None:
    page = render_report(drilled[1])
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert "script-src 'sha256-" in csp and "default-src 'none'" in csp and "http" not in csp
    assert 'id="drill-data"' in page and 'data-segment="city"' in page and "<script src" not in page
    assert "script-src" not in render_report({**drilled[1], "drilldown": None})


HARNESS = """<script>
(function () {
  function rows() { return document.querySelectorAll("#drill-rows tr").length; }
  function pick(sel, value) { sel.value = value; sel.dispatchEvent(new Event("change")); }
  var out = {start: rows()};
  pick(document.querySelector('#drill select[data-segment="city"]'), "Porto");
  out.city = rows();
  out.cities = Array.prototype.map.call(document.querySelectorAll("#drill-rows tr"),
    function (tr) { return tr.children[3].textContent; });
  pick(document.getElementById("drill-sentiment"), "negative");
  out.cityNeg = rows();
  pick(document.getElementById("drill-period"), "2026-06");
  out.cityNegJune = rows();
  pick(document.getElementById("drill-theme"), "digital");
  out.digital = rows();
  out.count = document.getElementById("drill-count").textContent;
  var pre = document.createElement("pre"); pre.id = "result"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}());
</script>"""


@needs_chromium
def test_filters_change_the_visible_rows_in_headless_chromium(drilled, tmp_path: Path) -> None:
    report = drilled[1]
    page = render_report(report)
    # the report as shipped runs its own script only; the test copy also runs a harness that changes the selects
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace("</body>", HARNESS + "</body>")
    dom = dump_dom(page, tmp_path)
    got = json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1))  # type: ignore[union-attr]
    first = report["drilldown"]["themes"][0]["comments"]
    porto = [c for c in first if c["segments"]["city"] == "Porto"]
    neg = [c for c in porto if c["sentiment"] == "negative"]
    assert got["start"] == len(first)
    assert got["city"] == len(porto) < len(first) and set(got["cities"]) == {"Porto"}
    assert got["cityNeg"] == len(neg) < len(porto)
    assert got["cityNegJune"] == len([c for c in neg if c["period"] == "2026-06"]) < len(neg)
    digital = next(t for t in report["drilldown"]["themes"] if t["id"] == "digital")
    assert got["digital"] == len(digital["comments"])  # a new theme resets the filters
    assert got["count"].startswith(f"Showing {len(digital['comments'])} of {len(digital['comments'])}")


@needs_chromium
def test_shipped_page_runs_its_script_under_its_own_csp(drilled, tmp_path: Path) -> None:
    dom = dump_dom(render_report(drilled[1]), tmp_path, console_markers=("CONSOLE", "Content Security"))
    assert dom.count("<tr data-row=") == len(drilled[1]["drilldown"]["themes"][0]["comments"])
