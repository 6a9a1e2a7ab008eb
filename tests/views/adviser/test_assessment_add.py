"""The risk checklist: `assessment-add`."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, register
from tests.views.form_errors import assert_form_error
from triage.models import Assessment, AuditEvent, Person
from triage.scoring import ITEMS, PREFER_NOT_TO_SAY, age_band


def url(person):
    return reverse("assessment-add", args=[person.ref])


def checklist(answers=None, **extra):
    return {**(answers or REFERENCE_ANSWERS), "submission_token": str(uuid.uuid4()), **extra}


def test_form_asks_every_question_of_the_checklist(adviser_a_client, person_a):
    """Issue #3: "all 10 questions of the report with their sub-items [...] on one page"."""
    response = adviser_a_client.get(url(person_a))
    page = response.content.decode()
    assert response.status_code == 200
    for number in range(1, 11):
        assert f'id="question-{number}"' in page
    for code, item in ITEMS.items():
        assert (f'name="{code}"' in page) == (item.kind == "choice")
    assert f'value="{PREFER_NOT_TO_SAY}"' in page
    assert "Glasgow City" in page  # Q7 comes from the council area


def test_adviser_completes_the_checklist_and_sees_the_result(adviser_a_client, adviser_a, person_a, event_a):
    person_a.event = event_a
    person_a.save(update_fields=["event"])

    response = adviser_a_client.post(url(person_a), checklist(HIGH_RISK_ANSWERS))

    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment-detail", args=[person_a.ref, assessment.pk])
    assert assessment.person == person_a
    assert assessment.created_by == adviser_a
    assert assessment.event == event_a
    assert assessment.model_band == assessment.effective_band == "high"
    assert assessment.scorecard_name == "rules"
    assert AuditEvent.objects.filter(action="assessment_created", person_ref=person_a.ref).exists()


def test_age_and_area_come_from_the_record_not_the_post(adviser_a_client, person_a, today):
    """Issue #3: "Age comes from the date of birth; the area's unemployment rate comes from the council area"."""
    data = checklist(q3_age_band="under_25", q7_area_unemployment="0.1")
    adviser_a_client.post(url(person_a), data)

    assessment = Assessment.objects.get()
    assert assessment.answers["q3_age_band"] == age_band(person_a.date_of_birth, today)
    assert assessment.area_unemployment_rate == person_a.council_area.unemployment_rate_pct


def test_prefer_not_to_say_is_accepted_and_counted_as_missing(adviser_a_client, person_a):
    answers = {**REFERENCE_ANSWERS, "q9b_disability": PREFER_NOT_TO_SAY, "q9c_mental": PREFER_NOT_TO_SAY}
    assert adviser_a_client.post(url(person_a), checklist(answers)).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.missing_count == 2
    assert assessment.model_band is not None


def test_dependants_count_is_saved_with_yes(adviser_a_client, person_a):
    answers = {**REFERENCE_ANSWERS, "q5_dependants": "yes"}
    adviser_a_client.post(url(person_a), checklist(answers, dependants_count="2"))
    assert Assessment.objects.get().dependants_count == 2


def test_team_lead_completes_the_checklist(client, team_lead_a, person_a):
    client.force_login(team_lead_a)
    assert client.post(url(person_a), checklist()).status_code == 302
    assert Assessment.objects.count() == 1


# Bad input


@pytest.mark.parametrize("code", ["q1_qualifications", "q6b_expected_time", "q10_parent_work"])
def test_missing_answer_is_refused(adviser_a_client, person_a, code):
    """Every question needs an answer, even if it is ‘Prefer not to say’."""
    data = checklist()
    del data[code]
    response = adviser_a_client.post(url(person_a), data)
    assert_form_error(response, f"Select an answer for ‘{ITEMS[code].label}’")
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("q1_qualifications", "phd"),
        ("q2a_licence", "yes"),  # an answer of another question
        ("q9b_disability", ""),
        ("q6a_confidence", "very'; --"),
    ],
)
def test_tampered_answer_code_is_refused(adviser_a_client, person_a, code, value):
    """Issue #3, Bad input: "a checklist answer not in the definition (a tampered POST)"."""
    response = adviser_a_client.post(url(person_a), checklist(**{code: value}))
    if value:
        assert_form_error(response, f"Select one of the answers listed for ‘{ITEMS[code].label}’")
    else:
        assert_form_error(response, f"Select an answer for ‘{ITEMS[code].label}’")
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "Number of dependants must be a number, like 2"),
        ("0", "Number of dependants must be 1 or more"),
        ("21", "Number of dependants must be 20 or fewer"),
        ("99999999999999999999", "Number of dependants must be 20 or fewer"),
    ],
)
def test_bad_number_of_dependants_is_refused(adviser_a_client, person_a, value, message):
    answers = {**REFERENCE_ANSWERS, "q5_dependants": "yes"}
    response = adviser_a_client.post(url(person_a), checklist(answers, dependants_count=value))
    assert_form_error(response, message)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("answer", ["no", PREFER_NOT_TO_SAY])
