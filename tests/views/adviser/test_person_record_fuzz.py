"""Random and hostile values posted to the person's record forms: never a server error, and a
refused form changes nothing (issue #11, "Done when")."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.models import Person, PersonChange, WorkStart

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "²⁰²⁶", "9" * 40, "31", "2", "-1", "1e5", "\u202e", "Ｆｉｆｅ", "0x1F"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
EDIT_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
    "council_area",
    "postcode",
    "email",
    "phone",
    "ni_number",
    "reason",
    "seen_version",
]
WORK_FIELDS = ["started_on_0", "started_on_1", "started_on_2", "sector", "job_type", "source"]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _row(person):
    return Person.objects.filter(pk=person.pk).values().get()


def _payload(fields):
    return st.dictionaries(st.sampled_from(fields), HOSTILE, max_size=len(fields))


@pytest.mark.django_db
@FUZZ
@given(data=_payload(EDIT_FIELDS))
def test_person_edit_never_errors_and_a_refusal_saves_nothing(adviser_a_client, person_a, data):
    before, changes = _row(person_a), PersonChange.objects.count()
    response = adviser_a_client.post(reverse("person-edit", args=[person_a.ref]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _row(person_a) == before
        assert PersonChange.objects.count() == changes


@pytest.mark.django_db
@FUZZ
@given(data=_payload(WORK_FIELDS))
def test_found_work_never_errors_and_a_refusal_saves_nothing(adviser_a_client, person_a, data):
    before, starts = _row(person_a), WorkStart.objects.count()
    response = adviser_a_client.post(reverse("person-found-work", args=[person_a.ref]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _row(person_a) == before
        assert WorkStart.objects.count() == starts


@pytest.mark.django_db
@FUZZ
@given(value=HOSTILE)
def test_reassign_never_errors(client, team_lead_a, person_a, value):
    client.force_login(team_lead_a)
    before = _row(person_a)
    response = client.post(reverse("person-reassign", args=[person_a.ref]), {"adviser": value})
    assert response.status_code in (200, 302)  # 302 only if the value is a team member's id
    if response.status_code == 200:
        assert _row(person_a) == before
