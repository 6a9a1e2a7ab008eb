"""Reads: every queryset of people starts from people_visible_to(user)."""

from triage.selectors.people import (
    assessment_get_for_person,
    intervention_get_for_person,
    people_search,
    people_visible_to,
    person_get_for_user,
    person_interventions,
    person_timeline,
    situations_visible_to,
    support_plan,
)

__all__ = [
    "assessment_get_for_person",
    "intervention_get_for_person",
    "people_search",
    "people_visible_to",
    "person_get_for_user",
    "person_interventions",
    "person_timeline",
    "situations_visible_to",
    "support_plan",
]
