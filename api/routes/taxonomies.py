"""``GET/PUT /v1/taxonomies/{name}``: register a customer taxonomy (YAML or JSON) once, use it by name."""

from __future__ import annotations

import re
from typing import Annotated

import yaml
from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from api.core.problems import ApiProblem, problem_responses
from api.core.security import Authenticated
from api.deps import DbDep
from api.schemas.resources import TaxonomyList, TaxonomyOut
from api.storage import taxonomies as store
from api.storage.tables import TaxonomyRow
from nlp.taxonomy import MAX_THEMES, parse_taxonomy

router = APIRouter(prefix="/v1/taxonomies", tags=["taxonomies"], dependencies=[Authenticated])
NamePath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$", description="Registry name, e.g. 'acme-retail'.",
                               examples=["acme-retail"])]
MAX_TAXONOMY_BYTES = 1024 * 1024
# an ``id`` key: at a line start (YAML block, after an optional "- ") or after "{" / "," (flow style, JSON)
ID_KEY = re.compile(r"""(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t\r\n]*)["']?id["']?[ \t]*:""", re.MULTILINE)
TEXT_TYPES = ("application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
              "text/plain")
YAML_EXAMPLE = """name: acme retail
themes:
  - id: checkout
    label: Checkout
    description: Paying at the till or online; queues at the checkout.
    examples: ["the self checkout never works"]
  - id: staff
    label: Staff
    description: Friendliness and helpfulness of store staff.
"""
# the same document either way: the YAML body is a TaxonomyDocument written in YAML (not a JSON string)
_BODY_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/TaxonomyDocument"}},
    "application/yaml": {"schema": {"$ref": "#/components/schemas/TaxonomyDocument"},
                         "example": yaml.safe_load(YAML_EXAMPLE)},
}}}


def _out(row: TaxonomyRow) -> TaxonomyOut:
    taxonomy = store.as_taxonomy(row)
    return TaxonomyOut(name=row.name, fingerprint=row.fingerprint, themes=len(taxonomy.themes),
                       created_at=row.created_at, updated_at=row.updated_at, taxonomy=taxonomy)


@router.get("", response_model=TaxonomyList, responses=problem_responses(401), summary="Registered taxonomy names")
def list_taxonomies(db: DbDep) -> TaxonomyList:
    with db.session() as s:
        return TaxonomyList(taxonomies=store.names(s))


@router.get("/{name}", response_model=TaxonomyOut, responses=problem_responses(401, 404, 422),
            summary="One registered taxonomy")
def get_taxonomy(name: NamePath, db: DbDep) -> TaxonomyOut:
    with db.session() as s:
        return _out(registered_row(s, name))


def registered_row(session: Session, name: str) -> TaxonomyRow:
    """The taxonomy registered as ``name``.

    Raises:
        ApiProblem: 404 ``taxonomy_not_found`` naming how to register it.
    """
    row = store.get(session, name=name)
    if row is None:
        raise ApiProblem(404, "taxonomy_not_found", f"no taxonomy named {name!r}; register it with "
                         f"PUT /v1/taxonomies/{name}")
    return row


def check_theme_count(text: str, name: str) -> None:
    """Refuse, before any parsing, a body with more theme ``id`` keys than a taxonomy may have themes.

    Every theme needs an ``id`` and no other key is called ``id``, so the ``id:`` keys at the start of a line
    (YAML block style) or after ``{`` / ``,`` (flow style, JSON) bound the theme count from above; the exact
    count is checked again after parsing.

    Raises:
        ApiProblem: 422 ``invalid_taxonomy`` naming the limit.
    """
    n = sum(1 for _ in ID_KEY.finditer(text))
    if n > MAX_THEMES:
        raise ApiProblem(422, "invalid_taxonomy", f"invalid taxonomy {name!r}: {n:,} theme ids, at most "
                         f"{MAX_THEMES} themes are allowed; merge close themes or split the taxonomy")


_GET_LINK = {"GetTaxonomy": {"operationRef": "#/paths/~1v1~1taxonomies~1{name}/get",
                             "parameters": {"name": "$request.path.name"}, "description": "Read it back."}}


@router.put("/{name}", response_model=TaxonomyOut, status_code=200, openapi_extra=_BODY_DOC,
            responses={200: {"links": _GET_LINK}, 201: {"description": "Created", "model": TaxonomyOut,
                                                        "links": _GET_LINK},
                       **problem_responses(401, 413, 415, 422)},
            summary="Register or replace a taxonomy (YAML or JSON body)")
async def put_taxonomy(name: NamePath, request: Request, response: Response, db: DbDep) -> TaxonomyOut:
    """Validate the taxonomy (unknown keys, duplicate or malformed ids and empty theme lists are 422
    errors naming the problem) and store it under ``name``: 201 when new, 200 when replaced."""
    ctype = request.headers.get("content-type", "application/yaml").split(";")[0].strip().lower()
    if ctype not in TEXT_TYPES:
        raise ApiProblem(415, "unsupported_media_type", f"send the taxonomy as YAML (application/yaml) or JSON "
                         f"(application/json), got {ctype!r}")
    raw = await request.body()
    if len(raw) > MAX_TAXONOMY_BYTES:
        raise ApiProblem(413, "payload_too_large", f"a taxonomy is at most {MAX_TAXONOMY_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ApiProblem(422, "not_utf8", f"the taxonomy is not UTF-8 text (byte {err.start}); re-save it as "
                         "UTF-8") from None
    if not text.strip():
        raise ApiProblem(422, "invalid_taxonomy", "the request body is empty; send the taxonomy YAML or JSON")
    check_theme_count(text, name)
    # off the event loop (a large body takes a while to parse); InvalidTaxonomyError -> 422 problem
    taxonomy = await run_in_threadpool(parse_taxonomy, text, f"{name!r}")

    def save() -> tuple[TaxonomyOut, bool]:
        with db.session() as s:
            row, created = store.put(s, name=name, taxonomy=taxonomy)
            return _out(row), created

    out, created = await run_in_threadpool(save)
    response.status_code = 201 if created else 200
    return out
