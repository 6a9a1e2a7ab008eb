"""services.person_update, person_found_work, person_reassign and assessment_rescore."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import assess, make_user, register
from triage import services
from triage.access import Role
from triage.models import Assessment, AuditEvent, CouncilArea, Person, PersonChange, WorkStart
from triage.scorecard_files import live_scorecard
from triage.selectors import people_search


def details(person, **changes):
    fields = {
        name: getattr(person, name)
        for name in (
            "given_name",
            "family_name",
            "date_of_birth",
            "council_area",
            "postcode",
            "email",
            "phone",
            "ni_number",
        )
    }
    return {**fields, **changes}


def update(person, user, *, seen_version="1", reason="", **changes):
    return services.person_update(
        person=person, acting_user=user, seen_version=seen_version, reason=reason, **details(person, **changes)
    )


# Changing details


def test_details_are_saved_and_the_change_kept_with_field_names_only(adviser_a, person_a):
    change = update(person_a, adviser_a, email="morag@example.org", phone="01632 960 001")

    person = Person.objects.get(pk=person_a.pk)
    assert (person.email, person.phone, person.version) == ("morag@example.org", "01632 960 001", 2)
    assert (change.kind, change.fields, change.created_by) == ("details", ["email", "phone"], adviser_a)
    # Contact details identify the person: the history names them, never keeps their values.
    assert change.values == {}
    assert "morag@example.org" not in str(PersonChange.objects.values().get())


def test_a_corrected_name_is_found_by_search_and_the_duplicate_check(adviser_a, person_a):
    update(person_a, adviser_a, given_name="Siobhán", family_name="O’Neill")

    assert list(people_search(user=adviser_a, query="siobhan oneill")) == [Person.objects.get(pk=person_a.pk)]
    assert not people_search(user=adviser_a, query="morag campbell").exists()


def test_a_council_area_change_keeps_both_areas(adviser_a, person_a):
    fife = CouncilArea.objects.get(name="Fife")
    change = update(person_a, adviser_a, council_area=fife)

    assert Person.objects.get(pk=person_a.pk).council_area == fife
    assert change.values == {"council_area": ["Glasgow City", "Fife"]}
    assert change.value_changes == [("Council area", "Glasgow City", "Fife")]


def test_a_new_date_of_birth_needs_a_reason_and_keeps_no_old_value(adviser_a, person_a):
    with pytest.raises(ValidationError) as refused:
        update(person_a, adviser_a, date_of_birth=date(1975, 3, 28))
    assert refused.value.message_dict == {
        "reason": ["Enter why the date of birth or National Insurance number is changing"]
    }
    assert Person.objects.get(pk=person_a.pk).date_of_birth == date(1975, 3, 27)
    assert not PersonChange.objects.exists()

    change = update(person_a, adviser_a, date_of_birth=date(1975, 3, 28), reason="Typed wrongly at registration")
    assert (change.fields, change.values, change.reason) == (
        ["date_of_birth"],
        {},
        "Typed wrongly at registration",
    )
    assert "1975" not in str(PersonChange.objects.values().get())


def test_a_new_ni_number_needs_a_reason(adviser_a, person_a):
    with pytest.raises(ValidationError):
        update(person_a, adviser_a, ni_number="QQ123456C", reason="   ")
    assert Person.objects.get(pk=person_a.pk).ni_number == ""


def test_an_ni_number_already_on_another_record_in_the_team_is_refused(adviser_a, person_a, situation_a):
    other = register(adviser_a, situation_a, given_name="Iain", family_name="Robertson", ni_number="QQ123456C")

    with pytest.raises(ValidationError) as refused:
        update(person_a, adviser_a, ni_number="QQ123456C", reason="Typed from their letter")

    assert other.ref in refused.value.message_dict["ni_number"][0]
    assert Person.objects.get(pk=person_a.pk).ni_number == ""
    assert not PersonChange.objects.exists()


def test_the_audit_row_names_fields_never_values(adviser_a, person_a):
    update(person_a, adviser_a, email="morag@example.org", ni_number="QQ123456C", reason="Card shown")

    event = AuditEvent.objects.get(action="person_updated")
    assert (event.user, event.person_ref) == (adviser_a, person_a.ref)
    assert "email, ni_number" in event.detail
    assert "example.org" not in event.detail and "QQ123456C" not in event.detail


def test_nothing_changed_saves_nothing(adviser_a, person_a):
    assert update(person_a, adviser_a) is None
    assert Person.objects.get(pk=person_a.pk).version == 1
    assert not PersonChange.objects.exists()
    assert not AuditEvent.objects.filter(action="person_updated").exists()


def test_a_save_from_a_form_opened_before_another_save_is_refused(adviser_a, team_lead_a, person_a):
    """Issue #11: optimistic locking; the second of two editors overwrites nothing."""
    update(person_a, team_lead_a, email="first@example.org")
    with pytest.raises(ValidationError) as refused:
        update(person_a, adviser_a, seen_version="1", email="second@example.org")

    assert refused.value.code == "changed_since"
    assert "This record was changed by someone else since you opened it" in refused.value.message
    person = Person.objects.get(pk=person_a.pk)
    assert (person.email, person.version) == ("first@example.org", 2)
    assert PersonChange.objects.count() == 1


