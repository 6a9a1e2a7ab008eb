"""Register a person: `person-add`."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import make_situation, register
from tests.views.form_errors import assert_form_error
from triage.models import AuditEvent, Event, Person

URL = reverse("person-add")


def years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        return today.replace(year=today.year - years, day=28)


def person_data(situation, dob=date(1982, 6, 14), **overrides):
    data = {
        "given_name": "Eilidh",
        "family_name": "Fraser",
        "date_of_birth_0": dob.day,
        "date_of_birth_1": dob.month,
        "date_of_birth_2": dob.year,
        "council_area": situation.council_area_id,
        "situation": situation.pk,
        "consent_given": "on",
    }
    data.update(overrides)
    return data


def test_adviser_registers_a_person_in_their_team(adviser_a_client, adviser_a, situation_a, event_a):
    response = adviser_a_client.post(
        URL,
        person_data(
            situation_a,
            event=event_a.pk,
            ni_number="ab 12 34 56 c",  # fictional-ni
            postcode="g2 1dh",
            email="eilidh@example.com",
        ),
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person.ref])
    assert person.team == adviser_a.team
    assert person.created_by == adviser_a
    assert person.date_of_birth == date(1982, 6, 14)
    assert person.ni_number == "AB123456C"  # fictional-ni
    assert person.postcode == "G2 1DH"
    assert person.event == event_a
    assert AuditEvent.objects.filter(action="person_created", person_ref=person.ref).exists()


def test_consent_and_privacy_notice_version_are_recorded(adviser_a_client, situation_a, settings):
    """Issue #3: "Consent and the privacy-notice version shown are recorded."."""
    settings.PRIVACY_NOTICE_VERSION = "PN-TEST-7"
    form = adviser_a_client.get(URL).content.decode()
    assert "Privacy notice version PN-TEST-7" in form

    adviser_a_client.post(URL, person_data(situation_a))

    person = Person.objects.get()
    assert person.consent_given
    assert person.privacy_notice_version == "PN-TEST-7"
    assert person.consent_recorded_at is not None


def test_ni_number_is_optional(adviser_a_client, situation_a):
    """Issue #3: "NI number optional."."""
    response = adviser_a_client.post(URL, person_data(situation_a, ni_number=""))
    assert response.status_code == 302
    assert Person.objects.get().ni_number == ""


def test_team_lead_registers_a_person(client, team_lead_a, situation_a):
    client.force_login(team_lead_a)
    assert client.post(URL, person_data(situation_a)).status_code == 302
    assert Person.objects.get().team == team_lead_a.team


def test_form_offers_only_own_teams_redundancies(adviser_a_client, situation_a, situation_b):
    page = adviser_a_client.get(URL).content.decode()
    assert situation_a.employer in page
    assert situation_b.employer not in page


# Date of birth


def test_date_of_birth_in_the_future_is_refused(adviser_a_client, situation_a, today):
    """Issue #3, Bad input: "a date of birth in the future"."""
    response = adviser_a_client.post(URL, person_data(situation_a, dob=today + timedelta(days=1)))
    assert_form_error(response, "Date of birth must be in the past")
    assert not Person.objects.exists()


def test_person_under_16_is_refused(adviser_a_client, situation_a, today):
    """Issue #3, Bad input: a date of birth "giving an age under 16"."""
    response = adviser_a_client.post(URL, person_data(situation_a, dob=years_ago(today, 16) + timedelta(days=1)))
    assert_form_error(response, "The person must be 16 or older")
    assert not Person.objects.exists()


def test_person_over_80_is_refused(adviser_a_client, situation_a, today):
    """Issue #3, Bad input: a date of birth giving an age "over 80"."""
    response = adviser_a_client.post(URL, person_data(situation_a, dob=years_ago(today, 81)))
    assert_form_error(response, "The person must be 80 or younger")
    assert not Person.objects.exists()


