import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from nlp.classifiers.heads import Head
from nlp.errors import ArtifactError, InvalidInputError


def _data(n=120, d=6, k=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int) if k == 3 else (x[:, 0] > 0).astype(int)
    return x, y


def test_softmax_head_matches_sklearn():
    x, y = _data()
    lr = LogisticRegression(max_iter=500).fit(x, y)
    head = Head.from_sklearn(lr, "softmax")
    np.testing.assert_allclose(head.predict_proba(x), lr.predict_proba(x), atol=1e-5)


def test_mlp_head_matches_sklearn():
    x, y = _data(k=2)
    mlp = MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0).fit(x, y)
    head = Head.from_sklearn(mlp, "sigmoid")
    np.testing.assert_allclose(head.predict_proba(x)[:, 0], mlp.predict_proba(x)[:, 1], atol=1e-5)


def test_tensor_round_trip_keeps_temperature():
    x, y = _data()
    head = Head.from_sklearn(LogisticRegression(max_iter=500).fit(x, y), "softmax", temperature=1.7)
    again = Head.from_tensors(head.to_tensors("s"), "s", head.spec())
    np.testing.assert_array_equal(again.predict_proba(x), head.predict_proba(x))
    assert again.temperature == 1.7


def test_wrong_width_and_missing_tensor_are_clear():
    x, y = _data()
    head = Head.from_sklearn(LogisticRegression(max_iter=500).fit(x, y), "softmax")
    with pytest.raises(InvalidInputError, match=r"expects \(n, 6\)"):
        head.predict_proba(x[:, :5])
    with pytest.raises(ArtifactError, match="incomplete"):
        Head.from_tensors({}, "s", head.spec())
