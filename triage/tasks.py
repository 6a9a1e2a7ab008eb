"""Background tasks (django-tasks, Django 6's django.tasks API on Django 5.2).

Moving to Django 6 is this import: `from django.tasks import task`. A task takes ids (JSON) and
calls one service, which keeps its own progress row (django-tasks has no heartbeat).

Each task imports its service when it runs: retraining's modelling (scikit-learn, SciPy,
fairlearn) is about 80 MB that a worker running only exports never needs.
"""

from django_tasks import task


@task()
def run_export(job_id: int) -> None:
    """Write the anonymised export of ExportJob `job_id`."""
    from triage.services.exports import export_run

    export_run(job_id=job_id)


@task()
def run_retrain(job_id: int) -> None:
    """Fit and compare the candidate of RetrainJob `job_id`."""
    from triage.services.retraining import retrain_run

    retrain_run(job_id=job_id)


@task()
def refresh_evaluation_figures() -> list[str]:
    """Compute and store the evaluator's figure sets that are not current; the names stored."""
    from triage.services.evaluation import evaluation_figures_refresh

    return list(evaluation_figures_refresh())


@task()
def run_linkage(upload_id: int) -> None:
    """Link PartnerUpload `upload_id` to PACE's people and earlier uploads (its queued LinkageRun)."""
    from triage.services.linkage import linkage_run

    linkage_run(upload_id=upload_id)
