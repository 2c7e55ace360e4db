import pytest

from nlp.errors import ConfigError
from training.config import load_config


def test_default_config_file_loads():
    cfg = load_config("training/configs/default.toml")
    assert cfg.encoder == "use-m3.v1"
    assert {p.name for p in cfg.public_sets} <= {"clothing", "uci", "cfpb", "skytrax"}


def test_unknown_key_is_an_error(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('name = "x"\nlearning_rat = 0.1\n')
    with pytest.raises(ConfigError, match="learning_rat"):
        load_config(p)


def test_bad_toml_is_an_error(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("name = \n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(p)


def test_retrain_config_file_loads():
    cfg = load_config("training/configs/retrain.toml")
    assert cfg.base_data == "auto" and cfg.retrain_sentiment == "auto" and cfg.min_examples_error == 3
