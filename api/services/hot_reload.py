"""Swap the served model without dropping or mislabelling a request.

The new :class:`~nlp.pipeline.Analyzer` is loaded and warmed off the event loop first. Then one assignment
on the event loop replaces ``state.snapshot`` (a :class:`~api.services.snapshot.ModelSnapshot`: analyzer,
its own micro-batcher, the version it reports). A request reads the snapshot once, so it is answered
entirely by the old model or entirely by the new one, and names the model that produced its results. The
old batcher is retired: it finishes every job queued on it (late callers still holding the old snapshot
included) and its worker stops when idle; the old model is freed with the last snapshot referencing it.
"""

from __future__ import annotations

import logging

from api.deps import ServiceState
from api.services.batching import MicroBatcher
from api.services.snapshot import ModelSnapshot
from nlp.pipeline import Analyzer

log = logging.getLogger("npslens.api")


def make_batcher(state: ServiceState, analyzer: Analyzer) -> MicroBatcher:
    """A fair micro-batcher for ``analyzer`` with the server's batching settings."""
    s = state.settings
    return MicroBatcher(analyzer.analyze, window_ms=s.batch_window_ms, max_comments=s.max_batch_comments,
                        max_chars=s.max_batch_chars, fairness=s.fairness, on_batch=state.metrics.observe_batch)


async def swap_model(state: ServiceState, analyzer: Analyzer) -> ModelSnapshot:
    """Serve ``analyzer`` (already loaded and warmed) from now on; the old model drains in the background."""
    batcher = make_batcher(state, analyzer)
    await batcher.start()
    new = ModelSnapshot.of(analyzer, batcher)
    old = state.snapshot
    state.snapshot = new  # the swap: one reference, atomic for every coroutine
    state.load_error, state.ready = None, True
    if old is not None:
        state.metrics.model.labels(**old.model_info).set(0)
        old.batcher.retire()
    state.metrics.model.labels(**new.model_info).set(1)
    log.info("model swapped" if old else "model ready",
             extra={"version": new.model_info.get("version"),
                    "previous": old.model_info.get("version") if old else None})
    return new
