"""The identifiers kept for linkage, apart from everything else (decision 0026).

Readable only by the indexing job and the clerical review: `.importlinter` forbids the
evaluator's and partners' views, the evaluation and export selectors and the export writers to
import this module, and triage.models does not re-export it (triage.apps registers it). Once a run
is finished, services.linkage.linkage_identifiers_purge blanks every linkage field, leaving only
the partner's record id and its PACE ID.
"""

import secrets

from django.db import models

from triage.models.partners import PartnerUpload

PACE_ID_BYTES = 12  # 16 URL-safe characters


def new_pace_id() -> str:
    """A random token: never derived from an identifier, so it gives nothing away and cannot be rebuilt."""
    return secrets.token_urlsafe(PACE_ID_BYTES)


class PaceId(models.Model):
    """The registry of PACE IDs: the same person keeps theirs in every later run."""

    token = models.CharField(max_length=32, unique=True, default=new_pace_id, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.token


class LinkageIdentifier(models.Model):
    """One row of a partner's upload. Names are stored as name keys, the NI number only as the keyed
    hash of its stem; every field but the record id and PACE ID is blanked once linked."""

    upload = models.ForeignKey(PartnerUpload, on_delete=models.CASCADE, related_name="identifiers")
    record_id = models.CharField(max_length=64)
    ni_hash = models.CharField(max_length=64, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    pace_id = models.ForeignKey(PaceId, null=True, blank=True, on_delete=models.PROTECT, related_name="records")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["upload", "record_id"], name="triage_linkage_one_row_per_record"),
        ]
        indexes = [
            # Exact linkage on the NI number's hash, across every partner's uploads.
            models.Index(fields=["ni_hash"], name="triage_linkage_ni_hash_idx"),
        ]

    def __str__(self):
        return f"row of upload {self.upload_id}"


class PersonPaceId(models.Model):
    """The PACE ID the indexing job gave one of PACE's own people (a record of the "pace" source)."""

    person = models.OneToOneField("triage.Person", on_delete=models.CASCADE, related_name="+")
    pace_id = models.ForeignKey(PaceId, on_delete=models.PROTECT, related_name="people")

    def __str__(self):
        return f"PACE ID of person {self.person_id}"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    SAME = "same", "The same person"
    DIFFERENT = "different", "Different people"


class ReviewPair(models.Model):
    """Two records a run scored between the thresholds, for clerical review: only the fields
    linkage used (whether an NI number was held, never its hash), and the decision."""

    run = models.ForeignKey("triage.LinkageRun", on_delete=models.CASCADE, related_name="review_pairs")
    match_probability = models.FloatField()
    left_source = models.CharField(max_length=40)
    left_record = models.CharField(max_length=64)
    left_given_name = models.CharField(max_length=100, blank=True)
    left_family_name = models.CharField(max_length=100, blank=True)
    left_date_of_birth = models.CharField(max_length=10, blank=True)
    left_postcode = models.CharField(max_length=8, blank=True)
    right_source = models.CharField(max_length=40)
    right_record = models.CharField(max_length=64)
    right_given_name = models.CharField(max_length=100, blank=True)
    right_family_name = models.CharField(max_length=100, blank=True)
    right_date_of_birth = models.CharField(max_length=10, blank=True)
    right_postcode = models.CharField(max_length=8, blank=True)
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, default=ReviewDecision.PENDING)
    decided_by = models.ForeignKey("triage.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-match_probability", "pk"]

    def __str__(self):
        return f"review pair {self.pk} of run {self.run_id}"
