"""Writes: one function per user action, each in one transaction with its audit row."""

from triage.services.assessments import assessment_create
from triage.services.audit import audit_record, export_record
from triage.services.interventions import intervention_add, intervention_update_status
from triage.services.overrides import override_add, override_answer, override_review
from triage.services.people import LikelyDuplicate, person_name_keys_set, person_register
from triage.services.scorecards import scorecard_activate

__all__ = [
    "LikelyDuplicate",
    "assessment_create",
    "audit_record",
    "export_record",
    "intervention_add",
    "intervention_update_status",
    "override_add",
    "override_answer",
    "override_review",
    "person_name_keys_set",
    "person_register",
    "scorecard_activate",
]
