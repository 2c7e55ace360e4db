"""Taxonomies, models and service information."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from nlp.taxonomy import Taxonomy


class TaxonomyOut(BaseModel):
    name: str = Field(description="The registry name used in requests.")
    fingerprint: str = Field(description="Changes whenever a theme does.")
    themes: int
    created_at: datetime
    updated_at: datetime
    taxonomy: Taxonomy


class TaxonomyList(BaseModel):
    taxonomies: list[str]


class TaxonomySummary(BaseModel):
    name: str
    fingerprint: str
    themes: list[str]


class LoadedModel(BaseModel):
    name: str
    version: str
    folder: str | None
    encoder: str | None = None
    created: str | None = None
    taxonomy: TaxonomySummary


class AvailableModel(BaseModel):
    name: str
    version: str
    path: str
    champion: bool
    loaded: bool


class ModelsOut(BaseModel):
    loaded: LoadedModel
    available: list[AvailableModel]


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Ready(BaseModel):
    status: str = Field(examples=["ready"])
    model: dict[str, str]


class BatchingInfo(BaseModel):
    window_ms: float
    max_comments: int


class Info(BaseModel):
    service: str
    version: str
    python: str
    libraries: dict[str, str]
    model: dict[str, str]
    taxonomy: TaxonomySummary
    limits: dict[str, int]
    batching: BatchingInfo
    auth: bool = Field(description="True when API keys are required.")
    webhook: bool = Field(description="True when detractors are sent to a webhook.")
