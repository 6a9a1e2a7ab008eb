"""The anonymised export as background jobs: ask for one, run it, sweep dead and old ones, record downloads.

`export_request` records an ExportJob and enqueues `triage.tasks.run_export` (django-tasks, the
database backend: a `manage.py db_worker` runs it). `export_run` does the work in two passes over
the same assessments (up to the newest id seen when it started): the first reads only the
quasi-identifiers and plans k-anonymity (triage.lib.kanon), the second streams every column,
generalised as planned, to a file under settings.EXPORT_DIR, updating the job's progress. The
person's reference becomes a keyed PACE ID (triage.lib.pseudonym, settings.PSEUDONYM_KEY); a
missing or short key stops the export with a clear error and never falls back to an unkeyed hash.

django-tasks has no heartbeat: a task whose worker died stays RUNNING. `export_jobs_sweep` marks a
running job with no progress for settings.EXPORT_STALL_MINUTES failed, and deletes finished files
older than settings.EXPORT_RETENTION_HOURS. `manage.py run_worker` runs it beside the worker.
"""

import hashlib
import logging
import secrets
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from triage.exports.anonymised import ExportColumn, ExportTooLarge, check_xlsx_fits, write
from triage.lib import cohorts
from triage.lib.dates import whole_months_problems
from triage.lib.kanon import Plan, Step, mapping_step, plan
from triage.lib.pseudonym import MIN_KEY_BYTES, PseudonymKeyError, pseudonym, pseudonymiser
from triage.modelling.dictionary import (
    EXPORT_COLUMN_NAMES,
    EXPORT_COLUMNS,
    QUASI_IDENTIFIERS,
    WIDENED_AGE_BANDS,
    WIDENED_WORK_START_BANDS,
    Column,
)
from triage.models import ExportFormat, ExportJob, ExportRecord, ExportStatus, User
from triage.selectors.export import (
    ExportFilters,
    area_regions,
    area_tercile_of,
    export_cohort_ids,
    export_jobs_released,
    export_keys,
    export_last_id,
    export_rows,
    region_rates,
)
from triage.services.audit import export_record

logger = logging.getLogger(__name__)

PACE_ID_PURPOSE = "pace-id"
PACE_ID_LENGTH = 16
PROGRESS_EVERY = 1000
_TYPES = {"integer": "integer", "numeric": "number", "label": "integer"}


class ExportKeyError(RuntimeError):
    """The PACE ID key is missing or too short; the message says what to set."""


class ExportCancelled(RuntimeError):
    """The job was marked failed (by the sweep) while it ran."""


class ExportRefused(ValueError):
    """The export would break a rule of release (decision 0024): a period that is not whole months,
    or a cohort too close to an earlier export's. `field` is the filter to change (ExportFilters'
    name for it)."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


# ExportFilters' fields, in the order a refusal looks for the one that differs.
FILTER_FIELDS = ("date_from", "date_to", "situation_id", "council_area_code", "scorecard")


def pseudonym_key() -> bytes:
    """settings.PSEUDONYM_KEY as bytes, or ExportKeyError naming the setting (never its value)."""
    key = (settings.PSEUDONYM_KEY or "").encode()
    if not key:
        raise ExportKeyError(
            "The export cannot run: PSEUDONYM_KEY is not set. Set it in the environment (or data/.env) "
            f"to a secret of at least {MIN_KEY_BYTES} bytes; `make run` writes one."
        )
    if len(key) < MIN_KEY_BYTES:
        raise ExportKeyError(
            f"The export cannot run: PSEUDONYM_KEY has {len(key)} bytes and needs at least {MIN_KEY_BYTES}."
        )
    return key


def pace_id(person_ref: str, *, key: bytes) -> str:
    """The person's PACE ID: the same in every export under the same key."""
    try:
        return pseudonym(person_ref, key=key, purpose=PACE_ID_PURPOSE, length=PACE_ID_LENGTH)
    except PseudonymKeyError as error:  # pseudonym_key() checks first; this is the last guard
        raise ExportKeyError(f"The export cannot run: {error}") from None


def pace_ids(*, key: bytes) -> Callable[[str], str]:
    """pace_id(person_ref, key=key) as a function of the reference alone: the same PACE IDs."""
    try:
        return pseudonymiser(key=key, purpose=PACE_ID_PURPOSE, length=PACE_ID_LENGTH)
    except PseudonymKeyError as error:
        raise ExportKeyError(f"The export cannot run: {error}") from None


