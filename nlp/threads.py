"""Thread settings: the one reader of ``NPSLENS_THREADS``."""

from __future__ import annotations

import os

from nlp.errors import ConfigError


def usable_cores() -> int:
    """Cores this process may run on (the CPU affinity mask where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def env_threads() -> int | None:
    """``NPSLENS_THREADS`` as a positive int, or ``None`` when unset.

    Raises:
        ConfigError: the variable is set but not an integer.
    """
    env = os.environ.get("NPSLENS_THREADS")
    if not env:
        return None
    try:
        return max(1, int(env))
    except ValueError:
        raise ConfigError(f"NPSLENS_THREADS must be an integer, got {env!r}") from None


def default_threads() -> int:
    """Threads for numeric work: ``NPSLENS_THREADS`` or the number of usable cores."""
    return env_threads() or usable_cores()
