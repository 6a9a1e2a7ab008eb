"""Retraining from recorded outcomes as background jobs: ask for one, run it, sweep dead ones, make it live.

`retrain_request` refuses (RetrainRefused, nothing saved) when fewer than
settings.RETRAIN_MIN_PER_CLASS people have either outcome; otherwise it records a RetrainJob and
enqueues `triage.tasks.run_retrain` (django-tasks, the database backend, as the export does:
decision 0017). `retrain_run` reads the training frame (selectors.retraining: no identifiers),
fits and writes the candidate under settings.SCORECARD_DIR with a new label, never live, and keeps
the comparison with the live scorecard on the job (triage.modelling.retrain). `retrain_jobs_sweep`
fails a running job with no progress for settings.RETRAIN_STALL_MINUTES (its worker died);
`manage.py run_worker` runs it beside the export's sweep. `retrain_make_live` is the admin's:
through services.scorecard_activate, so the declined-answers rule (decision 0008) is checked
again, with the reason recorded on the activation and an audit row.
"""

import logging
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from triage.access import Role, has_role
from triage.modelling.dictionary import DataError
from triage.modelling.retrain import TrainingData, retrain
from triage.modelling.train import TrainingError
from triage.models import AuditAction, RetrainJob, RetrainStatus, ScorecardActivation, User
from triage.scorecard_files import live_label, live_scorecard
from triage.scoring import ScorecardError
from triage.selectors.retraining import recorded_outcome_counts, training_frame
from triage.services.audit import audit_record
from triage.services.scorecards import scorecard_activate

logger = logging.getLogger(__name__)

CANDIDATE_NAME = "retrained"
STOPPED = "The retraining stopped: its worker ended before it finished. Start it again."


class RetrainRefused(ValueError):
    """Retraining cannot start (too few outcomes of a kind) or a candidate cannot go live; the message says why."""


def retrain_request(*, acting_user: User, seed: int | None = None) -> RetrainJob:
    """Record a retraining job and enqueue it; RetrainRefused, with nothing saved, when too few
    people have either outcome."""
    from triage.tasks import run_retrain

    counts = recorded_outcome_counts()
    minimum = settings.RETRAIN_MIN_PER_CLASS
    short = [
        f"{count} {'is' if count == 1 else 'are'} recorded as {what}"
        for count, what in ((counts.ltu, "long-term unemployed"), (counts.not_ltu, "not long-term unemployed"))
        if count < minimum
    ]
    if short:
        raise RetrainRefused(
            f"Too few recorded outcomes to retrain: retraining needs at least {minimum} people of each outcome, "
            f"and {' and '.join(short)}. Record more 12-month follow-ups first."
        )
    with transaction.atomic():
        job = RetrainJob(
            requested_by=acting_user,
            seed=seed if seed is not None else secrets.randbelow(2**31),
            live_label=live_label(),
            ltu_count=counts.ltu,
            not_ltu_count=counts.not_ltu,
        )
        job.full_clean()
        job.save()
        audit_record(acting_user=acting_user, action=AuditAction.RETRAINING_STARTED, detail=f"retraining job {job.pk}")
    result = run_retrain.enqueue(job.pk)  # after the commit, so the worker finds the job
    RetrainJob.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    logger.info("retraining %s queued by user %s", job.pk, acting_user.pk)
    return job


class _Cancelled(RuntimeError):
    pass


def _step(job_id: int, percent: int, text: str) -> None:
    changed = RetrainJob.objects.filter(pk=job_id, status=RetrainStatus.RUNNING).update(
        percent=percent, stage=text[:100], progress_at=timezone.now()
    )
    if not changed:
        raise _Cancelled(f"retraining {job_id} is no longer running")


def candidate_label_for(job: RetrainJob, *, today: date) -> tuple[str, str]:
    """(name, version) of the candidate: retrained-YYYYMMDD.<job id>, new for every job."""
    return CANDIDATE_NAME, f"{today:%Y%m%d}.{job.pk}"


