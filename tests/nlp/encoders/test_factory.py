import numpy as np
import pytest

from nlp.encoders.factory import make_encoder
from nlp.encoders.hashing import HashingEncoder
from nlp.errors import ConfigError


def test_unknown_encoder_lists_known_names():
    with pytest.raises(ConfigError, match=r"known: \['hashing\.v1'"):
        make_encoder("bert-huge")


def test_hashing_encoder_shapes_and_norms():
    enc = HashingEncoder()
    x = enc.encode(["good service", "good service", "bad app"])
    assert x.shape == (3, enc.dim) and x.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1, atol=1e-5)
    np.testing.assert_array_equal(x[0], x[1])
    assert enc.encode([]).shape == (0, enc.dim)


def test_use_encoder_is_offline_normalised_and_semantic():
    enc = make_encoder("use-m3.v1", threads=1)
    x = enc.encode(["The queue was very long", "We waited ages in line", "The pasta tasted great", "ok", "ok"])
    assert x.shape == (5, 512)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1, atol=1e-4)
    assert x[0] @ x[1] > x[0] @ x[2]
    np.testing.assert_array_equal(x[3], x[4])
    assert enc.encode([]).shape == (0, 512)
