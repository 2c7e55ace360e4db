"""``GET /v1/models``: the loaded model and the versions in the registry."""

from __future__ import annotations

import json

from fastapi import APIRouter

from api.deps import AnalyzerDep
from api.problems import problem_responses
from api.schemas.resources import AvailableModel, LoadedModel, ModelsOut, TaxonomySummary
from api.security import Authenticated
from nlp.artifacts import models_root

router = APIRouter(prefix="/v1/models", tags=["models"], dependencies=[Authenticated])


def registry_models(loaded_folder: str | None) -> list[AvailableModel]:
    path = models_root() / "registry.json"
    try:
        reg = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return []
    champion = reg.get("champion")
    return [AvailableModel(name=str(e.get("name", "")), version=str(e.get("version", "")), path=str(e.get("path", "")),
                           champion=e.get("version") == champion, loaded=e.get("path") == loaded_folder)
            for e in reg.get("models", []) if isinstance(e, dict)]


@router.get("", response_model=ModelsOut, responses=problem_responses(401, 503), summary="Loaded and available models")
def list_models(analyzer: AnalyzerDep) -> ModelsOut:
    t = analyzer.taxonomy
    folder = analyzer.path.name if analyzer.path else None
    meta = analyzer.meta
    loaded = LoadedModel(**analyzer.model_info, folder=folder, encoder=meta.get("base_encoder"),
                         created=meta.get("created"),
                         taxonomy=TaxonomySummary(name=t.name, fingerprint=t.fingerprint(), themes=t.ids))
    return ModelsOut(loaded=loaded, available=registry_models(folder))
