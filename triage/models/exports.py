from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Deleted after the retention period"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PARQUET = "parquet", "Parquet"


class ExportJob(models.Model):
    """One anonymised export: who asked, with which filters and format, its progress, and the file.

    Kept after the file is deleted, as the record of the export: rows, k achieved, what
    k-anonymity did, and the SHA-256 of the file. The progress is our own (django-tasks has no
    heartbeat): `progress_at` moves with each batch of rows, and a running job whose progress
    stops (its worker died) is marked failed by services.export_jobs_sweep.
    """

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    filters = models.JSONField(default=dict, blank=True, help_text="Codes and ids only, never search text")
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    k = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result id")
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    progress_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True, help_text="Rows in the file")
    rows_suppressed = models.PositiveIntegerField(null=True, blank=True)
    k_achieved = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="What k-anonymity did, in plain words")
    sha256 = models.CharField(max_length=64, blank=True)
    file_name = models.CharField(max_length=100, blank=True, help_text="Under settings.EXPORT_DIR")
    error = models.CharField(max_length=300, blank=True)
    # The cohorts the differencing rule compares (decision 0024, triage.lib.cohorts): the sorted
    # assessment ids, packed. Requested: what matched the filters when it was asked for; released:
    # the rows written to the file. Ids only, never anything about the people.
    requested_cohort = models.BinaryField(blank=True, default=b"", editable=False)
    requested_digest = models.CharField(max_length=64, blank=True, editable=False)
    released_cohort = models.BinaryField(blank=True, default=b"", editable=False)
    released_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep: running jobs by last progress.
            models.Index(fields=["status", "progress_at"], name="exportjob_status_progress"),
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.format}, {self.status}) by {self.requested_by_id}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED}