def test_the_same_change_sent_twice_is_saved_once(adviser_a, person_a):
    for _ in range(2):
        update(person_a, adviser_a, seen_version="1", email="morag@example.org")
    assert PersonChange.objects.count() == 1
    assert Person.objects.get(pk=person_a.pk).version == 2


def test_an_email_longer_than_the_column_is_refused(adviser_a, person_a):
    with pytest.raises(ValidationError):
        update(person_a, adviser_a, email="a" * 250 + "@example.org")
    assert Person.objects.get(pk=person_a.pk).email == ""


def test_only_the_record_fields_can_be_changed(adviser_a, person_a):
    with pytest.raises(TypeError):
        services.person_update(person=person_a, acting_user=adviser_a, seen_version="1", reason="", team=None)


# Found work


def found_work(person, user, today, started_on=None, **overrides):
    fields = {"sector": "retail", "job_type": "employed_part_time", "source": "phone_call"}
    fields.update(overrides)
    return services.person_found_work(
        person=person, started_on=started_on or today, acting_user=user, today=today, **fields
    )


def test_found_work_is_recorded_and_summarised_on_the_person(adviser_a, person_a, today):
    work = found_work(person_a, adviser_a, today, started_on=today - timedelta(days=3))

    assert (work.sector, work.job_type, work.source, work.team_id) == (
        "retail",
        "employed_part_time",
        "phone_call",
        person_a.team_id,
    )
    assert Person.objects.get(pk=person_a.pk).found_work_on == today - timedelta(days=3)
    assert AuditEvent.objects.filter(action="work_start_recorded", person_ref=person_a.ref).exists()


def test_a_later_job_moves_the_found_work_date_and_both_are_kept(adviser_a, person_a, today):
    found_work(person_a, adviser_a, today, started_on=today - timedelta(days=10), job_type="temporary")
    found_work(person_a, adviser_a, today, started_on=today - timedelta(days=1))

    assert WorkStart.objects.filter(person=person_a).count() == 2
    assert Person.objects.get(pk=person_a.pk).found_work_on == today - timedelta(days=1)


def test_the_same_work_sent_twice_is_recorded_once(adviser_a, person_a, today):
    found_work(person_a, adviser_a, today)
    found_work(person_a, adviser_a, today)
    assert WorkStart.objects.filter(person=person_a).count() == 1


@pytest.mark.parametrize("offset", [timedelta(days=1), -timedelta(days=30 + 366)])
def test_a_start_in_the_future_or_long_before_the_redundancy_is_refused(adviser_a, person_a, today, offset):
    with pytest.raises(ValidationError) as refused:
        found_work(person_a, adviser_a, today, started_on=today + offset)
    assert "started_on" in refused.value.message_dict
    assert not WorkStart.objects.exists()
    assert Person.objects.get(pk=person_a.pk).found_work_on is None


