"""``GET /v1/models``: the loaded model and the versions in the registry."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from api.core.problems import problem_responses
from api.core.security import Authenticated
from api.deps import AnalyzerDep
from api.schemas.resources import AvailableModel, LoadedModel, ModelsOut, TaxonomySummary
from nlp.artifacts.registry_file import load_registry
from nlp.errors import ArtifactError

log = logging.getLogger("npslens.api")
router = APIRouter(prefix="/v1/models", tags=["models"], dependencies=[Authenticated])


def registry_models(loaded_folder: str | None) -> list[AvailableModel]:
    """The registry's versions; none when it is missing or unreadable (logged: the loaded model still answers)."""
    try:
        reg = load_registry()
    except (OSError, ArtifactError) as err:
        log.warning("model registry unreadable", extra={"error": str(err)})
        return []
    return [AvailableModel(name=e.name, version=e.version, path=e.path, champion=e.version == reg.champion,
                           loaded=e.path == loaded_folder) for e in reg.models]


@router.get("", response_model=ModelsOut, responses=problem_responses(401, 503), summary="Loaded and available models")
def list_models(analyzer: AnalyzerDep) -> ModelsOut:
    t = analyzer.taxonomy
    folder = analyzer.path.name if analyzer.path else None
    meta = analyzer.meta
    loaded = LoadedModel(**analyzer.model_info, folder=folder, encoder=meta.get("base_encoder"),
                         created=meta.get("created"),
                         taxonomy=TaxonomySummary(name=t.name, fingerprint=t.fingerprint(), themes=t.ids))
    return ModelsOut(loaded=loaded, available=registry_models(folder))
