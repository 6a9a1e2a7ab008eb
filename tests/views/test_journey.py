"""The adviser's whole journey through the Django test client: register → checklist → result →
override → intervention → timeline → support plan."""

from datetime import timedelta

from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS
from triage.models import Assessment, AuditEvent, Intervention, Override, Person


def test_adviser_journey_end_to_end(adviser_a_client, situation_a, event_a, glasgow, today):
    client = adviser_a_client
    response = client.post(
        reverse("person-add"),
        {
            "given_name": "Morag",
            "family_name": "Campbell",
            "date_of_birth_0": "27",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1968",
            "council_area": glasgow.pk,
            "ni_number": "ab 12 34 56 c",  # fictional-ni
            "situation": situation_a.pk,
            "event": event_a.pk,
            "consent_given": "on",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person.ref])
    assert person.ni_number == "AB123456C"  # fictional-ni
    assert person.privacy_notice_version

    form = client.get(reverse("assessment-add", args=[person.ref]))
    assert "What qualifications do you have?" in form.content.decode() or "qualifications" in form.content.decode()
    token = form.context["form"].initial["submission_token"]
    response = client.post(
        reverse("assessment-add", args=[person.ref]),
        {**HIGH_RISK_ANSWERS, "submission_token": token},
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment-detail", args=[person.ref, assessment.pk])
    assert assessment.model_band == "high"

    result = client.get(response["Location"]).content.decode()
    assert "High risk" in result
    assert "Intensive early support" in result
    assert "Estimated from published evidence" in result
    assert "several needs together" in result
    assert result.index("Strengths") < result.index("What raises the risk") if "Strengths" in result else True

    response = client.post(
        reverse("override-add", args=[person.ref, assessment.pk]),
        {
            "to_band": "medium",
            "reason_category": "job_prospects",
            "reason_text": "Has a confirmed job offer starting next month with a local employer.",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.effective_band == "medium"
    assert Override.objects.get().from_band == "high"

    agreed = today - timedelta(days=2)
    response = client.post(
        reverse("intervention-add", args=[person.ref]),
        {
            "intervention_type": Intervention._meta.get_field("intervention_type")
            .related_model.objects.get(code="employability_advice")
            .pk,
            "partner": Intervention._meta.get_field("partner").related_model.objects.get(abbreviation="SDS").pk,
            "agreed_on_0": agreed.day,
            "agreed_on_1": agreed.month,
            "agreed_on_2": agreed.year,
            "status": "referred",
            "notes": "CV workshop",
        },
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    response = client.post(
        reverse("intervention-update", args=[person.ref, intervention.pk]),
        {"status": "started", "status_date_0": today.day, "status_date_1": today.month, "status_date_2": today.year},
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == "started"

    page = client.get(reverse("person-detail", args=[person.ref])).content.decode()
    assert "Band changed to medium" in page
    assert "Employability advice: started" in page
    assert "Employability advice: referred" in page

    plan = client.get(reverse("support-plan", args=[person.ref])).content.decode()
    assert "Employability advice" in plan
    assert "Skills Development Scotland" in plan
    assert "points" not in plan.lower() and "high risk" not in plan.lower()

    actions = set(AuditEvent.objects.filter(person_ref=person.ref).values_list("action", flat=True))
    assert {"person_created", "assessment_created", "override_added", "intervention_added", "person_viewed"} <= actions
