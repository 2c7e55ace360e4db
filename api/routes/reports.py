"""Report jobs: ``POST /v1/reports`` (CSV upload + column mapping) → 202; status, files, cancel/remove."""

from __future__ import annotations

import uuid
from pathlib import Path as FsPath
from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from api.core.problems import ApiProblem, problem_responses
from api.core.security import Authenticated
from api.deps import DbDep, JobsDep, SettingsDep, StateDep
from api.schemas.reports import JobError, JobList, JobOut, ReportSubmission
from api.services.jobs.runner import ReportOptions
from api.services.jobs.upload import HeaderCheck, count_rows, discard, save_upload
from api.storage import jobs as store
from api.storage import taxonomies as tax_store
from api.storage.tables import JobRow
from batch.analyze import OUTPUTS, OutputName

router = APIRouter(prefix="/v1/reports", tags=["reports"], dependencies=[Authenticated])
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="The job id returned by POST /v1/reports.")]
# OpenAPI links: a job's id leads to its status, its files and its removal (clients and stateful fuzzers follow them)
JOB_LINKS = {
    "GetReportJob": {"operationRef": "#/paths/~1v1~1reports~1{job_id}/get",
                     "parameters": {"job_id": "$response.body#/id"}, "description": "Poll the job's status."},
    "DownloadReportFile": {"operationRef": "#/paths/~1v1~1reports~1{job_id}~1{name}/get",
                           "parameters": {"job_id": "$response.body#/id"},
                           "description": "Download an output once the job succeeded."},
    "DeleteReportJob": {"operationRef": "#/paths/~1v1~1reports~1{job_id}/delete",
                        "parameters": {"job_id": "$response.body#/id"}, "description": "Cancel and remove the job."},
}
MEDIA = {".html": "text/html; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8"}


def job_out(row: JobRow, out_dir: FsPath | None = None) -> JobOut:
    total = row.rows_total or 0
    progress = 1.0 if row.status == store.SUCCEEDED else (min(1.0, row.rows_done / total) if total else 0.0)
    files = {}
    if row.status == store.SUCCEEDED and out_dir is not None:
        files = {n: f"/v1/reports/{row.id}/{n}" for n in OUTPUTS if (out_dir / n).exists()}
    error = JobError(code=row.error_code or "error", detail=row.error or "") if row.error else None
    return JobOut(id=row.id, status=row.status, progress=round(progress, 4), rows_total=total,
                  rows_done=min(row.rows_done, total) if total else row.rows_done, attempts=row.attempts,
                  error=error, note=row.note, filename=row.filename, options=ReportOptions.model_validate(row.options),
                  created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at, files=files)


def _get(db: DbDep, job_id: str) -> JobRow:
    row = store.get(db, job_id=job_id)
    if row is None:
        raise ApiProblem(404, "job_not_found", f"no report job {job_id}")
    return row


@router.post("", status_code=202, response_model=JobOut,
             responses={202: {"links": JOB_LINKS}, **problem_responses(401, 413, 422, 503)},
             summary="Submit a survey CSV for a theme report (same options as `npslens analyze`)")
async def submit(form: Annotated[ReportSubmission, File()], response: Response, db: DbDep, jobs: JobsDep,  # multipart
                 settings: SettingsDep, state: StateDep) -> JobOut:
    """Checks the upload (size, header width and column count first, UTF-8, the mapped columns, the row limit)
    before queueing it; a bad file is
    a 4xx now, not a failed job later. Poll ``GET /v1/reports/{id}`` for progress."""
    options, file = form.options(), form.file
    tax_body: str | None = None
    if options.taxonomy is not None:
        def lookup() -> str | None:
            with db.session() as s:
                row = tax_store.get(s, name=options.taxonomy or "")
                return row.body if row else None
        tax_body = await run_in_threadpool(lookup)
        if tax_body is None:
            raise ApiProblem(422, "unknown_taxonomy", f"no taxonomy named {options.taxonomy!r} is registered; "
                             f"register it with PUT /v1/taxonomies/{options.taxonomy}")
    job_id = uuid.uuid4().hex
    folder = jobs.job_dir(job_id)
    filename = FsPath(file.filename or "upload.csv").name[:255]
    try:
        folder.mkdir(parents=True)
        header = HeaderCheck(max_bytes=settings.max_header_bytes, max_columns=settings.max_columns)
        await run_in_threadpool(save_upload, file.file, folder / "input.csv", max_bytes=settings.max_upload_bytes,
                                header=header)
        rows = await run_in_threadpool(count_rows, folder / "input.csv", options.required_columns(),
                                       max_rows=settings.max_report_rows, display_name=filename)
        if options.taxonomy is not None:
            (folder / "taxonomy.yaml").write_text(tax_body or "", encoding="utf-8")  # a snapshot: PUT won't change it
        row = await run_in_threadpool(lambda: store.create(db, job_id=job_id, options=options.model_dump(mode="json"),
                                                           filename=filename, rows_total=rows))
    except BaseException:
        discard(folder)
        raise
    finally:
        state.trimmer.note(file.size or 0)  # a big upload was read (and counted): give its pages back later
    jobs.notify()
    response.headers["Location"] = f"/v1/reports/{job_id}"
    return job_out(row)


@router.get("", response_model=JobList, responses=problem_responses(401, 422), summary="Recent report jobs")
def list_jobs(db: DbDep, jobs: JobsDep,
              status: Annotated[Literal["queued", "running", "succeeded", "failed", "cancelled"] | None,
                                Query()] = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JobList:
    return JobList(jobs=[job_out(r, jobs.output_dir(r.id)) for r in store.recent(db, limit=limit, status=status)])


@router.get("/{job_id}", response_model=JobOut,
            responses={200: {"links": JOB_LINKS}, **problem_responses(401, 404, 422)},
            summary="Job status with progress")
def get_job(job_id: JobId, db: DbDep, jobs: JobsDep) -> JobOut:
    return job_out(_get(db, job_id), jobs.output_dir(job_id))


@router.get("/{job_id}/{name}", response_class=FileResponse, summary="Download an output of a finished job",
            responses={200: {"description": "The file", "content": {
                "text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}}, **problem_responses(401, 404, 409, 422)})
def get_file(job_id: JobId, name: OutputName, db: DbDep, jobs: JobsDep) -> FileResponse:
    row = _get(db, job_id)
    if row.status != store.SUCCEEDED:
        raise ApiProblem(409, "job_not_finished", f"job {job_id} is {row.status}; its files exist once it has "
                         "succeeded (GET /v1/reports/{id} shows the status)")
    path = jobs.output_dir(job_id) / name
    if not path.is_file():
        raise ApiProblem(404, "file_not_found", f"job {job_id} has no {name}")
    return FileResponse(path, media_type=MEDIA[path.suffix], filename=name)


@router.delete("/{job_id}", status_code=204, response_class=Response, responses=problem_responses(401, 404, 422),
               summary="Cancel a queued/running job and remove it with its files")
def delete_job(job_id: JobId, db: DbDep, jobs: JobsDep) -> Response:
    row = _get(db, job_id)
    if row.status not in store.FINAL:
        store.cancel(db, job_id=job_id)
        jobs.cancel(job_id)
    store.delete(db, job_id=job_id)
    jobs.remove_files(job_id)
    return Response(status_code=204)