def test_a_job_type_outside_the_choices_is_refused(adviser_a, person_a, today):
    with pytest.raises(ValidationError):
        found_work(person_a, adviser_a, today, job_type="astronaut")
    assert not WorkStart.objects.exists()


# Named adviser


def test_a_team_lead_names_another_adviser_and_the_history_keeps_both(adviser_a, team_lead_a, person_a, team_a):
    other = make_user("adviser_a2", Role.ADVISER, team_a, first_name="Rory", last_name="Munro")
    change = services.person_reassign(person=person_a, adviser=other, acting_user=team_lead_a)

    assert Person.objects.get(pk=person_a.pk).adviser == other
    assert (change.kind, change.values) == ("adviser", {"adviser": ["Ailsa MacLeod", "Rory Munro"]})
    event = AuditEvent.objects.get(action="adviser_reassigned")
    assert f"adviser {adviser_a.pk} → {other.pk}" in event.detail


def test_an_adviser_of_another_team_cannot_be_named(team_lead_a, person_a, adviser_b):
    with pytest.raises(ValidationError):
        services.person_reassign(person=person_a, adviser=adviser_b, acting_user=team_lead_a)
    assert Person.objects.get(pk=person_a.pk).adviser_id == person_a.adviser_id
    assert not PersonChange.objects.exists()


def test_an_evaluator_cannot_be_named(team_lead_a, person_a, team_a):
    evaluator = make_user("evaluator_a", Role.EVALUATOR, team_a)
    with pytest.raises(ValidationError):
        services.person_reassign(person=person_a, adviser=evaluator, acting_user=team_lead_a)


def test_naming_the_same_adviser_changes_nothing(adviser_a, team_lead_a, person_a):
    assert services.person_reassign(person=person_a, adviser=adviser_a, acting_user=team_lead_a) is None
    assert not PersonChange.objects.exists()


# Scoring again


def rescore(assessment, user, today, token=None):
    return services.assessment_rescore(
        assessment=assessment,
        acting_user=user,
        card=live_scorecard(),
        today=today,
        submission_token=token or uuid.uuid4(),
    )


def test_rescoring_makes_a_new_assessment_on_the_corrected_details(adviser_a, person_a, today):
    """A corrected date of birth moves the age band; the frozen result stays as it was."""
    first = assess(adviser_a, person_a)
    frozen = Assessment.objects.values().get(pk=first.pk)
    young = date(today.year - 23, 1, 1)
    update(person_a, adviser_a, date_of_birth=young, reason="Typed wrongly")
    person = Person.objects.get(pk=person_a.pk)
    first = Assessment.objects.get(pk=first.pk)

    again = rescore(first, adviser_a, today)

    assert again.pk != first.pk
    assert again.answers["q3_age_band"] == "under_25"
    assert {k: v for k, v in again.answers.items() if k != "q3_age_band"} == {
        k: v for k, v in first.answers.items() if k != "q3_age_band"
    }
    assert Assessment.objects.values().get(pk=first.pk) == frozen
    assert Person.objects.get(pk=person.pk).latest_assessment_id == again.pk


def test_the_same_rescore_sent_twice_makes_one_assessment(adviser_a, person_a, today):
    first = assess(adviser_a, person_a)
    token = uuid.uuid4()
    rescore(first, adviser_a, today, token)
    rescore(first, adviser_a, today, token)
    assert Assessment.objects.filter(person=person_a).count() == 2


def test_only_the_latest_checklist_is_rescored(adviser_a, person_a, today):
    older = assess(adviser_a, person_a)
    assess(adviser_a, person_a)
    with pytest.raises(ValidationError):
        rescore(older, adviser_a, today)
    assert Assessment.objects.filter(person=person_a).count() == 2


def test_an_earlier_checklist_version_is_not_rescored(adviser_a, person_a, today):
    first = assess(adviser_a, person_a)
    Assessment.objects.filter(pk=first.pk).update(checklist_version="0.1")
    with pytest.raises(ValidationError):
        rescore(Assessment.objects.get(pk=first.pk), adviser_a, today)
    assert Assessment.objects.filter(person=person_a).count() == 1
