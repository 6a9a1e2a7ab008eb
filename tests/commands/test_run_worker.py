"""The worker's supervisor: it restarts db_worker when it exits and fails what the dead worker ran."""

import io

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from triage.management.commands import run_worker
from triage.models import ExportJob, ExportStatus
from triage.services.exports import export_jobs_worker_died

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


def test_the_sweep_command_says_what_it_did(db):
    out = io.StringIO()
    call_command("export_sweep", stdout=out)
    assert "0 stalled jobs failed, 0 files deleted" in out.getvalue()


def test_the_supervisor_asks_for_the_evaluation_figures_when_none_are_stored(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from triage.tasks import refresh_evaluation_figures

    monkeypatch.setattr(run_worker.subprocess, "Popen", ExitingWorker)
    call_command("run_worker", max_starts=2, restart_delay=0, stdout=io.StringIO())

    waiting = DBTaskResult.objects.filter(task_path=refresh_evaluation_figures.module_path, status="READY")
    assert waiting.count() == 1  # asked for at the first sweep, not again while it waits
