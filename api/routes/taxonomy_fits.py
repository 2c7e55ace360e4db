"""``GET/POST /v1/taxonomies/{name}/fit``: fit a registered few-shot taxonomy (``npslens taxonomy fit``) and see
the fit its requests use.

A fit fine-tunes the encoder the few-shot head reads on the taxonomy's examples (docs/training.md, "Fitting a
few-shot taxonomy"); the POST starts it as a background job in a child process (:mod:`api.services.fits`) and
answers 202 with the job, which the GET reports until it has finished. From then on every classify or report
request with that exact taxonomy uses the fit, without a restart; editing the taxonomy makes it a new one.
"""

from __future__ import annotations

import importlib.util
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.core.problems import ApiProblem, problem_responses
from api.core.security import AdminOnly, Authenticated
from api.deps import AnalyzerDep, DbDep, StateDep
from api.routes.taxonomies import NamePath, registered_row
from api.schemas.fits import FitInfo, FitJobOut, TaxonomyFitOut
from api.services.fits import FitCommand
from api.storage import taxonomies as store
from nlp.artifacts.fit import TaxonomyFit, check_fittable
from nlp.errors import InvalidInputError
from nlp.taxonomy import Taxonomy

router = APIRouter(prefix="/v1/taxonomies", tags=["taxonomies"])
_STATUS_LINK = {"GetTaxonomyFit": {"operationRef": "#/paths/~1v1~1taxonomies~1{name}~1fit/get",
                                   "parameters": {"name": "$request.path.name"},
                                   "description": "Poll the job and see the fit."}}


def _registered(db: DbDep, name: str) -> Taxonomy:
    with db.session() as s:
        return store.as_taxonomy(registered_row(s, name))


def _info(fit: TaxonomyFit) -> FitInfo:
    m = fit.meta
    return FitInfo(folder=fit.path.name, created=m.created, steps=m.record.get("steps"),
                   seconds=m.record.get("seconds"), examples=m.record.get("examples"), base_model=m.base_model)


@router.get("/{name}/fit", response_model=TaxonomyFitOut, dependencies=[Authenticated],
            responses=problem_responses(401, 404, 422, 500, 503), summary="The fit a registered taxonomy uses")
async def get_taxonomy_fit(name: NamePath, db: DbDep, analyzer: AnalyzerDep, state: StateDep) -> TaxonomyFitOut:
    """Whether requests with this taxonomy use a fit (and which), and this server's last fit job for it. A fit
    folder that fails its checksums is a 500 ``artifact_error``, as it is for classify: refit with
    ``overwrite=true`` or delete the folder."""
    taxonomy = await run_in_threadpool(_registered, db, name)
    fit = await run_in_threadpool(analyzer.taxonomy_fit, taxonomy)  # may build the few-shot encoder (first use)
    job = state.fits.latest(name)
    return TaxonomyFitOut(taxonomy=name, fingerprint=taxonomy.fingerprint(), fitted=fit is not None,
                          fit=_info(fit) if fit is not None else None, job=job.out() if job is not None else None)


@router.post("/{name}/fit", response_model=FitJobOut, status_code=202, dependencies=[AdminOnly],
             responses={202: {"description": "The fit started; poll GET /v1/taxonomies/{name}/fit (in Location).",
                              "links": _STATUS_LINK,
                              "headers": {"Location": {"description": "/v1/taxonomies/{name}/fit",
                                                       "schema": {"type": "string"}}}},
                        **problem_responses(401, 403, 404, 409, 422, 501, 503)},
             summary="Fit a registered few-shot taxonomy: fine-tune the encoder on its examples (admin)")
async def start_taxonomy_fit(
    name: NamePath, db: DbDep, analyzer: AnalyzerDep, state: StateDep,
    overwrite: Annotated[bool, Query(description="Replace the fit this taxonomy already has.")] = False,
    steps: Annotated[int, Query(ge=1, le=5000, description="Training steps.")] = 150,
    max_seconds: Annotated[float | None, Query(gt=0, le=3600, description="Stop at this wall time, keeping the "
                                               "steps done (default: NPSLENS_FIT_MAX_SECONDS, 120).")] = None,
) -> JSONResponse:
    """Starts ``npslens taxonomy fit`` on the registered taxonomy for the served model, in a child process with
    NPSLENS_FIT_THREADS torch threads at a lower CPU priority (≈1–2 minutes), and answers 202 with the job.
    409 ``taxonomy_not_fittable`` when fewer than two of the registered taxonomy's themes have examples (its
    state, not the request, is the problem: add examples with PUT), ``fit_exists`` (pass ``overwrite=true``) or
    ``fit_in_progress`` (one fit at a time per server); 501 ``fit_unavailable`` when the
    server cannot fit (torch not installed, or a model without few-shot fits)."""
    taxonomy = await run_in_threadpool(_registered, db, name)
    try:
        check_fittable(taxonomy)
    except InvalidInputError as err:
        raise ApiProblem(409, "taxonomy_not_fittable", str(err)) from None
    if analyzer.fits_dir is None or analyzer.path is None:
        raise ApiProblem(501, "fit_unavailable", "the served model was not loaded from a model folder with a fits "
                         "folder, so it cannot use taxonomy fits; serve a registered model (NPSLENS_MODEL)")
    if importlib.util.find_spec("torch") is None:
        raise ApiProblem(501, "fit_unavailable", "taxonomy fits need torch on the server: pip install -e "
                         "'.[torch]' in its environment and restart it")
    folder = await run_in_threadpool(analyzer.fit_folder, taxonomy)  # may build the few-shot encoder (first use)
    busy = state.fits.active()  # checked after the last await: two requests cannot both pass
    if busy is not None:
        raise ApiProblem(409, "fit_in_progress", f"taxonomy {busy.taxonomy!r} is being fitted (job {busy.id}, "
                         f"{busy.steps_done}/{busy.steps_total} steps); one fit runs at a time: poll "
                         f"GET /v1/taxonomies/{busy.taxonomy}/fit and retry once it has finished",
                         headers={"Location": f"/v1/taxonomies/{busy.taxonomy}/fit"})
    if folder is not None and not overwrite:
        raise ApiProblem(409, "fit_exists", f"taxonomy {name!r} already has a fit ({folder.name}) and requests "
                         "use it; pass overwrite=true to refit", headers={"Location": f"/v1/taxonomies/{name}/fit"})
    s = state.settings
    job = state.fits.create(name, taxonomy.fingerprint(), steps)
    state.fits.start(job, taxonomy.to_yaml(), FitCommand(
        model=analyzer.path, fits_dir=analyzer.fits_dir, steps=steps,
        max_seconds=max_seconds if max_seconds is not None else s.fit_max_seconds, threads=s.fit_threads,
        overwrite=overwrite))
    return JSONResponse(job.out().model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/v1/taxonomies/{name}/fit"})
