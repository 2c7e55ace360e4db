"""Social-media posts read without their addressing (nlp.text.strip_social, ModelConfig.strip_social)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from nlp.artifacts.folder import ModelConfig
from nlp.pipeline import Analyzer
from nlp.symbols import read_as_words
from nlp.text import split_clauses, strip_social
from training.config import TrainConfig
from training.trainer import read_frame


@pytest.mark.parametrize(("text", "read"), [
    ("@AcmeSupport thanks, sorted now https://t.co/x1Yz", "thanks, sorted now"),
    ("@AcmeHelp @Acme: still no refund", "still no refund"),
    (".@AcmeCare : why is the app down?", "why is the app down?"),
    ("Days late and smashed. Awesome @UPS @UPSHelp", "Days late and smashed. Awesome"),
    ("la app se cuelga 😠 #ripoff bit.ly/iGF65AFa", "la app se cuelga 😠 #ripoff"),
    ("see http://x.example/a and https://y.example/b?q=1 thanks", "see and thanks"),
    ("@VirginTrains. Hi, can I book seats?", "Hi, can I book seats?"),
])
def test_addressing_and_links_are_dropped(text: str, read: str) -> None:
    assert strip_social(text) == read


@pytest.mark.parametrize("text", [
    "shout out to @AcmeCare for sorting me out",  # a mention inside the sentence is words of the sentence
    "mail me at bob@acme.example please",  # an e-mail address is no mention
    "www.acme.example is down again",  # a domain named in a sentence stays
    "the 24/7 line was great",
    "@AcmeHelp",  # nothing would be left: read as written
    "@AcmeHelp https://t.co/x1Yz",
    "no addressing here",
    ": a colon without a mention stays",
    "spaces  not  collapsed, 24/7 @ the counter",  # nothing to strip: whitespace is left as it came
])
def test_text_without_addressing_to_drop_comes_back_as_the_same_object(text: str) -> None:
    assert strip_social(text) is text


def test_what_is_left_may_be_symbols_which_are_then_glossed() -> None:
    assert strip_social("@AcmeHelp 👍") == "👍"
    assert read_as_words(strip_social("@AcmeHelp 👍")) == "thumbs up"
    assert read_as_words("@AcmeHelp 👍") == "@AcmeHelp 👍"  # as written, the handle's letters make it text


def test_clauses_of_a_stripped_post_carry_no_link() -> None:
    post = "Parcel came two days late. Hopefully this goes somewhere https://t.co/iJqFqMLgnZ"
    assert [c.text for c in split_clauses(strip_social(post))] == ["Parcel came two days late.",
                                                                    "Hopefully this goes somewhere"]


def test_models_before_2_9_read_as_written_and_new_builds_strip() -> None:
    fields = ModelConfig.model_fields
    assert fields["strip_social"].default is False
    assert TrainConfig().strip_social is True


def test_training_rows_keep_their_addressing_and_gloss_symbols() -> None:
    post = "@AcmeHelp still no refund https://t.co/a1"
    df = pd.DataFrame({"text": [post, "👍"],
                       "clauses": [[{"text": post, "polarity": "negative"}], [{"text": "👍", "polarity": "positive"}]]})
    out = read_frame(df, TrainConfig())  # strip_social on: a decode setting, training texts stay as written
    assert list(out["text"]) == [post, "thumbs up"]
    assert out["clauses"][1][0] == {"text": "thumbs up", "polarity": "positive"}
    assert df["text"][1] == "👍"  # the input frame is not changed
    assert read_frame(df, TrainConfig(gloss_symbols=False)) is df


def test_the_pipeline_reads_posts_without_addressing(tiny_analyzer: Analyzer) -> None:
    assert tiny_analyzer.strip_social  # TrainConfig.strip_social defaults to on
    post = "@AcmeSupport the app keeps crashing and support never replied https://t.co/x1Yz"
    stripped = tiny_analyzer.analyze([post])[0]
    assert stripped.themes and all("@" not in h.evidence and "t.co" not in h.evidence for h in stripped.themes)
    plain = tiny_analyzer.analyze(["the app keeps crashing and support never replied"])[0]
    assert stripped.sentiment == plain.sentiment  # the same text is read
    assert [h.id for h in stripped.themes] == [h.id for h in plain.themes]
    old = copy.copy(tiny_analyzer)
    old.strip_social = False
    as_written = old.analyze([post])[0]
    assert as_written.sentiment != stripped.sentiment or as_written.themes != stripped.themes


def test_a_post_of_a_handle_and_an_emoji_gets_a_sentiment_and_no_theme(tiny_analyzer: Analyzer) -> None:
    res = tiny_analyzer.analyze(["@AcmeHelp 👍", "👍"])
    assert res[0].sentiment is not None and res[0].sentiment == res[1].sentiment
    assert res[0].themes == ()
