import math

import numpy as np
import pytest

from nlp.errors import InvalidInputError
from nlp.pipeline import Analyzer
from nlp.schema import SENTIMENTS
from nlp.taxonomy import parse_taxonomy
from nlp.units import Units

SAMPLE = ["staff were lovely but the wait was awful", "", None, "12345", "great value, cheap prices",
          "the app keeps crashing", float("nan"), "ok"]

SHOP = parse_taxonomy("""
name: shop
themes:
  - id: speed
    label: Speed
    description: How quickly customers are served; queues and waiting.
  - id: app
    label: Mobile app
    description: The app and website, crashes and login.
    examples: ["app crashed again", "website is easy to use"]
""")


def test_one_result_per_input_in_order_with_skips(tiny_analyzer):
    res = tiny_analyzer.analyze(SAMPLE)
    assert len(res) == len(SAMPLE)
    assert [r.skipped for r in res] == [None, "empty", "empty", "not_text", None, None, "empty", None]
    for r in res:
        if r.skipped:
            assert r.sentiment is None and r.themes == ()
        else:
            assert r.sentiment.label in SENTIMENTS
            assert math.isclose(sum(r.sentiment.scores.values()), 1.0, abs_tol=1e-6)
            assert r.sentiment.label == max(r.sentiment.scores, key=r.sentiment.scores.get)
            for h in r.themes:
                assert 0 <= h.confidence <= 1 and h.evidence


def test_batching_does_not_change_results(tiny_analyzer):
    texts = [t for t in SAMPLE if isinstance(t, str)] * 3
    assert tiny_analyzer.analyze(texts, batch_size=2) == tiny_analyzer.analyze(texts, batch_size=64)


def test_single_string_and_bad_input_are_refused(tiny_analyzer):
    with pytest.raises(InvalidInputError, match=r"pass \[text\]"):
        tiny_analyzer.analyze("just one string")
    with pytest.raises(InvalidInputError, match="got int"):
        tiny_analyzer.analyze(3)
    with pytest.raises(InvalidInputError, match="batch_size"):
        tiny_analyzer.analyze(["x"], batch_size=0)
    assert tiny_analyzer.analyze([]) == []


def test_customer_taxonomy_only_returns_its_themes(tiny_analyzer):
    res = tiny_analyzer.analyze(["the app crashed three times", "queue took forever", "ok"], taxonomy=SHOP)
    ids = {h.id for r in res for h in r.themes}
    assert ids <= {"speed", "app"}
    assert "app" in {h.id for h in res[0].themes}


def test_reload_gives_identical_results(tiny_model_dir, tiny_analyzer):
    again = Analyzer.load(tiny_model_dir)
    texts = [t for t in SAMPLE if isinstance(t, str)]
    assert again.analyze(texts) == tiny_analyzer.analyze(texts)
    assert again.analyze(texts, taxonomy=SHOP) == tiny_analyzer.analyze(texts, taxonomy=SHOP)


def test_units_layout():
    u = Units.build(["good", "food great, wait awful"])
    assert u.texts == ["good", "food great, wait awful", "food great", "wait awful"]
    np.testing.assert_array_equal(u.starts, [0, 1])
    np.testing.assert_array_equal(u.n_units, [1, 3])


def test_result_dict_matches_cli_contract(tiny_analyzer):
    d = tiny_analyzer.analyze(["staff were lovely but the wait was awful"])[0].to_dict()
    assert set(d) == {"sentiment", "themes", "language", "skipped"}
    assert d["language"] == "en"
    assert set(d["sentiment"]) == {"label", "scores", "mixed"}
    assert set(d["sentiment"]["scores"]) == set(SENTIMENTS)
    assert isinstance(d["sentiment"]["mixed"], bool)
    for t in d["themes"]:
        assert set(t) == {"id", "label", "confidence", "sentiment", "evidence"}


