import pytest

from nlp.errors import InvalidTaxonomyError
from nlp.taxonomy import default_taxonomy, load_taxonomy, parse_taxonomy, theme_keywords

GOOD = """
name: restaurant
themes:
  - id: food
    label: Food
    description: Taste, quality, freshness and portion size of dishes and drinks.
    examples: ["The pasta was bland.", "Best sushi in town"]
  - id: service
    label: Service
    description: Waiters, friendliness and speed of service.
"""


def test_default_taxonomy_has_cross_industry_themes():
    tax = default_taxonomy()
    assert len(tax.themes) >= 15
    for needed in ("wait_time", "staff_attitude", "price_value", "billing", "digital", "delivery", "returns_refunds"):
        assert needed in tax.ids
    assert all(t.description and t.examples for t in tax.themes)


def test_parse_good_yaml_keeps_order_and_examples():
    tax = parse_taxonomy(GOOD)
    assert tax.ids == ["food", "service"]
    assert tax.theme("food").examples == ("The pasta was bland.", "Best sushi in town")
    assert tax.theme("service").examples == ()


def test_yaml_round_trip_and_fingerprint():
    tax = parse_taxonomy(GOOD)
    again = parse_taxonomy(tax.to_yaml())
    assert again == tax
    assert again.fingerprint() == tax.fingerprint()
    assert parse_taxonomy(GOOD.replace("Bland", "x").replace("bland", "salty")).fingerprint() != tax.fingerprint()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (GOOD.replace("    label: Food", "    label: Food\n    colour: red"), "unknown key 'themes.0.colour'"),
        (GOOD.replace("id: service", "id: food"), "duplicate theme ids: \\['food'\\]"),
        ("name: x\nthemes: []\n", "themes"),
        (GOOD.replace("id: food", "id: Food Quality"), "themes.0.id"),
        ("- just\n- a list\n", "expected a mapping"),
        ("name: [unclosed", "not valid YAML"),
        (GOOD.replace("name: restaurant\n", "name: restaurant\nowner: me\n"), "unknown key 'owner'"),
    ],
)
def test_bad_taxonomies_are_clear_errors(text, match):
    with pytest.raises(InvalidTaxonomyError, match=match):
        parse_taxonomy(text, "t.yaml")


def test_load_missing_file(tmp_path):
    with pytest.raises(InvalidTaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.yaml")


def test_theme_keywords_drop_stopwords():
    kw = theme_keywords(parse_taxonomy(GOOD).theme("food"))
    assert "taste" in kw and "portion" in kw
    assert "and" not in kw and "of" not in kw
