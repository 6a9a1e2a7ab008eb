"""Writes: one function per user action, each in one transaction with its audit row."""

from triage.services.assessments import assessment_create
from triage.services.audit import audit_record, export_record
from triage.services.events import event_mode_leave, event_mode_start
from triage.services.interventions import intervention_add, intervention_update_status
from triage.services.outcomes import (
    follow_up_record,
    follow_ups_upload,
    person_outcome_refresh,
)
from triage.services.overrides import override_add, override_answer, override_review
from triage.services.people import LikelyDuplicate, person_name_keys_set, person_register
from triage.services.person_record import (
    assessment_rescore,
    person_change_record,
    person_found_work,
    person_reassign,
    person_update,
)
from triage.services.scorecards import scorecard_activate

__all__ = [
    "LikelyDuplicate",
    "assessment_create",
    "assessment_rescore",
    "audit_record",
    "event_mode_leave",
    "event_mode_start",
    "export_record",
    "follow_up_record",
    "follow_ups_upload",
    "intervention_add",
    "intervention_update_status",
    "override_add",
    "override_answer",
    "override_review",
    "person_change_record",
    "person_found_work",
    "person_name_keys_set",
    "person_outcome_refresh",
    "person_reassign",
    "person_register",
    "person_update",
    "scorecard_activate",
]
