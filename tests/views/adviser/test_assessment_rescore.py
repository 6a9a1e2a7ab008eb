"""Score the latest checklist's answers again after a correction: `assessment-rescore`."""

import re
import uuid
from datetime import date

from django.urls import reverse

from tests.factories import assess
from triage import services
from triage.models import Assessment, CouncilArea, Person


def url(assessment):
    return reverse("assessment-rescore", args=[assessment.person.ref, assessment.pk])


def _move_to_fife(person, user):
    fields = {
        name: getattr(person, name)
        for name in ("given_name", "family_name", "date_of_birth", "postcode", "email", "phone", "ni_number")
    }
    services.person_update(
        person=person,
        acting_user=user,
        seen_version="1",
        reason="",
        council_area=CouncilArea.objects.get(name="Fife"),
        **fields,
    )
    return Person.objects.get(pk=person.pk)


def test_rescoring_after_a_move_makes_a_new_result_and_keeps_the_old(adviser_a_client, adviser_a, person_a):
    first = assess(adviser_a, person_a)
    _move_to_fife(person_a, adviser_a)
    html = adviser_a_client.get(url(first)).content.decode()
    assert "Their council area changed after the checklist" in html
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)

    response = adviser_a_client.post(url(first), {"submission_token": token})

    again = Assessment.objects.exclude(pk=first.pk).get(person=person_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment-detail", args=[person_a.ref, again.pk])
    assert again.council_area.name == "Fife"
    assert Assessment.objects.get(pk=first.pk).council_area.name == "Glasgow City"
    # A double tap sends the same token: still one new result.
    assert adviser_a_client.post(url(first), {"submission_token": token}).status_code == 302
    assert Assessment.objects.filter(person=person_a).count() == 2
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "changed after their latest checklist was scored" not in page


def test_an_older_checklist_offers_no_button_and_a_post_is_refused(adviser_a_client, adviser_a, person_a):
    older = assess(adviser_a, person_a)
    assess(adviser_a, person_a)
    html = adviser_a_client.get(url(older)).content.decode()
    assert "only the latest can be scored again" in html
    assert "Score the answers again</button>" not in html

    response = adviser_a_client.post(url(older), {"submission_token": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "Only the latest checklist can be scored again" in response.content.decode()
    assert Assessment.objects.filter(person=person_a).count() == 2


def test_a_tampered_token_is_refused_and_scores_nothing(adviser_a_client, adviser_a, person_a):
    first = assess(adviser_a, person_a)
    response = adviser_a_client.post(url(first), {"submission_token": "not-a-uuid"})
    assert response.status_code == 200
    assert Assessment.objects.filter(person=person_a).count() == 1


def test_other_teams_assessment_is_404(adviser_a_client, assessment_b):
    assert adviser_a_client.get(url(assessment_b)).status_code == 404
    assert adviser_a_client.post(url(assessment_b), {"submission_token": str(uuid.uuid4())}).status_code == 404
    assert Assessment.objects.filter(person=assessment_b.person).count() == 1


def test_evaluator_cannot_rescore(client, evaluator, adviser_a, person_a):
    first = assess(adviser_a, person_a)
    client.force_login(evaluator)
    assert client.post(url(first), {"submission_token": str(uuid.uuid4())}).status_code == 403
    assert Assessment.objects.filter(person=person_a).count() == 1


def test_a_birthday_corrected_into_another_band_changes_the_new_results_age_band(
    adviser_a_client, adviser_a, person_a, today
):
    first = assess(adviser_a, person_a)
    assert first.answers["q3_age_band"] in ("45_54", "55_plus")
    fields = {
        name: getattr(person_a, name)
        for name in ("given_name", "family_name", "council_area", "postcode", "email", "phone", "ni_number")
    }
    services.person_update(
        person=person_a,
        acting_user=adviser_a,
        seen_version="1",
        reason="Typed wrongly",
        date_of_birth=date(today.year - 30, 1, 1),
        **fields,
    )
    adviser_a_client.post(url(first), {"submission_token": str(uuid.uuid4())})
    again = Assessment.objects.exclude(pk=first.pk).get(person=person_a)
    assert again.answers["q3_age_band"] == "25_34"