@pytest.mark.parametrize("age", [16, 80])
def test_ages_16_and_80_are_accepted(adviser_a_client, situation_a, today, age):
    """The limits are inclusive: 16 today and 80 until the 81st birthday."""
    dob = years_ago(today, age) if age == 16 else years_ago(today, 81) + timedelta(days=1)
    assert adviser_a_client.post(URL, person_data(situation_a, dob=dob)).status_code == 302


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "1990", "Date of birth must be a real date"),  # no 31 February
        ("29", "2", "1990", "Date of birth must be a real date"),  # not a leap year
        ("14", "13", "1990", "Date of birth must be a real date"),
        ("0", "6", "1990", "Date of birth must be a real date"),
        ("14", "6", "99999999999", "Year must include 4 numbers"),
        ("99999999999999999999", "6", "1990", "Date of birth must be a real date"),
        ("14", "6", "0", "Year must include 4 numbers"),
        ("14", "6", "1066", "Date of birth must be a real date"),
        ("1" * 5000, "6", "1990", "Date of birth must be a real date"),  # too long for int()
        ("14", "six", "1990", "Date of birth must be a real date"),
        ("-1", "6", "1990", "Date of birth must be a real date"),
        ("14.5", "6", "1990", "Date of birth must be a real date"),
        ("14", "6", "", "Date of birth must include a year"),
        ("", "", "1990", "Date of birth must include a day and a month"),
    ],
)
def test_impossible_date_of_birth_is_an_error_not_a_server_error(
    adviser_a_client, situation_a, day, month, year, message
):
    """Issue #3, Bad input: "No input gives a server error"; GOV.UK date input error wording."""
    data = person_data(situation_a, date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    response = adviser_a_client.post(URL, data)
    assert_form_error(response, message)
    assert not Person.objects.exists()


def test_missing_date_of_birth_is_refused(adviser_a_client, situation_a):
    data = person_data(situation_a, date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    assert_form_error(adviser_a_client.post(URL, data), "Enter their date of birth")
    assert not Person.objects.exists()


def test_partial_date_of_birth_is_refused(adviser_a_client, situation_a):
    data = person_data(situation_a, date_of_birth_1="")
    response = adviser_a_client.post(URL, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Person.objects.exists()


# National Insurance number: HMRC National Insurance Manual NIM39110


@pytest.mark.parametrize(
    "ni_number",
    [
        *(f"{letter}A123456A" for letter in "DFIQUV"),  # D, F, I, Q, U, V are never the first letter
        *(f"A{letter}123456A" for letter in "DFIQUV"),  # ... nor the second
        "QQ123456C",
        "AO123456A",  # O is never the second letter
        "BG123456A",  # prefixes never issued
        "GB123456A",
        "KN123456A",
        "NK123456A",
        "NT123456A",
        "TN123456A",
        "ZZ123456A",
        "AB12345C",  # five digits
        "AB1234567C",  # seven digits
        "AB123456E",  # suffix is A to D
        "AB123456",  # no suffix
        "A1123456C",
        "123456789",
        "AB 12 34 5X C",
    ],
)
def test_malformed_ni_number_is_refused(adviser_a_client, situation_a, ni_number):
    """Issue #3, Bad input: "two prefix letters excluding D, F, I, Q, U, V as either letter and O as the
    second, not the prefixes BG, GB, KN, NK, NT, TN, ZZ; six digits; suffix A–D"."""
    response = adviser_a_client.post(URL, person_data(situation_a, ni_number=ni_number))
    message = "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"  # fictional-ni
    assert_form_error(response, message)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("AB123456C", "AB123456C"),  # fictional-ni
        ("ab 12 34 56 c", "AB123456C"),  # fictional-ni
        ("OA123456D", "OA123456D"),  # fictional-ni; O is allowed as the first letter
        ("ZA123456A", "ZA123456A"),  # fictional-ni
        ("JG 10 30 77 B", "JG103077B"),  # fictional-ni
    ],
)
def test_valid_ni_number_is_accepted_and_stored_without_spaces(adviser_a_client, situation_a, typed, stored):
    response = adviser_a_client.post(URL, person_data(situation_a, ni_number=typed))
    assert response.status_code == 302
    assert Person.objects.get().ni_number == stored


# Duplicates


def test_same_name_and_date_of_birth_in_team_warns_and_saves_nothing(adviser_a_client, person_a, situation_a):
    """Issue #3: "registering warns of a likely duplicate (same name and date of birth)"."""
    data = person_data(situation_a, given_name="morag", family_name="CAMPBELL", dob=person_a.date_of_birth)
    response = adviser_a_client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your team may already have registered this person" in page
    assert person_a.ref in page
    assert 'name="confirm_not_duplicate" value="on"' in page
    assert Person.objects.count() == 1


def test_register_anyway_creates_the_second_person(adviser_a_client, person_a, situation_a):
    data = person_data(
        situation_a, given_name="Morag", family_name="Campbell", dob=person_a.date_of_birth, postcode="G2 1DH"
    )
    warning = adviser_a_client.post(URL, data).content.decode()
    assert f'<input type="hidden" name="duplicates_seen" value="{person_a.ref}">' in warning

    response = adviser_a_client.post(URL, {**data, "confirm_not_duplicate": "on", "duplicates_seen": [person_a.ref]})

    assert response.status_code == 302
    assert Person.objects.filter(given_name="Morag", family_name="Campbell").count() == 2


def test_namesake_in_another_team_is_not_shown_as_a_duplicate(adviser_a_client, adviser_b, situation_a, situation_b):
    """Team B's people stay invisible: the warning would confirm someone exists in another team."""
    namesake = register(adviser_b, situation_b)
    data = person_data(situation_a, given_name="Morag", family_name="Campbell", dob=namesake.date_of_birth)
    response = adviser_a_client.post(URL, data)

    assert response.status_code == 302
    assert namesake.ref not in adviser_a_client.get(response["Location"]).content.decode()
    assert Person.objects.filter(team=situation_a.team).count() == 1


def test_different_name_and_date_of_birth_is_not_a_duplicate(adviser_a_client, person_a, situation_a):
    data = person_data(situation_a, given_name="Iain", family_name="Robertson", dob=date(1980, 1, 1))
    assert adviser_a_client.post(URL, data).status_code == 302
    assert Person.objects.count() == 2


# Other bad input


def test_missing_consent_is_refused(adviser_a_client, situation_a):
    """Issue #3: consent is recorded; without it the person is not registered."""
    data = person_data(situation_a)
    del data["consent_given"]
    response = adviser_a_client.post(URL, data)
    assert_form_error(response, "Confirm they have seen the privacy notice and agree")
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("given_name", "Enter the person's first name"),
        ("family_name", "Enter the person's last name"),
        ("council_area", "Select the council area they live in"),
        ("situation", "Select the redundancy"),
    ],
)
def test_missing_required_field_is_refused(adviser_a_client, situation_a, field, message):
    data = person_data(situation_a)
    del data[field]
    assert_form_error(adviser_a_client.post(URL, data), message)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("council_area", "999999", "Select a council area from the list"),
        ("council_area", "not-a-number", "Select a council area from the list"),
        ("sex", "robot", "Select one of the options listed"),
        ("postcode", "NOT A PC", "Enter a real postcode, like EH1 1YZ"),
        ("email", "not-an-email", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_tampered_or_malformed_value_is_refused(adviser_a_client, situation_a, field, value, message):
    response = adviser_a_client.post(URL, person_data(situation_a, **{field: value}))
    assert_form_error(response, message)
    assert not Person.objects.exists()


def test_other_teams_redundancy_is_refused(adviser_a_client, situation_a, situation_b):
    """A tampered situation id of team B is not in the list, so no one is registered against it."""
    response = adviser_a_client.post(URL, {**person_data(situation_a), "situation": situation_b.pk})
    assert_form_error(response, "Select a redundancy from the list")
    assert not Person.objects.exists()


def test_other_teams_event_is_refused(adviser_a_client, situation_a, situation_b, today):
    event_b = Event.objects.create(situation=situation_b, kind=Event.Kind.DROP_IN, held_on=today, location="Library")
    response = adviser_a_client.post(URL, person_data(situation_a, event=event_b.pk))
    assert_form_error(response, "Select an event from the list")
    assert not Person.objects.exists()


def test_event_of_another_redundancy_is_refused(adviser_a_client, team_a, glasgow, situation_a, today):
    other = make_situation(team_a, glasgow, today - timedelta(days=10), employer="Forth Ferries")
    event = Event.objects.create(situation=other, kind=Event.Kind.DROP_IN, held_on=today, location="Terminal")
    response = adviser_a_client.post(URL, person_data(situation_a, event=event.pk))
    assert_form_error(response, "Select an event for this redundancy")
    assert not Person.objects.exists()


# Roles


def test_evaluator_cannot_register_a_person(client, evaluator, situation_a):
    client.force_login(evaluator)
    assert client.get(URL).status_code == 403
    assert client.post(URL, person_data(situation_a)).status_code == 403
    assert not Person.objects.exists()


@pytest.mark.parametrize("phone", ["abc", "123", "0" * 20, "++44 141 555 1234"])
def test_phone_number_that_is_not_one_is_refused(adviser_a_client, situation_a, phone):
    response = adviser_a_client.post(URL, person_data(situation_a, phone=phone))
    assert_form_error(response, "Enter a phone number, like 01632 960 001 or +44 808 157 0192")
    assert not Person.objects.exists()


@pytest.mark.parametrize("phone", ["01632 960 001", "+44 808 157 0192", "(0141) 555-1234"])
def test_real_phone_numbers_are_accepted(adviser_a_client, situation_a, phone):
    adviser_a_client.post(URL, person_data(situation_a, phone=phone))
    assert Person.objects.get().phone == phone


@pytest.mark.parametrize(
    ("given", "family", "dob"),
    [
        ("Morag", "Campbell", "1980-01-01"),  # same name, other date of birth
        ("Morag", "Cambell", "1975-03-27"),  # same date of birth and first name, surname misspelt
        ("Morven", "Campbell", "1975-03-27"),  # same date of birth and surname
    ],
)
def test_near_duplicates_are_warned_about(adviser_a_client, adviser_a, situation_a, given, family, dob):
    """Registering warns of a likely duplicate: same name, or same date of birth and one name."""
    register(adviser_a, situation_a)  # Morag Campbell, 27 March 1975
    year, month, day = dob.split("-")
    data = person_data(
        situation_a,
        given_name=given,
        family_name=family,
        date_of_birth_0=day,
        date_of_birth_1=month,
        date_of_birth_2=year,
    )
    page = adviser_a_client.post(URL, data).content.decode()
    assert "Your team may already have registered this person" in page
    assert "Register person</button>" not in page
    assert Person.objects.count() == 1


def test_day_and_month_swapped_is_warned_about(adviser_a_client, adviser_a, situation_a):
    register(adviser_a, situation_a, date_of_birth=date(1975, 3, 7))
    data = person_data(situation_a, given_name="Morag", family_name="Campbell", dob=date(1975, 7, 3))
    page = adviser_a_client.post(URL, data).content.decode()
    assert "Your team may already have registered this person" in page


@pytest.mark.parametrize(
    ("day", "month", "year"), [("1²", "6", "1982"), ("14", "⁶", "1982"), ("14", "6", "¹⁹⁸²"), ("14", "6", "1982½")]
)
def test_a_date_typed_with_superscript_digits_is_refused_beside_the_field(
    adviser_a_client, situation_a, day, month, year
):
    """Issue #11: superscripts are digits to Python's isdigit, but int() cannot read them (a server error)."""
    data = person_data(situation_a)
    data.update({"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year})
    response = adviser_a_client.post(URL, data)
    assert_form_error(response, "Date of birth must be a real date")
    assert not Person.objects.exists()


def test_an_email_address_longer_than_the_record_holds_is_refused_beside_the_field(adviser_a_client, situation_a):
    """Issue #11: an address the form accepted but the column could not hold gave a server error."""
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".scot"
    response = adviser_a_client.post(URL, person_data(situation_a, email=email))
    assert_form_error(response, "Email address must be 254 characters or fewer")
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("given_name", "Eil\u202eidh", "First name"),  # right-to-left override
        ("family_name", "Fra\u2066ser", "Last name"),  # left-to-right isolate
        ("given_name", "Eilidh\x07", "First name"),  # a control character (bell)
        ("family_name", "Fraser\tFraser", "Last name"),  # no tab in a name
    ],
)
def test_a_name_with_hidden_characters_is_refused_beside_the_field(adviser_a_client, situation_a, field, value, name):
    """Issue #11: names refuse control and text-direction characters, which make text read other than it is stored."""
    response = adviser_a_client.post(URL, person_data(situation_a, **{field: value}))
    assert_form_error(response, f"{name} must not include hidden characters, like a control or text-direction mark")
    assert not Person.objects.exists()


def test_names_in_any_script_and_with_accents_are_accepted(adviser_a_client, situation_a):
    response = adviser_a_client.post(
        URL, person_data(situation_a, given_name="Siobhán", family_name="O’Neill-Ó Dónaill")
    )
    assert response.status_code == 302
    assert Person.objects.get().family_name == "O’Neill-Ó Dónaill"


# Duplicates, issue #11: accents, case and apostrophes aside; NI numbers; two sends at once


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Siobhán", "O’Neill"), ("siobhan", "oneill")),
        (("Siobhan", "O'Neill"), ("SIOBHÁN", "O’NEILL")),
        (("Seonaidh", "Mac-Aoidh"), ("Seonaidh", "MacAoidh")),
        (("Zoë", "d’Arcy"), ("zoe", "D'ARCY")),
    ],
)
def test_a_namesake_written_with_other_accents_or_apostrophes_is_warned_about(
    adviser_a_client, adviser_a, situation_a, stored, typed
):
    existing = register(adviser_a, situation_a, given_name=stored[0], family_name=stored[1])
    data = person_data(situation_a, given_name=typed[0], family_name=typed[1], dob=existing.date_of_birth)
    page = adviser_a_client.post(URL, data).content.decode()
    assert "Your team may already have registered this person" in page
    assert existing.ref in page
    assert Person.objects.count() == 1