def test_conflict_needs_two_clauses_past_the_conflict_threshold(tiny_analyzer, monkeypatch):
    pos, neg, neutral = np.array([0.1, 0.2, 0.7]), np.array([0.7, 0.2, 0.1]), np.array([0.2, 0.6, 0.2])
    monkeypatch.setattr(tiny_analyzer, "conflict_threshold", 0.6)
    assert tiny_analyzer._theme_label([pos, neg], pos) == "conflict"
    assert tiny_analyzer._theme_label([pos, neutral], pos) == "positive"
    assert tiny_analyzer._theme_label([neg], neg) == "negative"  # one clause never conflicts
    monkeypatch.setattr(tiny_analyzer, "conflict_threshold", 0.8)  # 0.7 each way is no longer a clear disagreement
    assert tiny_analyzer._theme_label([pos, neg], neg) == "negative"
    strong = np.array([0.05, 0.05, 0.9]), np.array([0.9, 0.05, 0.05])
    assert tiny_analyzer._theme_label(list(strong), strong[0]) == "conflict"


def test_conflict_threshold_defaults_to_the_mixed_threshold_for_older_models(tiny_model_dir):
    from nlp.artifacts.folder import read_artifact

    art = read_artifact(tiny_model_dir)
    old = art.model_copy(update={"config": art.config.model_copy(update={"conflict_threshold": None})})
    assert Analyzer.from_artifact(old).conflict_threshold == art.config.mixed_threshold
    new = art.model_copy(update={"config": art.config.model_copy(update={"conflict_threshold": 0.85})})
    assert Analyzer.from_artifact(new).conflict_threshold == 0.85


def test_theme_overall_weight_moves_one_clause_comments_only(tiny_analyzer, monkeypatch):
    """``theme_overall_weight`` mixes a one-clause comment's overall sentiment into its themes' sentiment (1: the
    themes take the overall label) and leaves the clauses of longer comments to the theme-sentiment head."""
    class Neutral:  # a theme-sentiment head that always answers neutral, so any other label came from the blend
        def predict_proba(self, x):
            return np.tile(np.array([0.0, 1.0, 0.0], dtype=np.float32), (len(x), 1))

    monkeypatch.setattr(tiny_analyzer, "theme_sentiment", Neutral())
    monkeypatch.setattr(tiny_analyzer, "theme_sentiment_lex_weight", 0.0)
    monkeypatch.setattr(tiny_analyzer, "theme_sentiment_blend", 0.0)
    one = ["the app keeps crashing", "really cheap prices", "staff were lovely", "waited forever in the queue"]
    many = ["staff were lovely but the wait was awful", "The app crashed. Delivery was quick though."]
    assert list(Units.build(one).n_units) == [1] * len(one) and min(Units.build(many).n_units) > 1
    monkeypatch.setattr(tiny_analyzer, "theme_overall_weight", 0.0)
    before = tiny_analyzer.analyze(one + many)
    assert {h.sentiment for r in before for h in r.themes} == {"neutral"}
    monkeypatch.setattr(tiny_analyzer, "theme_overall_weight", 1.0)
    after = tiny_analyzer.analyze(one + many)
    single = [r for r in after[: len(one)] if r.themes]
    assert single and {r.sentiment.label for r in single} - {"neutral"}, "needs a polar one-clause comment with a theme"
    assert all(h.sentiment == r.sentiment.label for r in single for h in r.themes)
    assert [r.to_dict() for r in after[len(one):]] == [r.to_dict() for r in before[len(one):]]
    assert any(r.themes for r in after[len(one):])
    assert [r.sentiment for r in after] == [r.sentiment for r in before]  # overall sentiment is untouched


def test_theme_overall_weight_is_stored_and_older_models_read_it_as_zero(tiny_model_dir):
    from nlp.artifacts.folder import ModelConfig, read_artifact

    art = read_artifact(tiny_model_dir)
    assert ModelConfig.model_fields["theme_overall_weight"].default == 0.0  # models before 2.14.0: the head alone
    assert Analyzer.from_artifact(art).theme_overall_weight == art.config.theme_overall_weight == 0.75
    old = art.model_copy(update={"config": art.config.model_copy(update={"theme_overall_weight": 0.0})})
    assert Analyzer.from_artifact(old).theme_overall_weight == 0.0


