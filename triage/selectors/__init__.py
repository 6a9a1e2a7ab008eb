"""Reads: every queryset of people starts from people_visible_to(user)."""

from triage.selectors.assessments import assessment_changes, previous_assessment
from triage.selectors.caseload import (
    caseload_filter,
    caseload_filter_options,
    caseload_page,
    caseload_rows,
    queue_counts,
)
from triage.selectors.health import database_answers
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
from triage.selectors.reference import band_pathways, partners_delivering
from triage.selectors.scoping import people_visible_to, situations_visible_to

__all__ = [
    "assessment_changes",
    "assessment_get_for_person",
    "assessment_overrides",
    "band_pathways",
    "caseload_filter",
    "caseload_filter_options",
    "caseload_page",
    "caseload_rows",
    "database_answers",
    "intervention_get_for_person",
    "intervention_version",
    "latest_assessment",
    "override_reviews",
    "override_summary_by_adviser",
    "overrides_for_review",
    "overrides_page",
    "overrides_queried_for",
    "partners_delivering",
    "people_search",
    "people_visible_to",
    "person_get_for_user",
    "person_interventions",
    "person_timeline",
    "possible_duplicates",
    "previous_assessment",
    "queue_counts",
    "situations_visible_to",
    "support_plan",
]