def export_columns() -> tuple[ExportColumn, ...]:
    return tuple(ExportColumn(c.name, _column_type(c)) for c in EXPORT_COLUMNS)


def _column_type(column: Column) -> Any:
    return _TYPES.get(column.kind, "text")


def _quarter(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def generalisation_ladder(regions: dict[str, str]) -> tuple[Step, ...]:
    """The order k-anonymity coarsens the quasi-identifiers: month to quarter, council area to
    region, age bands widened, then days-to-work bands widened (positions as in QUASI_IDENTIFIERS)."""
    position = {name: i for i, name in enumerate(QUASI_IDENTIFIERS)}
    return (
        Step("month of assessment to quarter", position["assessment_month"], _quarter),
        mapping_step("council area to region", position["council_area_code"], regions),
        mapping_step("age bands widened", position["q3_age_band"], WIDENED_AGE_BANDS),
        mapping_step("days-to-work bands widened", position["days_to_work"], WIDENED_WORK_START_BANDS),
    )


# -- the differencing rule (decision 0024) ------------------------------------------------------


def check_period(filters: ExportFilters) -> None:
    """A period runs over whole months: a start on the 1st, an end on a month's last day. Then two
    periods differ by whole months, which the file's month column shows anyway."""
    for field, message in whole_months_problems(filters.date_from, filters.date_to).items():
        raise ExportRefused(message, field=field)


def _cohort_of(job: ExportJob, *, released: bool) -> cohorts.Ids:
    blob, digest = (
        (job.released_cohort, job.released_digest) if released else (job.requested_cohort, job.requested_digest)
    )
    if digest:
        return cohorts.unpack(bytes(blob))
    # An export recorded before cohorts were kept: what its filters matched when it was asked for,
    # worked out once and kept on it as both its cohorts (its file's rows were not recorded), so
    # that no later export queries it again (a query over every assessment per earlier export).
    ids = cohorts.as_ids(export_cohort_ids(filters=ExportFilters.from_json(job.filters), created_before=job.created_at))
    packed, digest = cohorts.pack(ids), cohorts.digest(ids)
    ExportJob.objects.filter(pk=job.pk, requested_digest="").update(requested_cohort=packed, requested_digest=digest)
    ExportJob.objects.filter(pk=job.pk, released_digest="").update(released_cohort=packed, released_digest=digest)
    return ids


def too_close_to_earlier(
    ids: cohorts.Ids, *, k: int, filters: ExportFilters, released: bool, exclude: int | None = None
) -> None:
    """ExportRefused when the cohort `ids` differs from any earlier export's by 1 to k-1 rows on
    either side (triage.lib.cohorts.too_close), against every export not failed, by anyone, ever.
    Requested cohorts are compared when asking, released ones (the rows in the files) when the
    file is written; an export's own k is used when it is the larger."""
    new_digest = cohorts.digest(ids)
    seen: set[str] = set()
    jobs = export_jobs_released()
    if exclude is not None:
        jobs = jobs.exclude(pk=exclude)
    if released:
        jobs = jobs.filter(status__in=[ExportStatus.DONE, ExportStatus.EXPIRED])
    for job in jobs.iterator(chunk_size=50):
        digest = job.released_digest if released else job.requested_digest
        if digest and (digest == new_digest or digest in seen):
            continue  # the same cohort, or one already compared
        seen.add(digest)
        threshold = max(k, job.k)
        if cohorts.too_close(cohorts.difference(ids, _cohort_of(job, released=released)), k=threshold):
            raise ExportRefused(_too_close_message(job, filters, threshold), field=_differing_filter(job, filters))


def _differing_filter(job: ExportJob, filters: ExportFilters) -> str:
    earlier = ExportFilters.from_json(job.filters)
    return next((name for name in FILTER_FIELDS if getattr(earlier, name) != getattr(filters, name)), "date_to")


def _too_close_message(job: ExportJob, filters: ExportFilters, k: int) -> str:
    when = f"export {job.pk}, asked for on {timezone.localtime(job.created_at):%-d %B %Y}"
    if ExportFilters.from_json(job.filters) == filters:
        return (
            f"Fewer than {k} assessments have been added or removed since {when} with these filters, so the two "
            f"together could single people out. Try again when at least {k} have changed, or end the period "
            "at a month that has finished"
        )
    return (
        f"These filters leave between 1 and {k - 1} people in one export and not the other, against {when}, "
        f"so the two together could single people out. Choose filters that differ by at least {k} people, "
        "for example a longer period"
    )


# -- asking -------------------------------------------------------------------------------------


def export_request(*, acting_user: User, filters: ExportFilters, fmt: str, k: int | None = None) -> ExportJob:
    """Record an export job and enqueue it; ExportKeyError, ExportTooLarge or ExportRefused (the
    period, or a cohort too close to an earlier export's) before anything is saved."""
    from triage.tasks import run_export

    pseudonym_key()
    check_period(filters)
    k = k or settings.EXPORT_K
    ids = cohorts.as_ids(export_cohort_ids(filters=filters))
    if fmt == ExportFormat.XLSX:
        check_xlsx_fits(len(ids))
    with transaction.atomic():
        too_close_to_earlier(ids, k=k, filters=filters, released=False)
        job = ExportJob(
            requested_by=acting_user,
            filters=filters.as_json(),
            format=fmt,
            k=k,
            requested_cohort=cohorts.pack(ids),
            requested_digest=cohorts.digest(ids),
        )
        job.full_clean()
        job.save()
    # Enqueued after the commit, so the worker finds the job (and the immediate backend in tests
    # runs it here).
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    logger.info("export %s queued by user %s (%s)", job.pk, acting_user.pk, fmt)
    return job


# -- running ------------------------------------------------------------------------------------


@dataclass
class _Progress:
    job_id: int
    done: int = 0
    saved_at: float = 0.0

    def tick(self, force: bool = False) -> None:
        self.done += 0 if force else 1
        if force or self.done % PROGRESS_EVERY == 0:
            changed = ExportJob.objects.filter(pk=self.job_id, status=ExportStatus.RUNNING).update(
                rows_done=self.done, progress_at=timezone.now()
            )
            if not changed:
                raise ExportCancelled(f"export {self.job_id} is no longer running")


def export_run(*, job_id: int) -> None:
    """Run one job to the end: the file written and hashed, or the job failed with the reason."""
    now = timezone.now()
    started = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, progress_at=now
    )
    if not started:
        return  # already run, or swept
    job = ExportJob.objects.get(pk=job_id)
    folder = Path(settings.EXPORT_DIR)
    temporary = folder / f"export-{job.pk}-{secrets.token_hex(8)}.{job.format}.part"
    try:
        key = pseudonym_key()
        result = _write_export(job, key, temporary)
    except (ExportKeyError, ExportTooLarge, ExportCancelled, ExportRefused) as error:
        _fail(job_id, str(error), temporary)
        return
    except Exception:
        logger.exception("export %s failed", job_id)
        _fail(job_id, "The export failed unexpectedly. Try again; if it fails again, tell the service team.", temporary)
        raise
    final = temporary.with_name(temporary.name.removesuffix(".part"))
    temporary.rename(final)
    done = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, finished_at=timezone.now(), progress_at=timezone.now(), file_name=final.name, **result
    )
    if not done:
        final.unlink(missing_ok=True)
    logger.info("export %s written: %s rows", job_id, result["rows"])


