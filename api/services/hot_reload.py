"""Swap the served model without dropping a request.

The new :class:`~nlp.pipeline.Analyzer` is loaded and warmed off the event loop first. Then, in one step
on the event loop (no ``await`` in between), ``state.analyzer`` and ``state.batcher`` point at the new
model and a new micro-batcher: a request resolves both at its start, so it is answered entirely by the
old model or entirely by the new one, and never sees a half-loaded model. The old batcher finishes what
was queued on it and is then stopped (:func:`retire`).
"""

from __future__ import annotations

import asyncio
import logging

from api.deps import ServiceState
from api.services.batching import MicroBatcher
from nlp.pipeline import Analyzer

log = logging.getLogger("npslens.api")
GRACE_S = 0.5  # requests that resolved the old batcher just before the swap submit within this
_retiring: set[asyncio.Task[None]] = set()


async def swap_model(state: ServiceState, analyzer: Analyzer) -> None:
    """Serve ``analyzer`` (already loaded and warmed) from now on; the old model drains in the background."""
    s = state.settings
    batcher = MicroBatcher(analyzer.analyze, window_ms=s.batch_window_ms, max_comments=s.max_batch_comments,
                           on_batch=state.metrics.observe_batch)
    await batcher.start()
    old_analyzer, old_batcher = state.analyzer, state.batcher
    state.analyzer, state.batcher = analyzer, batcher  # the swap: atomic for every coroutine
    state.load_error, state.ready = None, True
    if old_analyzer is not None:
        state.metrics.model.labels(**old_analyzer.model_info).set(0)
    state.metrics.model.labels(**analyzer.model_info).set(1)
    log.info("model swapped", extra={"version": analyzer.model_info["version"],
                                     "previous": old_analyzer.model_info["version"] if old_analyzer else None})
    if old_batcher is not None:
        task = asyncio.create_task(retire(old_batcher, batcher), name="npslens-retire-batcher")
        _retiring.add(task)
        task.add_done_callback(_retiring.discard)


async def retire(old: MicroBatcher, new: MicroBatcher, grace_s: float = GRACE_S) -> None:
    """Stop ``old`` once every request queued on it has its answer.

    After ``grace_s``, calls to ``old.submit`` are forwarded to ``new`` (a caller still holding the old
    batcher gets the new model rather than an error); a last probe request then flows through the old
    queue, so when it returns everything queued before it has been answered, and the worker is stopped.
    """
    await asyncio.sleep(grace_s)
    submit_old = old.submit
    old.submit = new.submit  # type: ignore[method-assign]
    try:
        await submit_old(["probe"])
    except Exception:  # the old model failing its last batch must not keep the worker alive
        log.exception("old model failed while draining")
    await old.stop()
    old.analyze = new.analyze  # drop the last reference to the old analyzer
