"""Deterministic generator of a labelled customer-feedback corpus (sentiment + themes per clause).

``python -m training.corpus --seed 1 --out training/corpus/generated`` rebuilds ``corpus-v1.jsonl``,
``themes-v1.jsonl`` and ``stats-v1.json`` byte for byte. See ``DATA_CARD.md`` in this folder.
"""

VERSION = "v1"
