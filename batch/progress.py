"""How file jobs report progress: the caller passes an opener; the job calls ``advance(n_rows)`` per chunk.

The CLI opens a rich progress bar, the API's report jobs a callback that records progress and stops a
cancelled job; without an opener nothing is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

Advance = Callable[[int], None]
ProgressOpener = Callable[[], AbstractContextManager[Advance]]


def _ignore(n: int) -> None:
    return None


def open_progress(opener: ProgressOpener | None) -> AbstractContextManager[Advance]:
    """The opener's context, or one whose ``advance`` ignores its calls."""
    return opener() if opener is not None else nullcontext(_ignore)
