"""The registry file (``models/registry.json``): its typed schema and the one reader of it.

Writes (register, promote, rollback) live in :mod:`lifecycle.registry`; everything that reads the
registry — resolving a model name, listing versions, the API's model list — goes through
:func:`load_registry`.

Layout::

    {"champion": "1.1.0",
     "models": [{"name": "npslens-default", "version": "1.0.0", "path": "npslens-default-1.0.0", ...}],
     "history": [{"action": "promote", "version": "1.1.0", "previous": "1.0.0", "at": "...", ...}],
     "eval_set": {"path": "eval/seed-test-v1.jsonl", "sha256": "..."},
     "gate": {"tolerance": 0.01}}
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.artifacts.names import REGISTRY
from nlp.errors import ArtifactError, ModelNotFoundError

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
DEFAULT_TOLERANCE = 0.01  # the promote gate's default tolerance (points of each headline metric, 0–1)


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str = Field(pattern=_SEMVER.pattern)
    path: str = Field(description="Folder, relative to the registry's folder (or absolute).")
    created: str | None = None
    taxonomy: str | None = None
    taxonomy_fingerprint: str | None = None
    themes: int | None = None
    base: str | None = Field(None, description="Version it was retrained from.")
    headline: dict[str, float | None] = Field(default_factory=dict)


class HistoryEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["register", "promote", "rollback"]
    version: str
    previous: str | None = None
    at: str
    forced: bool = False
    note: str = ""


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str
    description: str = ""


class GateSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tolerance: float = Field(DEFAULT_TOLERANCE, ge=0, le=1)


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    champion: str | None = None
    models: list[ModelEntry] = Field(default_factory=list)
    history: list[HistoryEvent] = Field(default_factory=list)
    eval_set: EvalSet | None = None
    gate: GateSettings = Field(default_factory=GateSettings)

    def entry(self, version: str) -> ModelEntry:
        """The entry for ``version`` (or ``name-version``).

        Raises:
            ModelNotFoundError: not registered (the message lists the known versions).
        """
        for e in self.models:
            if version in (e.version, f"{e.name}-{e.version}"):
                return e
        raise ModelNotFoundError(f"no model version {version!r} in the registry; known: "
                                 f"{[e.version for e in self.models] or 'none'}")

    def rollback_stack(self) -> list[str | None]:
        """Champions to go back to, most recent last (promotes push, rollbacks pop)."""
        stack: list[str | None] = []
        for ev in self.history:
            if ev.action == "promote":
                stack.append(ev.previous)
            elif ev.action == "rollback" and stack:
                stack.pop()
        return stack


def registry_file(root: Path | None = None) -> Path:
    return (root or models_root()) / REGISTRY


def load_registry(root: Path | None = None) -> Registry:
    """Read the registry (an empty one when the file does not exist).

    Raises:
        ArtifactError: the file is not valid JSON or breaks the schema.
    """
    path = registry_file(root)
    if not path.exists():
        return Registry()
    try:
        return Registry.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as err:
        raise ArtifactError(f"{path} is not a valid model registry: {err}") from None


def model_dir(entry: ModelEntry, root: Path | None = None) -> Path:
    return (root or models_root()) / entry.path


def models_root() -> Path:
    """Where model folders and ``registry.json`` live: ``NPSLENS_MODELS_DIR`` or the repo's ``models/``."""
    env = os.environ.get("NPSLENS_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def resolve_model_path(model: str | Path | None = None) -> Path:
    """A folder path, a version/name listed in ``registry.json``, or ``None`` for the champion.

    Raises:
        ModelNotFoundError: nothing matches (the message lists what the registry knows).
        ArtifactError: the registry file is not valid.
    """
    if model is not None and Path(model).is_dir():
        return Path(model)
    root = models_root()
    reg_path = registry_file(root)
    if not reg_path.exists():
        raise ModelNotFoundError(f"no model {model!r}: no folder there and no registry at {reg_path}")
    reg = load_registry(root)
    key = str(model) if model not in (None, "default", "champion") else reg.champion
    for entry in reg.models:
        if key in (entry.version, entry.path, f"{entry.name}-{entry.version}"):
            return root / entry.path
    known = [e.version for e in reg.models]
    raise ModelNotFoundError(f"no model {model!r} (not a folder; registry knows {known})")