def test_an_ni_number_already_held_in_the_team_is_warned_about(adviser_a_client, adviser_a, situation_a):
    existing = register(adviser_a, situation_a, ni_number="AB123456C")  # fictional-ni
    typed = "ab 12 34 56 c"  # fictional-ni
    data = person_data(situation_a, given_name="Iain", family_name="Robertson", ni_number=typed)
    page = adviser_a_client.post(URL, data).content.decode()
    assert "Your team may already have registered this person" in page
    assert existing.ref in page
    assert "with the same National Insurance number" in page
    assert Person.objects.count() == 1


def test_an_ni_number_held_in_another_team_is_not_shown(adviser_a_client, adviser_b, situation_a, situation_b):
    register(adviser_b, situation_b, given_name="Iain", family_name="Robertson", ni_number="AB123456C")  # fictional-ni
    data = person_data(situation_a, ni_number="AB123456C")  # fictional-ni
    assert adviser_a_client.post(URL, data).status_code == 302
    assert Person.objects.filter(team=situation_a.team).count() == 1


def test_the_same_registration_sent_twice_makes_one_record_and_both_open_it(adviser_a_client, situation_a):
    """A double tap on "Register person": the second finds the first and is sent to it."""
    data = person_data(situation_a, email="eilidh@example.com")
    first = adviser_a_client.post(URL, data)
    second = adviser_a_client.post(URL, data)

    person = Person.objects.get()
    assert first["Location"] == second["Location"] == reverse("person-detail", args=[person.ref])


