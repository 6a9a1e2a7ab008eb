"""The person's page: `person-detail`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, add_intervention, assess
from triage import services
from triage.models import AuditEvent


def url(person):
    return reverse("person-detail", args=[person.ref])


def test_page_shows_details_latest_result_support_and_timeline(adviser_a_client, adviser_a, person_a, today):
    """Issue #3: "details, then a timeline of assessments, overrides and interventions"."""
    assess(adviser_a, person_a)
    latest = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    services.override_add(
        assessment=latest,
        to_band="medium",
        reason_category="job_prospects",
        reason_text="Has a confirmed job offer starting next month.",
        acting_user=adviser_a,
    )
    intervention = add_intervention(adviser_a, person_a)

    response = adviser_a_client.get(url(person_a))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Morag Campbell" in page
    assert "27 March 1975" in page
    assert reverse("assessment-detail", args=[person_a.ref, latest.pk]) in page
    assert "(changed by an adviser)" in page
    assert reverse("intervention-update", args=[person_a.ref, intervention.pk]) in page
    assert "Band changed to medium" in page
    assert "Employability advice: referred" in page
    assert [e.kind for e in response.context["timeline"]].count("assessment") == 2
    assert page.index("Band changed to medium") < page.index("Registered</h3>")


def test_person_not_yet_assessed_is_offered_the_checklist(adviser_a_client, person_a):
    page = adviser_a_client.get(url(person_a)).content.decode()
    assert "Not assessed yet" in page
    assert reverse("assessment-add", args=[person_a.ref]) in page


def test_viewing_a_person_is_audited(adviser_a_client, adviser_a, person_a):
    adviser_a_client.get(url(person_a))
    assert AuditEvent.objects.filter(action="person_viewed", person_ref=person_a.ref, user=adviser_a).exists()


def test_team_lead_sees_their_teams_person(client, team_lead_a, person_a):
    client.force_login(team_lead_a)
    assert client.get(url(person_a)).status_code == 200


def test_adviser_of_other_team_gets_404(client, adviser_b, person_a):
    """STYLE, selectors: "otherwise 404, never 403, so no URL confirms someone exists"."""
    client.force_login(adviser_b)
    response = client.get(url(person_a))
    assert response.status_code == 404
    assert "Morag" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person_viewed").exists()


@pytest.mark.parametrize("ref", ["P-000000", "p-zzzzzz", "x" * 500, "P-%00", "..%2F..%2Fetc"])
def test_unknown_reference_is_404(adviser_a_client, person_a, ref):
    assert adviser_a_client.get(f"/people/{ref}/").status_code == 404


def test_evaluator_cannot_see_a_person(client, evaluator, person_a):
    client.force_login(evaluator)
    response = client.get(url(person_a))
    assert response.status_code == 403
    assert "Morag" not in response.content.decode()


def test_query_count_does_not_grow_with_assessments_and_interventions(adviser_a_client, adviser_a, person_a):
    """STYLE, Tests: pages pin their query count at two sizes, so the timeline makes no N+1 queries."""
    counts = []
    made = 0
    for n in (1, 5):
        for _ in range(made, n):
            assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
            services.override_add(
                assessment=assessment,
                to_band="medium",
                reason_category="job_prospects",
                reason_text="Has a confirmed job offer starting next month.",
                acting_user=adviser_a,
            )
            intervention = add_intervention(adviser_a, person_a)
            services.intervention_update_status(
                intervention=intervention,
                status="started",
                status_date=intervention.agreed_on,
                note="First session booked",
                acting_user=adviser_a,
            )
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert adviser_a_client.get(url(person_a)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
