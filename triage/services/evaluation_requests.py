"""Asking for the evaluator's figures to be refreshed: light, as every audited write imports it.

The refresh itself (services/evaluation.py) reads the statistics code (scikit-learn, fairlearn);
this module imports none of it, so a process that only writes (an export's worker, say) never
loads it (decision 0023).
"""

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from triage.models import AuditAction

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
