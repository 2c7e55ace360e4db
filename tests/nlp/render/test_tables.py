import csv
import io

import pytest

from nlp.render.tables import CsvWriter, safe_cell, segment_rows, theme_table


@pytest.mark.parametrize(("value", "want"), [
    ("=1+1", "'=1+1"), ("+44 7700", "'+44 7700"), ("-2+3", "'-2+3"), ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=cmd", "'\t=cmd"), ("\r=cmd", "'\r=cmd"), ("＝1+1", "'＝1+1"),
    ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
    ("fine = good", "fine = good"), ("", ""), (None, ""), (-3.5, -3.5), (7, 7), (True, "true"),
    (float("nan"), ""),
])
def test_safe_cell(value, want):
    assert safe_cell(value) == want


def test_writer_neutralises_every_text_cell_and_round_trips():
    buf = io.StringIO()
    w = CsvWriter(buf, ["row", "text", "segment"])
    w.write({"row": 1, "text": "=cmd|' /C calc'!A0", "segment": "@web"})
    w.write({"row": 2, "text": 'he said "hi", then left\nnew line', "segment": None})
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0] == {"row": "1", "text": "'=cmd|' /C calc'!A0", "segment": "'@web"}
    assert rows[1]["text"] == 'he said "hi", then left\nnew line' and rows[1]["segment"] == ""
    assert w.rows == 2


def test_report_tables_flatten():
    rep = {
        "themes": [{"id": "a", "label": "=A", "mentions": 3, "share": 30.0, "impact": -2.0, "impact_ci95": [-4, 0],
                    "sentiment": {"positive": 1, "neutral": 0, "negative": 2, "conflict": 0}}],
        "segments": {"channel": [{"value": "-web", "n": 5, "ci95": [-10, 10], "nps": 0.0,
                                  "themes": [{"id": "a", "negative_share": 40.0}]}]},
    }
    _, rows = theme_table(rep)
    assert rows[0]["negative"] == 2 and rows[0]["impact_ci_low"] == -4
    _, rows = segment_rows(rep)
    assert rows[0]["negative_share:a"] == 40.0 and rows[0]["segment"] == "channel"
    assert safe_cell(rows[0]["value"]) == "'-web"