def _fail(job_id: int, message: str, temporary: Path) -> None:
    temporary.unlink(missing_ok=True)
    ExportJob.objects.filter(pk=job_id).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=message[:300]
    )


def _write_export(job: ExportJob, key: bytes, temporary: Path) -> dict[str, Any]:
    filters = ExportFilters.from_json(job.filters)
    last_id = export_last_id(filters=filters)
    # A million rows' keys, compactly: the ids in order (both passes read in id order) and, per
    # row, the number of its key among the few distinct keys, each key tuple made once.
    ids = array("q")
    codes = array("i")
    distinct: dict[tuple[str, ...], int] = {}
    for assessment_id, *key_values in export_keys(filters=filters, last_id=last_id):
        row_key = tuple(key_values)
        code = distinct.get(row_key)
        if code is None:
            code = distinct[row_key] = len(distinct)
        ids.append(assessment_id)
        codes.append(code)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=len(ids), progress_at=timezone.now())
    keys = list(distinct)
    the_plan = plan([keys[c] for c in codes], k=job.k, ladder=generalisation_ladder(area_regions()))
    if job.format == ExportFormat.XLSX:
        check_xlsx_fits(the_plan.rows_out)
    planned = _Planned(ids, codes, keys)
    del distinct

    temporary.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    progress = _Progress(job.pk)
    written_keys: Counter[tuple[str, ...]] = Counter()
    written_ids = array("q")
    rows = _released_rows(filters, last_id, planned, the_plan, key, progress, written_keys, written_ids)
    written = write(job.format, temporary, export_columns(), rows, total_rows=the_plan.rows_out)
    progress.tick(force=True)
    # The rows written must be k-anonymous as planned; a person deleted between the passes could
    # leave a group smaller than k, and then the file is not released.
    small = [n for n in written_keys.values() if n < job.k]
    if small:
        raise ExportCancelled("The data changed while the export ran, leaving a group smaller than k. Run it again.")
    # The rows written against every earlier file (decision 0024): suppression, or data changed
    # since it was asked for, can bring two files closer than their filters did.
    released = cohorts.as_ids(written_ids)
    try:
        too_close_to_earlier(released, k=job.k, filters=filters, released=True, exclude=job.pk)
    except ExportRefused as error:
        raise ExportRefused(f"The file was not released. {error}.", field=error.field) from None
    return {
        "released_cohort": cohorts.pack(released),
        "released_digest": cohorts.digest(released),
        "rows": written,
        "rows_suppressed": the_plan.rows_suppressed,
        "k_achieved": the_plan.k_achieved,
        "summary": the_plan.summary(),
        "sha256": _sha256(temporary),
    }


