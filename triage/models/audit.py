from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    PERSON_VIEWED = "person_viewed", "Viewed a person"
    PERSON_CREATED = "person_created", "Registered a person"
    PEOPLE_SEARCHED = "people_searched", "Searched people"
    ASSESSMENT_CREATED = "assessment_created", "Completed a checklist"
    ASSESSMENT_VIEWED = "assessment_viewed", "Viewed a result"
    OVERRIDE_ADDED = "override_added", "Overrode a band"
    INTERVENTION_ADDED = "intervention_added", "Recorded an intervention"
    INTERVENTION_UPDATED = "intervention_updated", "Updated an intervention"
    SUPPORT_PLAN_VIEWED = "support_plan_viewed", "Viewed a support plan"
    CASELOAD_VIEWED = "caseload_viewed", "Viewed a caseload list"
    OVERRIDE_REVIEWED = "override_reviewed", "Reviewed an override"
    PERSON_UPDATED = "person_updated", "Changed a person's details"
    WORK_START_RECORDED = "work_start_recorded", "Recorded that a person started work"
    ADVISER_REASSIGNED = "adviser_reassigned", "Changed a person's named adviser"
    FOLLOW_UP_RECORDED = "follow_up_recorded", "Recorded a follow-up"
    FOLLOW_UPS_UPLOADED = "follow_ups_uploaded", "Uploaded a file of follow-ups"
    RETRAINING_STARTED = "retraining_started", "Started a retraining from recorded outcomes"
    SCORECARD_ACTIVATED = "scorecard_activated", "Made a scorecard live"
    PARTNER_UPLOAD_ACCEPTED = "partner_upload_accepted", "Uploaded a partner's file of identifiers"
    PARTNER_UPLOAD_REFUSED = "partner_upload_refused", "Sent a partner's file of identifiers that was refused"
    PARTNER_TEMPLATE_DOWNLOADED = "partner_template_downloaded", "Downloaded the partner upload template"
    LINKAGE_RUN_FINISHED = "linkage_run_finished", "Linked a partner's upload"
    LINKAGE_REVIEW_DECIDED = "linkage_review_decided", "Decided a pair of records in clerical review"
    PARTNER_PACE_IDS_DOWNLOADED = "partner_pace_ids_downloaded", "Downloaded a partner's file of PACE IDs"
    LINKAGE_IDENTIFIERS_PURGED = "linkage_identifiers_purged", "Deleted an upload's linkage identifiers"


class AuditEvent(models.Model):
    """Who saw or changed personal data, and when. Append-only; holds ids, never personal data."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    person_ref = models.CharField(max_length=8, blank=True, db_index=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The latest edit of anyone's details: part of the evaluator's figures' data version
            # (selectors/evaluation.py data_version), read at every view of those pages.
            models.Index(fields=["action", "id"], name="triage_audit_action_id_idx"),
        ]

    def __str__(self):
        return f"{self.action} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class ExportRecord(models.Model):
    """Every download of people's data: who, when, with which filters, how many rows."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    filters = models.JSONField(default=dict, blank=True)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.kind} export by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
