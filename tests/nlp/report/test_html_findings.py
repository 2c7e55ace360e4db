"""The story report as HTML: findings from report.findings, glossary, small multiples, quote ids; in Chromium."""

import shutil
import subprocess
from pathlib import Path

import pytest
from test_story_survey import story  # noqa: F401  (module fixture: the planted-story report)

from nlp.render.html import render_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian: apt-get install -y chromium)")
def test_story_report_in_headless_chromium(page, tmp_path: Path):
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom",
                           path.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    dom = proc.stdout
    assert "<h2>Glossary</h2>" in dom and "NPS fell −39.7 points from 2026-05" in dom
    assert dom.count("<svg") >= 5