class _Planned:
    """The first pass's key of each assessment id, looked up in increasing id order."""

    def __init__(self, ids: "array[int]", codes: "array[int]", keys: list[tuple[str, ...]]):
        self.ids, self.codes, self.keys = ids, codes, keys
        self.at = 0

    def code(self, assessment_id: int) -> int | None:
        """The number of the id's key among `keys`; None if the first pass did not see the id."""
        ids, at = self.ids, self.at
        while at < len(ids) and ids[at] < assessment_id:
            at += 1
        self.at = at
        if at < len(ids) and ids[at] == assessment_id:
            code: int = self.codes[at]
            return code
        return None  # not seen by the first pass

    def get(self, assessment_id: int) -> tuple[str, ...] | None:
        code = self.code(assessment_id)
        return None if code is None else self.keys[code]


def _released_rows(
    filters: ExportFilters,
    last_id: int,
    planned: _Planned,
    the_plan: Plan,
    key: bytes,
    progress: _Progress,
    written_keys: Counter[tuple[str, ...]],
    written_ids: "array[int]",
) -> Iterator[Sequence[Any]]:
    applied = {step.name for step in the_plan.steps}
    area_generalised = "council area to region" in applied
    rates = region_rates() if area_generalised else {}
    index = {name: i for i, name in enumerate(EXPORT_COLUMN_NAMES)}
    pace_id_at = index["pace_id"]
    pace_id_of = pace_ids(key=key)

    # The cells a row's key sets: the quasi-identifiers as generalised and, when the area was
    # generalised, the area's columns; the same for every row of a generalised key, so worked out
    # once per key and shared (a million rows have tens of thousands of first-pass keys).
    names = [
        *QUASI_IDENTIFIERS,
        *(("council_area_code", "region", "q7_area_unemployment", "area_tercile") if area_generalised else ()),
    ]
    positions = tuple(dict.fromkeys(index[name] for name in names))
    by_generalised: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[Any, ...]] | None] = {}

    def decide(generalised: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[Any, ...]] | None:
        """The key as written and the values of its cells, or None when its rows are suppressed."""
        if not the_plan.keeps(generalised):
            return None
        cells: dict[int, Any] = {index[name]: value for name, value in zip(QUASI_IDENTIFIERS, generalised, strict=True)}
        if area_generalised:
            region = generalised[QUASI_IDENTIFIERS.index("council_area_code")]
            cells[index["council_area_code"]] = ""
            cells[index["region"]] = region
            rate = rates.get(region)
            cells[index["q7_area_unemployment"]] = rate
            cells[index["area_tercile"]] = area_tercile_of(float("nan") if rate is None else rate)
        return generalised, tuple(cells[at] for at in positions)

    decisions = []
    for original in planned.keys:
        generalised = the_plan.generalised(original)
        if generalised not in by_generalised:
            by_generalised[generalised] = decide(generalised)
        decisions.append(by_generalised[generalised])
    for assessment_id, values in export_rows(filters=filters, last_id=last_id):
        code = planned.code(assessment_id)
        if code is None:
            continue  # not seen by the first pass: never planned, never written
        decision = decisions[code]
        if decision is None:
            continue
        generalised, cells = decision
        written_keys[generalised] += 1
        written_ids.append(assessment_id)
        values[pace_id_at] = pace_id_of(values[pace_id_at])
        for at, value in zip(positions, cells, strict=True):
            values[at] = value
        progress.tick()
        yield values


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- sweeping -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    failed: int
    expired: int


