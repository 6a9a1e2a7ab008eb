"""Builders for test data, each through the real services (so every invariant and audit row holds).

Fixtures in conftest.py use these for the same few users everywhere; a test that needs more
people, situations or assessments imports the builder from here. All data is plainly fictional.
"""

import uuid
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from triage import services
from triage.models import InterventionType, Partner, PartnerOrganisation, RedundancySituation, User
from triage.scorecard_files import live_scorecard

__all__ = [
    "HIGH_RISK_ANSWERS",
    "REFERENCE_ANSWERS",
    "add_intervention",
    "add_queried_override",
    "assess",
    "make_partner_user",
    "make_situation",
    "make_user",
    "record_follow_up",
    "register",
]


def make_user(username, role, team=None, **extra):
    user = User.objects.create_user(username=username, password="test-pass-123", team=team, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_partner_user(username, abbreviation):
    """A partner user of the reference partner `abbreviation`, its organisation made if need be."""
    organisation, _ = PartnerOrganisation.objects.get_or_create(partner=Partner.objects.get(abbreviation=abbreviation))
    return make_user(username, "partner", organisation=organisation)


def make_situation(team, area, notified_date, employer="Clydeside Fabrication Ltd"):
    return RedundancySituation.objects.create(
        team=team,
        employer=employer,
        sector=RedundancySituation.Sector.MANUFACTURING,
        council_area=area,
        notified_date=notified_date,
        number_affected=120,
    )


def register(user, situation, **overrides):
    fields = {
        "given_name": "Morag",
        "family_name": "Campbell",
        "date_of_birth": date(1975, 3, 27),
        "council_area": situation.council_area,
        "postcode": "",
        "email": "",
        "phone": "",
        "ni_number": "",
        "sex": "",
        "situation": situation,
        "event": None,
        "consent_given": True,
    }
    fields.update(overrides)
    # Builders make the people a test asks for, namesakes too: the duplicate check is the view's tests'.
    return services.person_register(acting_user=user, team=situation.team, check_duplicates=False, **fields)


# Every answer at the reference (lowest-risk) level, as an adviser would tick them.
REFERENCE_ANSWERS = {
    "q1_qualifications": "scqf_9_plus",
    "q2a_licence": "full_clean",
    "q2b_vehicle": "yes",
    "q4_household": "partner",
    "q5_dependants": "no",
    "q6a_confidence": "very",
    "q6b_expected_time": "under_3_months",
    "q6c_luck_or_effort": "effort",
    "q8a_seeking": "yes",
    "q8b_interviews": "yes",
    "q8c_employer_contact": "yes",
    "q9a_physical": "good",
    "q9b_disability": "no",
    "q9c_mental": "good",
    "q10_parent_work": "yes",
}

# A person with many risk factors together, including the multiple-complex-needs pattern.
HIGH_RISK_ANSWERS = {
    "q1_qualifications": "none",
    "q2a_licence": "provisional_or_none",
    "q2b_vehicle": "no",
    "q4_household": "alone",
    "q5_dependants": "no",
    "q6a_confidence": "not_at_all",
    "q6b_expected_time": "over_12_months",
    "q6c_luck_or_effort": "luck",
    "q8a_seeking": "no",
    "q8b_interviews": "no",
    "q8c_employer_contact": "no",
    "q9a_physical": "poor",
    "q9b_disability": "yes",
    "q9c_mental": "poor",
    "q10_parent_work": "no",
}


def assess(user, person, answers=None, today=None):
    return services.assessment_create(
        person=person,
        answers=dict(answers or REFERENCE_ANSWERS),
        dependants_count=None,
        event=None,
        submission_token=uuid.uuid4(),
        acting_user=user,
        card=live_scorecard(),
        today=today or timezone.localdate(),
    )


def add_intervention(user, person, *, agreed_on=None, status="referred", status_date=None, **overrides):
    """Support agreed two days ago (or on `agreed_on`), delivered by Skills Development Scotland."""
    agreed_on = agreed_on or timezone.localdate() - timedelta(days=2)
    fields = {
        "intervention_type": InterventionType.objects.get(code="employability_advice"),
        "partner": Partner.objects.get(abbreviation="SDS"),
        "status": status,
        "agreed_on": agreed_on,
        "status_date": status_date or agreed_on,
        "notes": "",
    }
    fields.update(overrides)
    return services.intervention_add(person=person, acting_user=user, **fields)


def add_queried_override(adviser, team_lead, assessment, to_band="high"):
    """An override by `adviser` that `team_lead` has queried: it waits on the adviser's home page."""
    override = services.override_add(
        assessment=assessment,
        to_band=to_band,
        reason_category="adviser_knowledge",
        reason_text="Caring for a parent full time, which the checklist does not ask about.",
        acting_user=adviser,
    )
    services.override_review(
        override=override, kind="queried", comment="What support is the carer getting?", acting_user=team_lead
    )
    return override


def record_follow_up(user, person, contacted_on, status, started_on=None, source="phone_call", today=None):
    return services.follow_up_record(
        person=person,
        contacted_on=contacted_on,
        status=status,
        started_on=started_on,
        source=source,
        acting_user=user,
        today=today or timezone.localdate(),
    )