@pytest.mark.parametrize("value", ["2", "abc", "-1"])
def test_number_of_dependants_without_yes_is_ignored(adviser_a_client, person_a, answer, value):
    """Issue #11: the count is revealed under "Yes" only. Without JavaScript the box is always shown,
    and with it a count typed before the answer changed to "No" stays in the hidden box: it is not an
    answer, so it is dropped rather than refused with a message beside a box nobody can see."""
    answers = {**REFERENCE_ANSWERS, "q5_dependants": answer}
    response = adviser_a_client.post(url(person_a), checklist(answers, dependants_count=value))
    assert response.status_code == 302
    assert Assessment.objects.get().dependants_count is None


@pytest.mark.parametrize("token", [None, "", "not-a-uuid", "\x00", "x" * 5000])
def test_missing_or_mangled_submission_token_still_saves_the_checklist(adviser_a_client, person_a, token):
    """The token only guards against double submission; a hidden field's error would have no field to
    show beside, so a missing or mangled token saves the answers without that guard."""
    data = checklist()
    if token is None:
        del data["submission_token"]
    else:
        data["submission_token"] = token
    response = adviser_a_client.post(url(person_a), data)

    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment-detail", args=[person_a.ref, assessment.pk])


def test_double_submitted_checklist_creates_one_assessment(adviser_a_client, person_a):
    """Issue #3, Bad input: "A double-submitted checklist creates one assessment."."""
    data = checklist()
    first = adviser_a_client.post(url(person_a), data)
    second = adviser_a_client.post(url(person_a), data)

    assessment = Assessment.objects.get()
    expected = reverse("assessment-detail", args=[person_a.ref, assessment.pk])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == expected
    assert AuditEvent.objects.filter(action="assessment_created").count() == 1


def test_token_of_another_persons_checklist_is_not_a_server_error(adviser_a_client, adviser_a, person_a, situation_a):
    """A token copied into another person's form is a tampered POST: it must neither crash nor
    return the first person's assessment."""
    other = register(adviser_a, situation_a, given_name="Callum")
    data = checklist()
    adviser_a_client.post(url(person_a), data)

    response = adviser_a_client.post(url(other), data)

    assessment = Assessment.objects.get(person=other)
    assert response["Location"] == reverse("assessment-detail", args=[other.ref, assessment.pk])
    assert Assessment.objects.filter(person=person_a).count() == 1


def test_token_of_another_teams_checklist_reveals_nothing(adviser_a_client, adviser_b, person_a, person_b):
    token = assess(adviser_b, person_b).submission_token
    response = adviser_a_client.post(url(person_a), checklist(submission_token=str(token)))

    assessment = Assessment.objects.get(person=person_a)
    assert response["Location"] == reverse("assessment-detail", args=[person_a.ref, assessment.pk])


# Roles and teams


def test_adviser_of_other_team_gets_404_and_nothing_is_saved(adviser_a_client, person_b):
    assert adviser_a_client.get(url(person_b)).status_code == 404
    assert adviser_a_client.post(url(person_b), checklist()).status_code == 404
    assert not Assessment.objects.exists()


def test_evaluator_cannot_complete_a_checklist(client, evaluator, person_a):
    client.force_login(evaluator)
    assert client.get(url(person_a)).status_code == 403
    assert client.post(url(person_a), checklist()).status_code == 403
    assert not Assessment.objects.exists()


def test_a_checklist_submit_takes_ten_sql_statements(adviser_a_client, person_a, django_assert_num_queries):
    """Issue #11: the submit at most twice a bare insert. Pinned, so one more query fails here:
    the session, the user with their team and roles (triage.auth_backends), the person, the event
    the adviser is working at today, the live scorecard; then, in one transaction (a savepoint
    inside the test's own), the assessment, the person's row and the audit row."""
    with django_assert_num_queries(10):
        response = adviser_a_client.post(url(person_a), checklist(HIGH_RISK_ANSWERS))
    assert response.status_code == 302
    assert Person.objects.get(pk=person_a.pk).latest_assessment == Assessment.objects.get()


def test_a_role_taken_away_takes_effect_on_the_next_page(adviser_a_client, adviser_a, person_a):
    """The roles are read with the user on every request (triage.auth_backends), never kept in
    the session: an adviser whose group is removed is refused at once."""
    from django.contrib.auth.models import Group

    assert adviser_a_client.get(url(person_a)).status_code == 200
    adviser_a.groups.remove(Group.objects.get(name="adviser"))
    assert adviser_a_client.get(url(person_a)).status_code == 403
