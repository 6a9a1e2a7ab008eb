"""The worker's supervisor: it restarts db_worker when it exits and fails what the dead worker ran."""

import io

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from triage.management.commands import run_worker
from triage.models import ExportJob, ExportStatus, RetrainJob, RetrainStatus
from triage.services.exports import export_jobs_worker_died
from triage.services.retraining import retrain_jobs_worker_died

pytestmark = pytest.mark.django_db


class ExitingWorker:
    started = []

    def __init__(self, command):
        self.command = command
        ExitingWorker.started.append(command)
        self.returncode = 1

    def poll(self):
        return self.returncode


def test_a_worker_that_exits_is_started_again(monkeypatch):
    ExitingWorker.started = []
    monkeypatch.setattr(run_worker.subprocess, "Popen", ExitingWorker)
    out = io.StringIO()
    call_command("run_worker", max_starts=3, restart_delay=0, stdout=out)
    assert len(ExitingWorker.started) == 3
    assert all("db_worker" in command for command in ExitingWorker.started)
    worker_ids = {command[command.index("--worker-id") + 1] for command in ExitingWorker.started}
    assert len(worker_ids) == 3  # a new id each start, so the dead one's tasks are told apart
    assert "after 3 starts" in out.getvalue()


def test_the_jobs_of_a_dead_worker_are_failed(evaluator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.tasks import run_export

    job = ExportJob.objects.create(requested_by=evaluator, format="csv", k=5, status=ExportStatus.RUNNING)
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=result.id)
    task = DBTaskResult.objects.get(id=result.id)
    task.claim("pace-dead")
    other = ExportJob.objects.create(requested_by=evaluator, format="csv", k=5, status=ExportStatus.RUNNING)
    assert export_jobs_worker_died(worker_id="pace-alive") == 0
    assert export_jobs_worker_died(worker_id="pace-dead") == 1
    job.refresh_from_db()
    other.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "worker ended" in job.error
    assert other.status == ExportStatus.RUNNING
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING


def _retrain_job(evaluator, task_id=""):
    return RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.RUNNING,
        task_id=task_id,
    )


def test_the_retraining_jobs_of_a_dead_worker_are_failed(evaluator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.tasks import run_retrain

    job = _retrain_job(evaluator)
    result = run_retrain.enqueue(job.pk)
    RetrainJob.objects.filter(pk=job.pk).update(task_id=result.id)
    DBTaskResult.objects.get(id=result.id).claim("pace-dead")
    other = _retrain_job(evaluator)
    assert retrain_jobs_worker_died(worker_id="pace-alive") == 0
    assert retrain_jobs_worker_died(worker_id="pace-dead") == 1
    job.refresh_from_db()
    other.refresh_from_db()
    assert job.status == RetrainStatus.FAILED
    assert job.finished_at is not None
    assert "worker ended" in job.message
    assert other.status == RetrainStatus.RUNNING


class ClaimingWorker(ExitingWorker):
    """A worker that claims every queued task under its own --worker-id, then dies."""

    def __init__(self, command):
        super().__init__(command)
        worker_id = command[command.index("--worker-id") + 1]
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            task.claim(worker_id)


def test_the_supervisor_fails_both_kinds_of_job_when_their_worker_dies(
    reference_data_again, evaluator, settings, monkeypatch
):
    """Transactional, as the supervisor runs: its close_old_connections() closes a connection
    found inside a transaction (a test's own, on PostgreSQL)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.tasks import run_export, run_retrain

    export = ExportJob.objects.create(requested_by=evaluator, format="csv", k=5, status=ExportStatus.RUNNING)
    ExportJob.objects.filter(pk=export.pk).update(task_id=run_export.enqueue(export.pk).id)
    retraining = _retrain_job(evaluator)
    RetrainJob.objects.filter(pk=retraining.pk).update(task_id=run_retrain.enqueue(retraining.pk).id)
    monkeypatch.setattr(run_worker.subprocess, "Popen", ClaimingWorker)
    monkeypatch.setattr(run_worker, "_sweep", lambda: None)  # only the dead worker's own jobs are failed
    call_command("run_worker", max_starts=1, restart_delay=0, stdout=io.StringIO())
    export.refresh_from_db()
    retraining.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert retraining.status == RetrainStatus.FAILED
    assert "worker ended" in retraining.message


def test_a_failed_task_fails_its_job(evaluator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.services.exports import export_jobs_sweep
    from triage.tasks import run_export

    job = ExportJob.objects.create(requested_by=evaluator, format="csv", k=5)
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=result.id)
    DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.FAILED)
    assert export_jobs_sweep().failed == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_a_failed_retraining_task_fails_its_job(evaluator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.services.retraining import retrain_jobs_sweep
    from triage.tasks import run_retrain

    job = _retrain_job(evaluator)
    RetrainJob.objects.filter(pk=job.pk).update(status=RetrainStatus.QUEUED, progress_at=None)
    result = run_retrain.enqueue(job.pk)
    RetrainJob.objects.filter(pk=job.pk).update(task_id=result.id)
    DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.FAILED)
    assert retrain_jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == RetrainStatus.FAILED


def test_the_sweep_command_says_what_it_did(db):
    out = io.StringIO()
    call_command("export_sweep", stdout=out)
    assert "0 stalled jobs failed, 0 files deleted" in out.getvalue()


def test_the_supervisor_asks_for_the_evaluation_figures_when_none_are_stored(
    reference_data_again, monkeypatch, settings
):
    # Transactional, as the supervisor runs (see the test above).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.tasks import refresh_evaluation_figures

    monkeypatch.setattr(run_worker.subprocess, "Popen", ExitingWorker)
    call_command("run_worker", max_starts=2, restart_delay=0, stdout=io.StringIO())

    waiting = DBTaskResult.objects.filter(task_path=refresh_evaluation_figures.module_path, status="READY")
    assert waiting.count() == 1  # asked for at the first sweep, not again while it waits
