import uuid

from django.conf import settings
from django.db import models

from triage.lib.bands import BAND_LABELS

# Built from the one list of bands (triage/lib/bands.py): Band.LOW == "low", labelled "Low".
Band = models.TextChoices("Band", [(band.upper(), (band, label)) for band, label in BAND_LABELS.items()])


class OverrideReason(models.TextChoices):
    ADVISER_KNOWLEDGE = "adviser_knowledge", "Circumstances the checklist does not capture"
    COMPLEX_NEEDS = "complex_needs", "Multiple or complex needs"
    HEALTH = "health", "Health or disability"
    CARING = "caring", "Caring responsibilities"
    LOCAL_JOBS = "local_jobs", "Local job market"
    JOB_PROSPECTS = "job_prospects", "Has a job offer or firm prospects"
    ANSWERS = "answers", "Answers do not reflect the person's situation"
    OTHER = "other", "Other"


class Assessment(models.Model):
    """A completed checklist with its score frozen as given.

    The scorecard name and version, the points per answer, probability and band are written
    once, when scored; a newer scorecard never changes them. `effective_band` is the latest
    override's band or else the model's band, kept on the row so lists filter without a join.
    """

    person = models.ForeignKey("triage.Person", on_delete=models.CASCADE, related_name="assessments")
    # The person's team, copied when the assessment is made, so team figures need no join to people.
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("triage.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(help_text="Item code → answer code, as given")
    dependants_count = models.PositiveSmallIntegerField(null=True, blank=True)
    council_area = models.ForeignKey("triage.CouncilArea", on_delete=models.PROTECT, related_name="+")
    area_unemployment_rate = models.DecimalField(max_digits=4, decimal_places=1)
    age_at_assessment = models.PositiveSmallIntegerField()
    checklist_version = models.CharField(max_length=20)
    scorecard_name = models.CharField(max_length=50)
    scorecard_version = models.CharField(max_length=20)
    probability_basis = models.CharField(
        max_length=20,
        default="evidence",
        help_text="What the probability was estimated from: evidence (rules card), synthetic data or outcomes",
    )
    contributions = models.JSONField(help_text="Frozen points per answered item")
    explanation = models.JSONField(default=dict, blank=True, help_text="Frozen strengths, risks and neutral answers")
    total_points = models.IntegerField()
    probability = models.FloatField(null=True, blank=True)
    # NULL, not "": an incomplete assessment has no band, which is different from an empty string.
    model_band = models.CharField(max_length=10, choices=Band.choices, null=True, blank=True)  # noqa: DJ001
    missing_count = models.PositiveSmallIntegerField()
    missing_items = models.JSONField(default=list, blank=True)
    complex_needs = models.JSONField(
        default=list, blank=True, help_text="Plain-word needs that suggest adviser judgement"
    )
    effective_band = models.CharField(max_length=10, choices=Band.choices, null=True, blank=True)  # noqa: DJ001
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        indexes = [
            models.Index(fields=["team", "created_at"]),
            models.Index(fields=["created_at"]),
            # Each adviser's assessments, for the override rate.
            models.Index(fields=["team", "created_by"]),
        ]

    def __str__(self):
        return f"{self.person_id}/A{self.pk}"

    @property
    def scorecard_label(self) -> str:
        return f"{self.scorecard_name}-{self.scorecard_version}"

    @property
    def is_incomplete(self) -> bool:
        return self.model_band is None

    @property
    def is_overridden(self) -> bool:
        return self.effective_band != self.model_band


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    AGREED = "agreed", "Agreed"
    QUERIED = "queried", "Queried"
    ANSWERED = "answered", "Answered by adviser"


class Override(models.Model):
    """An adviser's judgement over the model's band. Append-only: never edited or deleted.

    Only `review_status` changes, kept in step with the append-only OverrideReview rows so the
    team lead's queue filters without a join.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="overrides")
    # The assessment's team, copied when the override is made, so a team lead's review list and
    # counts read one index rather than joining every override to its assessment.
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="+")
    from_band = models.CharField(max_length=10, choices=Band.choices, null=True, blank=True)  # noqa: DJ001
    to_band = models.CharField(max_length=10, choices=Band.choices)
    reason_category = models.CharField(max_length=30, choices=OverrideReason.choices)
    reason_text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["review_status", "created_at"]),
            # A team lead's list by review status, newest first, and its count.
            models.Index(fields=["team", "review_status", "created_at"]),
            # An adviser's queried overrides, on their home page.
            models.Index(fields=["created_by", "review_status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_band__isnull=True) | ~models.Q(to_band=models.F("from_band")),
                name="override_changes_band",
            ),
        ]

    def __str__(self):
        return f"Override {self.pk} on assessment {self.assessment_id}"


class OverrideReview(models.Model):
    """A team lead's review of an override ("agreed" or "queried"), or the adviser's answer to a query."""

    class Kind(models.TextChoices):
        AGREED = "agreed", "Agreed"
        QUERIED = "queried", "Queried"
        ANSWERED = "answered", "Answered"

    override = models.ForeignKey(Override, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Review {self.pk} of override {self.override_id}"
