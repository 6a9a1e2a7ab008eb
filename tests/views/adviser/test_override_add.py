"""Change the band: `override-add`."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import REFERENCE_ANSWERS, assess
from tests.views.form_errors import assert_form_error
from triage.models import Assessment, Override
from triage.scoring import PREFER_NOT_TO_SAY

REASON = "Caring for a parent full time, which the checklist does not ask about."


def url(assessment):
    return reverse("override-add", args=[assessment.person.ref, assessment.pk])


def override_data(**overrides):
    data = {"to_band": "high", "reason_category": "caring", "reason_text": REASON}
    data.update(overrides)
    return data


def test_adviser_overrides_the_band(adviser_a_client, adviser_a, assessment_a):
    """Issue #3, Override: "another band, a reason category and a written reason"."""
    assert assessment_a.effective_band == "low"
    form = adviser_a_client.get(url(assessment_a))
    assert form.status_code == 200

    response = adviser_a_client.post(url(assessment_a), override_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("assessment-detail", args=[assessment_a.person.ref, assessment_a.pk])
    saved = Override.objects.get()
    assert (saved.from_band, saved.to_band, saved.reason_category) == ("low", "high", "caring")
    assert saved.reason_text == REASON
    assert saved.created_by == adviser_a
    assessment_a.refresh_from_db()
    assert assessment_a.effective_band == "high"
    assert assessment_a.model_band == "low"
    assert "Override saved" in adviser_a_client.get(response["Location"]).content.decode()


def test_incomplete_assessment_can_be_given_a_band(adviser_a_client, adviser_a, person_a):
    declined = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]
    assessment = assess(adviser_a, person_a, {**REFERENCE_ANSWERS, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)})
    assert assessment.effective_band is None

    response = adviser_a_client.post(url(assessment), override_data(to_band="medium"))

    assert response.status_code == 302
    assert Override.objects.get().from_band is None
    assessment.refresh_from_db()
    assert assessment.effective_band == "medium"


def test_team_lead_overrides_the_band(client, team_lead_a, assessment_a):
    client.force_login(team_lead_a)
    assert client.post(url(assessment_a), override_data()).status_code == 302
    assert Override.objects.count() == 1


# Bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason_text": ""}, "Enter why you are changing the band"),
        ({"reason_text": "   \n  "}, "Enter why you are changing the band"),
        ({"reason_text": "Has a job offer"}, "Reason must be 20 characters or more"),
        ({"reason_text": "  Has a job offer   " + " " * 20}, "Reason must be 20 characters or more"),
        ({"reason_text": "x" * 2001}, "Reason must be 2000 characters or fewer"),
        ({"to_band": "low"}, "Select a band different from the current one"),
        ({"to_band": ""}, "Select a band"),
        ({"to_band": "critical"}, "Select one of the bands listed"),
        ({"to_band": "LOW"}, "Select one of the bands listed"),
        ({"reason_category": ""}, "Select a reason"),
        ({"reason_category": "bribery"}, "Select one of the reasons listed"),
    ],
    ids=[
        "no_reason",
        "blank_reason",
        "short_reason",
        "short_reason_padded_with_spaces",
        "long_reason",
        "same_band",
        "no_band",
        "tampered_band",
        "band_in_capitals",
        "no_category",
        "tampered_category",
    ],
)
def test_bad_override_is_refused_and_saves_nothing(adviser_a_client, assessment_a, data, message):
    """Issue #3, Bad input: "an override without a reason or with the same band"."""
    response = adviser_a_client.post(url(assessment_a), override_data(**data))

    assert_form_error(response, message)
    assert not Override.objects.exists()
    assert Assessment.objects.get(pk=assessment_a.pk).effective_band == "low"


def test_band_set_by_an_earlier_override_counts_as_the_current_band(adviser_a_client, assessment_a):
    adviser_a_client.post(url(assessment_a), override_data(to_band="medium"))
    response = adviser_a_client.post(url(assessment_a), override_data(to_band="medium"))
    assert_form_error(response, "Select a band different from the current one")
    assert Override.objects.count() == 1


