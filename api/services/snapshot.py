"""The served model as one immutable value: analyzer, its micro-batcher and the version it reports.

A request reads ``state.snapshot`` once and uses only that value, so the results it returns and the model
version it names always come from the same model, however many promotes or rollbacks happen meanwhile.
Hot reload replaces the reference in one assignment (:mod:`api.services.hot_reload`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.services.batching import MicroBatcher
from nlp.pipeline import Analyzer


@dataclass(frozen=True)
class ModelSnapshot:
    """One served model: never mutated, only replaced."""

    analyzer: Analyzer
    batcher: MicroBatcher
    model_info: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, analyzer: Analyzer, batcher: MicroBatcher) -> ModelSnapshot:
        """The snapshot of ``analyzer`` served through ``batcher`` (its model info copied once)."""
        return cls(analyzer=analyzer, batcher=batcher, model_info=dict(analyzer.model_info))