def test_evidence_probs_weigh_clauses_by_their_theme_score(tiny_analyzer, monkeypatch):
    """``theme_evidence_temperature``: a theme's sentiment is its clauses' theme sentiments weighted by
    softmax(theme score / temperature); 0, or a one-clause comment, gives the best clause's probabilities."""
    pos, neg = np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])
    sent = {1: pos, 2: neg, 3: neg}
    scores = np.array([0.5, 0.9, 0.85, 0.1])  # the theme's score per unit of the batch (unit 0: the whole comment)
    monkeypatch.setattr(tiny_analyzer, "theme_evidence_temperature", 0.0)
    assert tiny_analyzer._evidence_probs([1, 2, 3], scores, 1, sent) is pos
    monkeypatch.setattr(tiny_analyzer, "theme_evidence_temperature", 0.1)
    assert tiny_analyzer._evidence_probs([1], scores, 1, sent) is pos
    p = tiny_analyzer._evidence_probs([1, 2, 3], scores, 1, sent)
    w = np.exp(np.array([0.0, -0.5, -8.0]))
    np.testing.assert_allclose(p, (w[0] * pos + (w[1] + w[2]) * neg) / w.sum())
    assert p.sum() == pytest.approx(1.0) and p[2] > p[0]  # the best clause still leads at 0.1 …
    monkeypatch.setattr(tiny_analyzer, "theme_evidence_temperature", 1.0)
    assert tiny_analyzer._evidence_probs([1, 2, 3], scores, 1, sent).argmax() == 0  # … two negative clauses at 1.0


def test_theme_evidence_temperature_moves_multi_clause_themes_only(tiny_analyzer, monkeypatch):
    one = ["the app keeps crashing", "really cheap prices", "staff were lovely", "waited forever in the queue"]
    many = ["staff were lovely but the wait was awful and the app keeps crashing",
            "The app crashed. Delivery was quick though. Prices are fair."]
    monkeypatch.setattr(tiny_analyzer, "theme_evidence_temperature", 0.0)
    before = tiny_analyzer.analyze(one + many)
    calls: list[int] = []
    real = Analyzer._evidence_probs

    def spy(self, ids, unit_scores, best, theme_sent):
        calls.append(len(ids))
        return real(self, ids, unit_scores, best, theme_sent)

    monkeypatch.setattr(Analyzer, "_evidence_probs", spy)
    monkeypatch.setattr(tiny_analyzer, "theme_evidence_temperature", 1.0)
    after = tiny_analyzer.analyze(one + many)
    assert [r.to_dict() for r in after[: len(one)]] == [r.to_dict() for r in before[: len(one)]]
    assert [r.sentiment for r in after] == [r.sentiment for r in before]  # overall sentiment is untouched
    assert [[h.id for h in r.themes] for r in after] == [[h.id for h in r.themes] for r in before]  # same themes
    assert [[h.evidence for h in r.themes] for r in after] == [[h.evidence for h in r.themes] for r in before]
    assert max(calls) > 1  # the multi-clause comments' themes read more than one clause


def test_theme_evidence_temperature_is_stored_and_older_models_read_it_as_zero(tiny_model_dir):
    from nlp.artifacts.folder import ModelConfig, read_artifact
    from training.config import TrainConfig

    art = read_artifact(tiny_model_dir)
    assert ModelConfig.model_fields["theme_evidence_temperature"].default == 0.0  # before 2.15.0: best clause only
    built = TrainConfig.model_fields["theme_evidence_temperature"].default
    assert Analyzer.from_artifact(art).theme_evidence_temperature == art.config.theme_evidence_temperature == built
    old = art.model_copy(update={"config": art.config.model_copy(update={"theme_evidence_temperature": 0.0})})
    assert Analyzer.from_artifact(old).theme_evidence_temperature == 0.0