# Roles and teams


def test_adviser_of_other_team_gets_404_and_nothing_changes(adviser_a_client, assessment_b):
    band = assessment_b.effective_band
    assert adviser_a_client.get(url(assessment_b)).status_code == 404
    assert adviser_a_client.post(url(assessment_b), override_data()).status_code == 404
    assert not Override.objects.exists()
    assert Assessment.objects.get(pk=assessment_b.pk).effective_band == band


def test_other_teams_assessment_under_own_persons_reference_is_404(adviser_a_client, person_a, assessment_b):
    response = adviser_a_client.post(reverse("override-add", args=[person_a.ref, assessment_b.pk]), override_data())
    assert response.status_code == 404
    assert not Override.objects.exists()


def test_evaluator_cannot_override(client, evaluator, assessment_a):
    client.force_login(evaluator)
    assert client.get(url(assessment_a)).status_code == 403
    assert client.post(url(assessment_a), override_data()).status_code == 403
    assert not Override.objects.exists()


def test_a_reason_with_a_text_direction_character_is_refused_and_line_breaks_are_kept(adviser_a_client, assessment_a):
    """Issue #11: free text refuses control and text-direction characters; a typed line break is fine."""
    response = adviser_a_client.post(url(assessment_a), override_data(reason_text=REASON + "\u202e"))
    assert_form_error(response, "Reason must not include hidden characters, like a control or text-direction mark")
    assert not Override.objects.exists()
    response = adviser_a_client.post(url(assessment_a), override_data(reason_text=REASON + "\r\nSecond line."))
    assert response.status_code == 302
    assert Override.objects.get().reason_text.endswith("Second line.")


def test_a_band_changed_by_someone_else_since_the_page_was_read_is_explained(
    adviser_a_client, team_lead_a, assessment_a, monkeypatch
):
    """Issue #11: the page read the band, then a team lead changed it before this save took the lock."""
    from triage import selectors, services

    stale = Assessment.objects.get(pk=assessment_a.pk)  # read as the page read it, before the change
    services.override_add(
        assessment=assessment_a, to_band="high", reason_category="caring", reason_text=REASON, acting_user=team_lead_a
    )
    monkeypatch.setattr(selectors, "assessment_get_for_person", lambda **kwargs: stale)
    response = adviser_a_client.post(url(assessment_a), override_data(to_band="high"))
    assert_form_error(response, "The band has just been changed to High: check it")
    assert Override.objects.count() == 1


def test_only_the_latest_checklists_band_can_be_changed(adviser_a_client, adviser_a, person_a, assessment_a):
    """Issue #11: an older checklist says it is not the latest and links to it; its band stays."""

    latest = assess(adviser_a, person_a)
    detail = adviser_a_client.get(reverse("assessment-detail", args=[person_a.ref, assessment_a.pk])).content.decode()
    assert "This is not the person’s latest checklist" in detail
    assert reverse("assessment-detail", args=[person_a.ref, latest.pk]) in detail
    assert url(assessment_a) not in detail  # no "Change the band" on the older one

    for response in (
        adviser_a_client.get(url(assessment_a)),
        adviser_a_client.post(url(assessment_a), override_data()),
    ):
        assert response.status_code == 409
        assert "Only the latest checklist’s band can be changed" in response.content.decode()
    assert not Override.objects.exists()
    latest_page = adviser_a_client.get(reverse("assessment-detail", args=[person_a.ref, latest.pk])).content.decode()
    assert "This is not the person’s latest checklist" not in latest_page
    assert url(latest) in latest_page


def test_the_service_refuses_to_change_an_older_checklists_band(adviser_a, person_a, assessment_a):

    from triage import services

    assess(adviser_a, person_a)
    with pytest.raises(ValidationError, match="Only the latest checklist"):
        services.override_add(
            assessment=assessment_a, to_band="high", reason_category="caring", reason_text=REASON, acting_user=adviser_a
        )
    assert not Override.objects.exists()
