"""The HTML report: escaping of hostile text, self-containment, and a real headless Chromium."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from headless import dump_dom, needs_chromium
from report_fakes import result

from nlp.render.html import render_report
from nlp.report.build import build_report
from nlp.report.collect import Collector

SCRIPT = "<script>document.title='pwned'</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_LABELS = {"wait_time": "Waiting <b>time</b>", "app": "App</title><script>alert(2)</script>", "price": "Price"}
SECTIONS = ["Key findings", "Net Promoter Score", "What drives NPS", "Themes and sentiment", "Segments", "Trends",
            "What customers said", "Emerging themes", "Data quality", "Definitions"]


def hostile_report(n=80):
    col = Collector(HOSTILE_LABELS, ["channel"], quote_pool=10)
    for start in range(0, n, 20):
        rows = list(range(start, start + 20))
        scores = [(i * 7) % 11 for i in rows]
        texts = [f"{SCRIPT} slow queue {i} {IMG}" if s <= 6 else f"great app {i} call 07700 900123" for i, s in
                 zip(rows, scores, strict=True)]
        results = [result("negative", {"wait_time": "negative"}) if s <= 6 else
                   result("positive", {"app": "positive"}) for s in scores]
        col.add(rows=rows, scores=scores, results=results, texts=texts,
                periods=pd.Series([pd.Timestamp(f"2026-0{1 + i % 3}-01") for i in rows]),
                segments=pd.DataFrame({"channel": [IMG if i % 2 else "<i>web</i>" for i in rows]}))
    emerging = [{"label": f"x {SCRIPT}", "keywords": [IMG], "size": 5, "sample_size": 5, "examples": [SCRIPT],
                 "generic": False}]
    return build_report(col.data(), model={"name": "<m>", "version": "1"}, taxonomy={"name": "<t>", "themes": 3},
                        rejected={"score not an integer 0–10": 2}, total_rows=n + 2, period="month",
                        quote_candidates=col.quote_candidates(), emerging=emerging, min_mentions=5,
                        meta={"source": f"{IMG}.csv"})


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p", "nav", "a",
                "main", "section", "ul", "li", "span", "b", "svg", "rect", "text", "line", "g", "path", "polygon",
                "polyline", "circle", "table", "thead", "tbody", "tr", "th", "td", "i", "br", "code", "blockquote",
                "footer", "dl", "dt", "dd"}


class _Refs(HTMLParser):
    """Every real tag and every src/href attribute value of a page."""

    def __init__(self):
        super().__init__()
        self.tags, self.urls = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href", "srcset", "action", "formaction") and v]


@pytest.fixture(scope="module")
def html():
    return render_report(hostile_report())


def test_hostile_text_is_escaped(html):
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>time</b>" not in html and "Waiting &lt;b&gt;time&lt;/b&gt;" in html
    assert "<i>web</i>" not in html


def test_pii_masked_in_quotes(html):
    assert "07700 900123" not in html and "[phone]" in html


def test_self_contained_no_network(html):
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    refs = _Refs()
    refs.feed(html)
    assert refs.tags <= ALLOWED_TAGS, refs.tags - ALLOWED_TAGS
    assert not [u for u in refs.urls if not u.startswith("#")], refs.urls
    external = {u for u in re.findall(r"https?://[^\s'\"<>]+", html) if u != "http://www.w3.org/2000/svg"}
    assert not external


def test_all_sections_present(html):
    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in html


def test_empty_report_renders():
    rep = build_report(Collector(HOSTILE_LABELS).data(), model={}, taxonomy={"name": "t", "themes": 3},
                       rejected={"score missing": 2}, total_rows=2)
    page = render_report(rep)
    assert "no NPS" in page and "<h2>Data quality</h2>" in page


@needs_chromium
def test_report_in_headless_chromium(html, tmp_path: Path):
    dom = dump_dom(html, tmp_path)  # no JS errors, no CSP violations, nothing blocked
    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in dom
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "<svg" in dom and "<script" not in dom.lower()