def export_jobs_sweep(*, now: datetime | None = None) -> SweepResult:
    """Mark jobs whose worker died failed, and delete files past the retention period."""
    now = now or timezone.now()
    stalled_before = now - timedelta(minutes=settings.EXPORT_STALL_MINUTES)
    failed = 0
    for job in ExportJob.objects.filter(status=ExportStatus.RUNNING, progress_at__lt=stalled_before):
        failed += _mark_dead(job, "The export stopped: its worker ended before it finished. Start it again.")
    for job in ExportJob.objects.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).exclude(task_id=""):
        if _task_failed(job.task_id):
            failed += _mark_dead(job, "The export stopped: its background task failed. Start it again.")
    expired = 0
    retained_after = now - timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, finished_at__lt=retained_after):
        _delete_file(job.file_name)
        expired += ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(status=ExportStatus.EXPIRED)
    _delete_leftovers(now - timedelta(minutes=settings.EXPORT_STALL_MINUTES))
    if failed or expired:
        logger.info("export sweep: %s failed, %s expired", failed, expired)
    return SweepResult(failed=failed, expired=expired)


def export_jobs_worker_died(*, worker_id: str) -> int:
    """Fail the jobs a worker was running when it exited (its tasks stay RUNNING in django-tasks)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids")
    task_ids = [str(task_id) for task_id, worker_ids in running if worker_ids and worker_ids[-1] == worker_id]
    failed = 0
    for job in ExportJob.objects.filter(task_id__in=task_ids, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]):
        failed += _mark_dead(job, "The export stopped: its worker ended before it finished. Start it again.")
    return failed


def _mark_dead(job: ExportJob, message: str) -> int:
    return ExportJob.objects.filter(pk=job.pk, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=message
    )


def _task_failed(task_id: str) -> bool:
    from django_tasks import TaskResultStatus

    from triage.tasks import run_export

    try:
        result = run_export.get_result(task_id)
    except Exception:  # the immediate backend keeps no results; a pruned result is unknown
        return False
    return bool(result.status == TaskResultStatus.FAILED)


def _delete_file(file_name: str) -> None:
    if file_name:
        (Path(settings.EXPORT_DIR) / Path(file_name).name).unlink(missing_ok=True)


def _delete_leftovers(before: datetime) -> None:
    """Half-written files (.part) of jobs that died, once they are older than the stall time."""
    folder = Path(settings.EXPORT_DIR)
    if not folder.is_dir():
        return
    for path in folder.glob("export-*.part"):
        if datetime.fromtimestamp(path.stat().st_mtime, tz=before.tzinfo) < before:
            path.unlink(missing_ok=True)


# -- downloading --------------------------------------------------------------------------------


def export_file_path(job: ExportJob) -> Path | None:
    """The finished file of a job, if it is still kept."""
    if job.status != ExportStatus.DONE or not job.file_name:
        return None
    path = Path(settings.EXPORT_DIR) / Path(job.file_name).name
    return path if path.is_file() else None


def export_download_record(*, acting_user: User, job: ExportJob) -> ExportRecord:
    """The audit row of a download: who, the job's filters and format, rows, k and the file's hash."""
    return export_record(
        acting_user=acting_user,
        kind=f"anonymised-{job.format}",
        filters={**job.filters, "job": job.pk, "k": job.k, "k_achieved": job.k_achieved, "sha256": job.sha256},
        rows=job.rows or 0,
    )
