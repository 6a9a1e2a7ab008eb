"""Reads: every queryset of people starts from people_visible_to(user)."""

from triage.selectors.assessments import assessment_changes, previous_assessment
from triage.selectors.caseload import (
    NOT_ASSESSED,
    caseload_filter,
    caseload_filter_options,
    caseload_page,
    caseload_rows,
    not_assessed_page,
    not_assessed_people,
    queue_counts,
)
from triage.selectors.events import event_mode_for, events_to_choose, events_visible_to, people_seen_at_event
from triage.selectors.health import database_answers
from triage.selectors.outcomes import follow_ups_due, follow_ups_overdue_count, follow_ups_page, person_outcome
from triage.selectors.overrides import (
    assessment_overrides,
    override_reviews,
    override_summary_by_adviser,
    overrides_for_review,
    overrides_page,
    overrides_queried_for,
)
from triage.selectors.people import (
    assessment_get_for_person,
    intervention_get_for_person,
    intervention_version,
    latest_assessment,
    people_search,
    person_get_for_user,
    person_interventions,
    person_timeline,
    possible_duplicates,
    support_plan,
)
from triage.selectors.person_record import (
    named_advisers,
    person_changes,
    person_record,
    person_version,
    scored_details_changed,
)
from triage.selectors.reference import band_pathways, partners_delivering
from triage.selectors.scoping import people_for_upload, people_visible_to, situations_visible_to

__all__ = [
    "NOT_ASSESSED",
    "assessment_changes",
    "assessment_get_for_person",
    "assessment_overrides",
    "band_pathways",
    "caseload_filter",
    "caseload_filter_options",
    "caseload_page",
    "caseload_rows",
    "database_answers",
    "event_mode_for",
    "events_to_choose",
    "events_visible_to",
    "follow_ups_due",
    "follow_ups_overdue_count",
    "follow_ups_page",
    "intervention_get_for_person",
    "intervention_version",
    "latest_assessment",
    "named_advisers",
    "not_assessed_page",
    "not_assessed_people",
    "override_reviews",
    "override_summary_by_adviser",
    "overrides_for_review",
    "overrides_page",
    "overrides_queried_for",
    "partners_delivering",
    "people_for_upload",
    "people_search",
    "people_seen_at_event",
    "people_visible_to",
    "person_changes",
    "person_get_for_user",
    "person_interventions",
    "person_outcome",
    "person_record",
    "person_timeline",
    "person_version",
    "possible_duplicates",
    "previous_assessment",
    "queue_counts",
    "scored_details_changed",
    "situations_visible_to",
    "support_plan",
]
