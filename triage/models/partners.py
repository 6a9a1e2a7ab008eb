"""Partner organisations, their users' uploads of identifiers, and what a partner may see of them.

A partner's page reads these rows: counts and status, never an identifier. The identifiers an
upload carried are in triage.models.linkage, kept apart (decision 0026).
"""

from django.conf import settings
from django.db import models

from triage.models.reference import Partner


class PartnerOrganisation(models.Model):
    """A reference partner that shares data with PACE: its users upload identifiers and download
    PACE IDs. Made by an admin; a partner on the reference list shares nothing until it is one."""

    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, related_name="organisation")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner__name"]

    def __str__(self):
        return self.partner.abbreviation


class UploadStatus(models.TextChoices):
    RECEIVED = "received", "Received, not linked yet"
    LINKED = "linked", "Linked"


class PartnerUpload(models.Model):
    """One accepted file of identifiers: who sent it and how many rows. A refused file leaves no row
    (only its audit event); the raw file is never kept, and the file's name is not stored either."""

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=UploadStatus.choices, default=UploadStatus.RECEIVED)
    rows_received = models.PositiveIntegerField()
    rows_valid = models.PositiveIntegerField()
    # Filled in by the linkage run; None until then ("not linked yet").
    matched_exactly = models.PositiveIntegerField(null=True, blank=True)
    matched_probabilistically = models.PositiveIntegerField(null=True, blank=True)
    sent_to_review = models.PositiveIntegerField(null=True, blank=True)
    unmatched = models.PositiveIntegerField(null=True, blank=True)
    identifiers_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            # A partner's list of its uploads, newest first (selectors.partner.uploads_for).
            models.Index(fields=["organisation", "-uploaded_at"], name="triage_upload_org_newest_idx"),
        ]

    def __str__(self):
        return f"upload {self.pk} of organisation {self.organisation_id}"


class LinkageRunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Linking"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class LinkageRun(models.Model):
    """One run of the indexing job for an upload (decision 0027): its progress, what it found, and the
    trained linkage model (Splink's JSON settings: weights, never an identifier), which later runs
    reuse. Counts go on the upload, which the partner's page reads. django-tasks has no heartbeat:
    `progress_at` moves at each stage, and the worker's sweep fails a run whose worker died."""

    upload = models.ForeignKey(PartnerUpload, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=LinkageRunStatus.choices, default=LinkageRunStatus.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    model_json = models.TextField(blank=True)
    model_trained = models.BooleanField(default=False)  # trained by this run (else reused)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "progress_at"], name="linkagerun_status_progress")]

    def __str__(self):
        return f"linkage run {self.pk} of upload {self.upload_id} ({self.status})"

    @property
    def is_over(self) -> bool:
        return self.status in {LinkageRunStatus.FINISHED, LinkageRunStatus.FAILED}