def test_register_anyway_sent_twice_makes_one_record(adviser_a_client, person_a, situation_a):
    """A double tap on "Register as a different person" registers the new person once."""
    data = person_data(situation_a, given_name="Morag", family_name="Campbell", dob=person_a.date_of_birth)
    confirmed = {**data, "confirm_not_duplicate": "on", "duplicates_seen": [person_a.ref]}
    first = adviser_a_client.post(URL, confirmed)
    second = adviser_a_client.post(URL, confirmed)

    assert Person.objects.count() == 2
    assert first["Location"] == second["Location"]
    assert first["Location"] != reverse("person-detail", args=[person_a.ref])


def test_register_anyway_still_warns_of_someone_registered_since(adviser_a_client, adviser_a, person_a, situation_a):
    """Confirming covers the people shown, not a namesake a colleague registered meanwhile."""
    data = person_data(situation_a, given_name="Morag", family_name="Campbell", dob=person_a.date_of_birth)
    since = register(adviser_a, situation_a, postcode="G2 1DH")
    response = adviser_a_client.post(URL, {**data, "confirm_not_duplicate": "on", "duplicates_seen": [person_a.ref]})

    page = response.content.decode()
    assert response.status_code == 200
    assert since.ref in page and person_a.ref in page
    assert Person.objects.count() == 2


