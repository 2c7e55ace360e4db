"""Fixtures shared by the Ray tests of batch/."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """One local Ray (2 CPUs) per test module; the engines reuse it and leave it running until the module ends."""
    pytest.importorskip("ray.data")
    from batch.ray_engine import import_ray

    ray = import_ray()
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()
