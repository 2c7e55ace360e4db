"""The story report as HTML: findings from report.findings, glossary, small multiples, quote ids; in Chromium."""

from pathlib import Path

import pytest
from headless import dump_dom, needs_chromium
from test_story_survey import story  # noqa: F401  (module fixture: the planted-story report)

from nlp.render.html import render_report


@pytest.fixture(scope="module")
def page(story):  # noqa: F811
    return render_report(story[2])


def test_findings_glossary_small_multiples_and_ids(page, story):  # noqa: F811
    report = story[2]
    items = page.split('<ul class="findings">')[1].split("</ul>")[0]
    assert items.count("<li") == len(report["findings"])
    assert "In city “Lyon”, complaints about Delivery went from" in items
    assert "<h2>Glossary</h2>" in page and "<dt>Impact</dt>" in page
    assert "NPS per month by city" in page and "Lyon · n=" in page
    assert "When things changed (over the whole period)" in page and "Complaints and praise, separately" in page
    assert "Strongest complaints: Delivery" in page
    delivery = next(t for t in report["themes"] if t["id"] == "delivery")
    assert f"id {delivery['strongest_quotes'][0]['id']}" in page
    assert "Comments that contradict the score" in page


@needs_chromium
def test_story_report_in_headless_chromium(page, tmp_path: Path):
    dom = dump_dom(page, tmp_path)
    assert "<h2>Glossary</h2>" in dom and "NPS fell −39.7 points from 2026-05" in dom
    assert dom.count("<svg") >= 5
