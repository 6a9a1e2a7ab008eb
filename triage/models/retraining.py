from django.conf import settings
from django.db import models


class RetrainStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Candidate ready"
    FAILED = "failed", "Failed"


class RetrainJob(models.Model):
    """One retraining from recorded outcomes: who started it, its progress, the candidate it made.

    Kept as the record of the candidate: the seed, how many people of each outcome it was trained
    on, and the comparison with the live scorecard on the held-out people (JSON, as
    triage.modelling.retrain.compare gives it). Counts and figures only, never anyone's details.
    The progress is our own (django-tasks has no heartbeat): `progress_at` moves with each stage,
    and a running job whose progress stops is marked failed by services.retrain_jobs_sweep.
    """

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=RetrainStatus.choices, default=RetrainStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result id")
    seed = models.PositiveIntegerField()
    live_label = models.CharField(max_length=60, help_text="The live scorecard when the job started")
    ltu_count = models.PositiveIntegerField(help_text="People with LTU label 1 when the job was asked for")
    not_ltu_count = models.PositiveIntegerField(help_text="People with LTU label 0 when the job was asked for")
    held_out_count = models.PositiveIntegerField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True, help_text="Why it failed, in plain words")
    candidate_label = models.CharField(max_length=60, blank=True, help_text="Folder under models/ it wrote")
    comparison = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep: running jobs by last progress.
            models.Index(fields=["status", "progress_at"], name="retrainjob_status_progress"),
        ]

    def __str__(self):
        return f"Retraining {self.pk} ({self.status}) by {self.requested_by_id}"

    @property
    def finished(self) -> bool:
        return self.status in {RetrainStatus.DONE, RetrainStatus.FAILED}
