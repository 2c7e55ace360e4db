"""FastVader must give vaderSentiment's scores exactly (the sentiment heads were trained on them)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nlp.classifiers import sentiment
from nlp.classifiers.vader import FastVader
from nlp.text import split_clauses

REPO = Path(__file__).resolve().parents[3]
SHARED_DATA = REPO.parent / "shared" / "data"

# Each reaches one of the reference's rules: boosters ("very", "kind of", ALL CAPS), "no" as a negator and as a
# word, "least", negations one to three words back ("n't", "never so", "without doubt"), idioms ("the bomb",
# "yeah right", "to die for", "kiss of death"), booster bigrams ("sort of"), "but", "!" and "?" emphasis, emoji,
# punctuation-only tokens and emoticons, whitespace at the ends, non-ASCII letters.
RULE_TEXTS = [
    "", "   ", "ok", "Good", "GOOD", "The food was VERY good but the service was awful!!!",
    "kind of nice", "It was kind of disappointing", "no good", "No, it was good", "no problems at all",
    "there was no time nor joy", "no time or fun", "not the least bit helpful",
    "at least it was cheap", "very least bad",
    "I didn't like it", "It isn't bad", "never so happy", "never this rude", "without doubt the best",
    "without a doubt great", "It was not so great", "I would never ever say it was so good",
    "That party was the bomb", "yeah right, great service", "The cake is to die for", "kiss of death service",
    "sort of ok", "the staff were sort of rude", "Great food, but awful service and terrible parking.",
    "good but good but bad", "Why is it so slow?? Really???", "Love it!!!!!!", "Terrible? Yes.",
    "Great 😀 service 👍", "😡😡", "Service :) was fine :(", "... !!! ???", "  Nice!  ",
    "Überraschend GUT, nicht schlecht",
    "LOVE the STAFF, HATE the wait", "The food wasn't bad at all and the staff weren't unfriendly",
    "couldnt care less", "ain't no sunshine", "Not bad. Not bad at all.", "bus stop was fine",
    "extremely uncomfortable seats", "the most amazing, fabulous, incredible stay", "hardly any help",
    "incredibly the room nice", "extremely the staff kind", "that was one bad ass car", "it was the kiss of death",
    "and then it was the shit", "we waited at the bus stop",
]


def _same(texts: list[str]) -> None:
    ref, fast = SentimentIntensityAnalyzer(), FastVader()
    diff = [(t, ref.polarity_scores(t), fast.polarity_scores(t)) for t in texts
            if ref.polarity_scores(t) != fast.polarity_scores(t)]
    assert not diff, diff[:3]


def test_every_rule_gives_the_reference_scores():
    _same(RULE_TEXTS)
    scores = FastVader().polarity_scores("The food was VERY good but the service was awful!!!")
    assert set(scores) == {"neg", "neu", "pos", "compound"} and scores["neg"] > 0 and scores["pos"] > 0


def test_our_corpus_and_hard_cases_give_the_reference_scores():
    texts: list[str] = []
    for path in [REPO / "training/corpus/generated/corpus-v1.jsonl", REPO / "benchmarks/data/hard-cases-v1.jsonl",
                 REPO / "benchmarks/data/hard-cases-social-v1.jsonl"]:
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()][:4000]
    texts += [c.text for t in texts[:1000] for c in split_clauses(t)]
    assert len(texts) > 5000
    _same(texts)


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is absent")
def test_public_reviews_and_their_clauses_give_the_reference_scores():
    path = SHARED_DATA / "womens-ecommerce-clothing-reviews"
    reviews = pd.read_csv(next(path.glob("*.csv")))["Review Text"].dropna().astype(str).tolist()[:1500]
    _same(reviews + [c.text for t in reviews for c in split_clauses(t)])


def test_lexicon_features_use_the_fast_scorer():
    assert isinstance(sentiment._vader(), FastVader)
    feats = sentiment.lexicon_features(["Great staff", "Great staff", "The wait was awful"])
    ref = SentimentIntensityAnalyzer().polarity_scores("The wait was awful")
    assert feats.shape == (3, 4)
    assert feats[0].tolist() == feats[1].tolist()
    assert feats[2].tolist() == pytest.approx([sentiment.LEXICON_SCALE * ref[k]
                                               for k in ("neg", "neu", "pos", "compound")])


def test_text_that_is_not_a_string_goes_to_the_reference():
    with pytest.raises(TypeError):  # the reference fails on a float; FastVader does not hide that
        SentimentIntensityAnalyzer().polarity_scores(1.5)
    with pytest.raises(TypeError):
        FastVader().polarity_scores(1.5)  # type: ignore[arg-type]
