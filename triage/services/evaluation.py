"""The evaluator's statistics pages' figures: computed in the background, stored for every worker.

`evaluation_figures_refresh` computes each figure set (selectors.evaluation.FIGURE_SETS) whose
stored figures are not at the current version and replaces its EvaluationSnapshot row. It runs
as the task `triage.tasks.refresh_evaluation_figures`, which `evaluation_refresh_request`
enqueues unless one is already waiting to run: after a write that moves the data version (its
audit row asks, through `evaluation_refresh_soon`, once the write commits), and from the worker's
sweep (`evaluation_figures_sweep`, every minute: anything loaded in bulk, a new quarter, a new
figures format). Pages show the stored figures, stale or not, and compute inline only a figure
set that was never stored (decision 0023).
"""

import logging
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

import triage.selectors.evaluation as evaluation
from triage.lib import figures_json
from triage.models import AuditAction, EvaluationSnapshot

logger = logging.getLogger(__name__)

# The audit actions of the writes that move the data version (selectors.evaluation.data_version):
# a person, an assessment, an override, an intervention, a follow-up or a file of them, a work
# start, an edit of a person's details, a new live scorecard.
CHANGES_FIGURES = frozenset(
    {
        AuditAction.PERSON_CREATED,
        AuditAction.ASSESSMENT_CREATED,
        AuditAction.OVERRIDE_ADDED,
        AuditAction.INTERVENTION_ADDED,
        AuditAction.PERSON_UPDATED,
        AuditAction.WORK_START_RECORDED,
        AuditAction.FOLLOW_UP_RECORDED,
        AuditAction.FOLLOW_UPS_UPLOADED,
        AuditAction.SCORECARD_ACTIVATED,
    }
)


def evaluation_figures_refresh(
    *, names: list[str] | None = None, force: bool = False, today: date | None = None
) -> dict[str, evaluation.Computed]:
    """Compute and store every figure set in `names` (all by default) not stored at the current
    version (every one with `force`); returns those it stored.

    The version is read before the data, so a change made while the figures are computed leaves
    them stale, and the next refresh takes it in. Each set is stored in its own short write: a
    refresh never holds the database's write lock while it computes.
    """
    today = today or timezone.localdate()
    version = evaluation.snapshot_version(today)
    wanted = list(evaluation.FIGURE_SETS) if names is None else names
    if not force:
        current = set(evaluation.FIGURE_SETS) - set(evaluation.stale_figure_sets(version=version))
        wanted = [name for name in wanted if name not in current]
    inputs = evaluation.Inputs(today)
    stored = {}
    for name in wanted:
        started = time.perf_counter()
        figures = evaluation.FIGURE_SETS[name](inputs)
        payload = figures_json.dumps(figures)
        seconds = time.perf_counter() - started
        computed_at = timezone.now()
        snapshot = _store(name, data_version=version, computed_at=computed_at, seconds=seconds, payload=payload)
        key = evaluation.snapshot_key(name, snapshot, computed_at)
        stored[name] = evaluation.Computed(figures=figures, computed_at=computed_at, stale=False, key=key)
        logger.info("evaluation figures %s computed in %.1f s (%s characters)", name, seconds, len(payload))
    return stored


def _store(name: str, **fields: Any) -> int:
    """Replace the figure set's row, or create it; the row's id."""
    for _ in range(2):
        updated = EvaluationSnapshot.objects.filter(name=name).update(**fields)
        if updated:
            pk: int = EvaluationSnapshot.objects.values_list("pk", flat=True).get(name=name)
            return pk
        try:
            with transaction.atomic():
                created: int = EvaluationSnapshot.objects.create(name=name, **fields).pk
                return created
        except IntegrityError:  # another refresh created it first: update that one
            continue
    raise RuntimeError(f"could not store the {name} figures")


def _refresh_waiting(task: Any) -> bool:
    """Whether a refresh is queued and not yet started (known on the database backend only)."""
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def evaluation_refresh_request() -> bool:
    """Enqueue one refresh of the figures unless one is waiting to run; whether it enqueued.

    A refresh that is running does not count: it may have read the data before the change. With
    settings.EVALUATION_REFRESH_DELAY_SECONDS the refresh waits that long, so a burst of writes
    (an event, an upload and its corrections) is taken in by one refresh.
    """
    from triage.tasks import refresh_evaluation_figures

    _last_asked["at"] = time.monotonic()
    if _refresh_waiting(refresh_evaluation_figures):
        return False
    task = refresh_evaluation_figures
    delay = settings.EVALUATION_REFRESH_DELAY_SECONDS
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue()
    return True


# When this process last asked (time.monotonic()). A refresh asked for waits
# EVALUATION_REFRESH_DELAY_SECONDS before it starts, so a write within that time is taken in by it
# without asking again: most checklists at an event then cost no query for this (it was one
# statement and a tenth of a submit's time). Another process asks for itself; the worker's
# minute sweep catches anything a refresh already running had read before.
_last_asked: dict[str, float] = {}


def evaluation_refresh_soon(*, action: str) -> None:
    """After a write that moves the figures' data version commits, ask for a refresh (audit_record calls this)."""
    if action not in CHANGES_FIGURES or not settings.EVALUATION_REFRESH_AFTER_WRITES:
        return
    asked = _last_asked.get("at")
    if asked is not None and time.monotonic() - asked < settings.EVALUATION_REFRESH_DELAY_SECONDS:
        return
    transaction.on_commit(evaluation_refresh_request)


def evaluation_figures_sweep() -> bool:
    """Ask for a refresh when any figure set is missing or stale (the worker's sweep, every minute)."""
    version = evaluation.snapshot_version(timezone.localdate())
    if not evaluation.stale_figure_sets(version=version):
        return False
    return evaluation_refresh_request()
