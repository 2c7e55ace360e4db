"""NPS Lens core library: comments in, :class:`CommentResult` out; model folders read and verified.

The public API::

    from nlp import Analyzer, load_taxonomy
    analyzer = Analyzer.load()                       # the champion model (models/registry.json)
    results = analyzer.analyze(["Great staff, but the wait was long."])

Nothing here imports FastAPI, SQLAlchemy, Typer, rich or Ray; ``batch``, ``lifecycle``, ``api``,
``training`` and ``cli`` build on this package (import-linter contracts keep it so). :class:`Analyzer`
is imported on first use, so ``import nlp`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nlp.errors import (
    ArtifactError,
    ConfigError,
    InputFileError,
    InvalidInputError,
    InvalidTaxonomyError,
    MissingDependencyError,
    ModelNotFoundError,
    NotFittedError,
    NPSLensError,
)
from nlp.schema import CommentResult, SentimentResult, ThemeHit
from nlp.taxonomy import Taxonomy, Theme, default_taxonomy, load_taxonomy, parse_taxonomy

if TYPE_CHECKING:
    from nlp.pipeline import Analyzer

__version__ = "0.1.0"
__all__ = [
    "Analyzer",
    "ArtifactError",
    "CommentResult",
    "ConfigError",
    "InputFileError",
    "InvalidInputError",
    "InvalidTaxonomyError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "NPSLensError",
    "NotFittedError",
    "SentimentResult",
    "Taxonomy",
    "Theme",
    "ThemeHit",
    "default_taxonomy",
    "load_taxonomy",
    "parse_taxonomy",
]


def __getattr__(name: str) -> Any:
    """``nlp.Analyzer`` imported on first access (it pulls in the encoders and classifiers)."""
    if name == "Analyzer":
        from nlp.pipeline import Analyzer

        return Analyzer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
