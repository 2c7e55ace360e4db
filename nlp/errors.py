"""Domain errors. Each has a stable ``code``; ``api`` maps them to HTTP problems.

Messages say what was received, what was expected and how to fix it.
"""

from __future__ import annotations


class NPSLensError(Exception):
    """Base class of every error NPS Lens raises on purpose."""

    code = "nps_lens_error"


class InvalidInputError(NPSLensError, ValueError):
    """The caller passed data of the wrong shape or type."""

    code = "invalid_input"


class InvalidTaxonomyError(NPSLensError, ValueError):
    """A taxonomy file or object breaks the schema."""

    code = "invalid_taxonomy"


class InputFileError(NPSLensError, ValueError):
    """An input file is missing, unreadable, not tabular or lacks a column."""

    code = "bad_input_file"


class ConfigError(NPSLensError, ValueError):
    """A configuration value or name is unknown or out of range."""

    code = "bad_config"


class NotFittedError(NPSLensError, ValueError):
    """A classifier was used before ``fit`` or ``load``."""

    code = "not_fitted"


class ArtifactError(NPSLensError):
    """A model folder is missing, incomplete, corrupted or of an unknown format."""

    code = "bad_artifact"


class ModelNotFoundError(ArtifactError):
    """No model at the given path or registry name."""

    code = "model_not_found"


class MissingDependencyError(NPSLensError, ImportError):
    """An optional dependency needed for the requested backend is not installed."""

    code = "missing_dependency"


class DistributedError(NPSLensError):
    """The Ray cluster could not be reached, or a Ray worker failed."""

    code = "distributed_failed"
