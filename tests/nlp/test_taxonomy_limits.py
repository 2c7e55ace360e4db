"""Every malformed or oversized taxonomy is an InvalidTaxonomyError (never RecursionError/ValueError), so the CLI
prints one error line and the API answers 422."""

from __future__ import annotations

import pytest

from nlp.errors import InvalidTaxonomyError
from nlp.taxonomy import MAX_DEPTH, MAX_THEMES, parse_taxonomy

THEMES = "themes:\n  - id: a\n    label: A\n    description: about a\n"
HOSTILE = {
    "deep_yaml_flow": ("[" * 5000 + "]" * 5000, f"nested deeper than {MAX_DEPTH} levels"),
    "deep_yaml_block": ("a: " + "{b: " * 3000 + "1" + "}" * 3000, "nested deeper than"),
    "deep_json": ('{"name": "x", "themes": ' + "[" * 3000 + "]" * 3000 + "}", "nested deeper than"),
    "huge_int_version": ("name: x\nversion: " + "9" * 5000 + "\n" + THEMES, "a number with more than 4,300 digits"),
    "huge_int_json": ('{"name": "x", "version": ' + "1" * 5000 + ', "themes": []}', "more than 4,300 digits"),
    "big_int_version": ("name: x\nversion: " + "9" * 30 + "\n" + THEMES, "version"),
    "too_many_themes": ("name: x\nthemes:\n" + "  - {id: a, label: A, description: d}\n" * (MAX_THEMES + 1),
                        f"{MAX_THEMES + 1} themes, at most {MAX_THEMES}"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_taxonomies_are_invalid_taxonomy_errors(case: str) -> None:
    text, fragment = HOSTILE[case]
    with pytest.raises(InvalidTaxonomyError) as info:
        parse_taxonomy(text, "t.yaml")
    assert fragment in str(info.value) and "invalid taxonomy t.yaml" in str(info.value)


@pytest.mark.parametrize("version", ["2020-13-45", "2020-01-02", "2024-05-06 10:00:00"])
def test_date_like_versions_stay_text(version: str) -> None:
    tax = parse_taxonomy(f"name: x\nversion: {version}\n{THEMES}")
    assert tax.version == version
    assert parse_taxonomy(tax.to_yaml()).version == version  # and round-trip as text


def test_normal_nesting_and_ints_still_load() -> None:
    tax = parse_taxonomy(f"name: x\nversion: 3\n{THEMES}    examples: [one, two]\n")
    assert tax.version == 3 and tax.themes[0].examples == ("one", "two")