def test_the_same_details_registered_again_later_are_warned_about_not_merged(
    adviser_a_client, situation_a, monkeypatch
):
    """Only a send within moments is a repeat: the same person entered again later is a duplicate."""
    from triage.services import people as people_services

    adviser_a_client.post(URL, person_data(situation_a))
    monkeypatch.setattr(people_services, "REPEAT_WINDOW", timedelta(0))
    page = adviser_a_client.post(URL, person_data(situation_a)).content.decode()
    assert "Your team may already have registered this person" in page
    assert Person.objects.count() == 1


@pytest.fixture
def reference_data_again(transactional_db):
    """A transactional test starts after others' flushes: put the migrations' reference data back."""
    from django.apps import apps

    from triage.reference_loader import load_reference_data

    load_reference_data(apps)


# Not serialized_rollback: after another transactional test's flush, Django recreates the content
# types in app order, not migration order, and restoring the serialized ones then collides on
# PostgreSQL. reference_data_again puts back what this test needs.
@pytest.mark.django_db(transaction=True)
def test_the_duplicate_check_runs_inside_the_registrations_write_transaction(
    reference_data_again, client, adviser_a, situation_a, monkeypatch
):
    """Issue #11: the check and the insert are one write transaction, so two sends at once queue
    (on SQLite the write lock is taken at its start; on PostgreSQL the team's row is locked first):
    a check made before the transaction would let both through."""
    from django.db import connection

    from triage.services import people as people_services

    checked_in_transaction = []
    real = people_services.possible_duplicates

    def spy(**kwargs):
        checked_in_transaction.append(connection.in_atomic_block)
        return real(**kwargs)

    monkeypatch.setattr(people_services, "possible_duplicates", spy)
    client.force_login(adviser_a)
    assert client.post(URL, person_data(situation_a)).status_code == 302
    assert checked_in_transaction == [True]


def test_only_events_of_the_last_months_and_those_planned_are_offered(adviser_a_client, situation_a, event_a, today):
    """At scale a team has thousands of past events: registration lists those within four months."""
    from triage.forms.person import EVENT_CHOICE_DAYS

    old = Event.objects.create(
        situation=situation_a,
        kind=Event.Kind.DROP_IN,
        held_on=today - timedelta(days=EVENT_CHOICE_DAYS + 1),
        location="Old Hall",
    )
    html = adviser_a_client.get(reverse("person-add")).content.decode()
    events = html.split('id="id_event"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{event_a.pk}"' in events
    assert f'<option value="{old.pk}"' not in events

    response = adviser_a_client.post(reverse("person-add"), person_data(situation_a, event=old.pk))
    assert_form_error(response, "Select an event from the list")
    assert not Person.objects.exists()
