"""Reads: every queryset of people starts from people_visible_to(user)."""

from triage.selectors.caseload import (
    caseload_filter,
    caseload_filter_options,
    caseload_rows,
    override_summary_by_adviser,
    overrides_for_review,
    overrides_queried_for,
    queue_counts,
)
from triage.selectors.people import (
    assessment_get_for_person,
    intervention_get_for_person,
    people_search,
    people_visible_to,
    person_get_for_user,
    person_interventions,
    person_timeline,
    possible_duplicates,
    situations_visible_to,
    support_plan,
)

__all__ = [
    "assessment_get_for_person",
    "caseload_filter",
    "caseload_filter_options",
    "caseload_rows",
    "intervention_get_for_person",
    "override_summary_by_adviser",
    "overrides_for_review",
    "overrides_queried_for",
    "people_search",
    "people_visible_to",
    "person_get_for_user",
    "person_interventions",
    "person_timeline",
    "possible_duplicates",
    "queue_counts",
    "situations_visible_to",
    "support_plan",
]