def retrain_run(*, job_id: int) -> None:
    """Run one job to the end: the candidate written and compared, or the job failed with the reason."""
    now = timezone.now()
    started = RetrainJob.objects.filter(pk=job_id, status=RetrainStatus.QUEUED).update(
        status=RetrainStatus.RUNNING, started_at=now, progress_at=now, stage="Reading the recorded outcomes"
    )
    if not started:
        return  # already run, or swept
    job = RetrainJob.objects.get(pk=job_id)
    today = timezone.localdate()
    name, version = candidate_label_for(job, today=today)
    try:
        live = live_scorecard()
        raw = training_frame()
        counts = recorded_outcome_counts()
        data = TrainingData(
            ltu=int(raw["ltu"].sum()),
            not_ltu=int(len(raw) - raw["ltu"].sum()),
            outcomes_from=counts.outcomes_from,
            outcomes_to=counts.outcomes_to,
        )
        result = retrain(
            raw,
            scorecard_dir=settings.SCORECARD_DIR,
            name=name,
            version=version,
            live=live,
            data=data,
            seed=job.seed,
            job=job.pk,
            today=today,
            replicates=settings.RETRAIN_BOOTSTRAP_REPLICATES,
            step=lambda percent, text: _step(job_id, percent, text),
        )
    except (DataError, TrainingError, ScorecardError) as error:
        _fail(job_id, f"The retraining failed: {error}")
        return
    except _Cancelled:
        return
    except Exception:
        logger.exception("retraining %s failed", job_id)
        _fail(job_id, "The retraining failed unexpectedly. Try again; if it fails again, tell the service team.")
        raise
    RetrainJob.objects.filter(pk=job_id, status=RetrainStatus.RUNNING).update(
        status=RetrainStatus.DONE,
        percent=100,
        stage="Done",
        finished_at=timezone.now(),
        progress_at=timezone.now(),
        candidate_label=result.label,
        held_out_count=result.held_out_rows,
        comparison=result.comparison,
        ltu_count=data.ltu,
        not_ltu_count=data.not_ltu,
    )
    logger.info("retraining %s wrote %s", job_id, result.label)


def _fail(job_id: int, message: str) -> None:
    RetrainJob.objects.filter(pk=job_id).exclude(status=RetrainStatus.DONE).update(
        status=RetrainStatus.FAILED, finished_at=timezone.now(), message=message[:300]
    )


def retrain_jobs_sweep(*, now: datetime | None = None) -> int:
    """Mark running jobs whose worker died failed (no progress for RETRAIN_STALL_MINUTES, or a failed task)."""
    now = now or timezone.now()
    stalled_before = now - timedelta(minutes=settings.RETRAIN_STALL_MINUTES)
    failed = _mark_dead(RetrainJob.objects.filter(status=RetrainStatus.RUNNING, progress_at__lt=stalled_before))
    for job in RetrainJob.objects.filter(status__in=[RetrainStatus.QUEUED, RetrainStatus.RUNNING]).exclude(task_id=""):
        if _task_failed(job.task_id):
            failed += _mark_dead(RetrainJob.objects.filter(pk=job.pk))
    if failed:
        logger.info("retraining sweep: %s failed", failed)
    return failed


def retrain_jobs_worker_died(*, worker_id: str) -> int:
    """Fail the jobs a worker was running when it exited (its tasks stay RUNNING in django-tasks)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids")
    task_ids = [str(task_id) for task_id, worker_ids in running if worker_ids and worker_ids[-1] == worker_id]
    return _mark_dead(RetrainJob.objects.filter(task_id__in=task_ids))


def _mark_dead(jobs: QuerySet[RetrainJob]) -> int:
    return int(
        jobs.filter(status__in=[RetrainStatus.QUEUED, RetrainStatus.RUNNING]).update(
            status=RetrainStatus.FAILED, finished_at=timezone.now(), message=STOPPED
        )
    )


def _task_failed(task_id: str) -> bool:
    from django_tasks import TaskResultStatus

    from triage.tasks import run_retrain

    try:
        result = run_retrain.get_result(task_id)
    except Exception:  # the immediate backend keeps no results; a pruned result is unknown
        return False
    return bool(result.status == TaskResultStatus.FAILED)


def retrain_make_live(*, job: RetrainJob, acting_user: User, reason: str) -> ScorecardActivation:
    """An admin makes the job's candidate live, with a reason. Through scorecard_activate, so a
    card that breaks the declined-answers rule is refused (ScorecardError); RetrainRefused when
    the job has no candidate or the reason is blank; PermissionDenied for anyone but an admin."""
    if not has_role(acting_user, Role.ADMIN):
        raise PermissionDenied("Only an admin can make a scorecard live")
    if job.status != RetrainStatus.DONE or not job.candidate_label:
        raise RetrainRefused("This retraining has no candidate to make live")
    if not reason.strip():
        raise RetrainRefused("Enter why the candidate should go live")
    return scorecard_activate(
        label=job.candidate_label, acting_user=acting_user, note=f"retraining job {job.pk}", reason=reason.strip()
    )
