"""services.follow_up_record, follow_ups_upload, and the outcome summary every write keeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_situation, record_follow_up, register
from triage import services
from triage.lib import outcomes
from triage.models import AuditEvent, FollowUp, Person
from triage.selectors import people_visible_to


@pytest.fixture
def left(today):
    return today - timedelta(days=400)


@pytest.fixture
def person(adviser_a, team_a, glasgow, left):
    return register(adviser_a, make_situation(team_a, glasgow, left, employer="Forth Valley Paper"))


def saved(person):
    return Person.objects.get(pk=person.pk)


def test_a_new_person_leaves_on_the_notified_date_with_the_3_month_follow_up_next(person, left):
    person = saved(person)
    assert person.leaving_date == left
    assert (person.follow_up_months, person.follow_up_on) == (3, outcomes.add_months(left, 3))
    assert person.ltu_label is None


def test_a_follow_up_takes_the_point_its_date_falls_in_and_moves_the_queue_on(adviser_a, person, left):
    follow_up = record_follow_up(adviser_a, person, left + timedelta(days=95), "unemployed_looking")
    assert follow_up.months == 3
    person = saved(person)
    assert (person.follow_up_months, person.follow_up_on) == (6, outcomes.add_months(left, 6))
    audit = AuditEvent.objects.get(action="follow_up_recorded", person_ref=person.ref)
    assert audit.detail == f"follow-up {follow_up.pk}: 3 months"


def test_the_label_is_kept_on_the_person_and_a_later_follow_up_overturns_it(adviser_a, person, left):
    twelve = left + timedelta(days=366)
    record_follow_up(adviser_a, person, twelve, "unemployed_looking")
    assert (saved(person).ltu_label, saved(person).ltu_label_on) == (1, twelve)
    assert saved(person).follow_up_months == 3  # the 3- and 6-month follow-ups are still to take
    record_follow_up(adviser_a, person, twelve + timedelta(days=2), "employed", left + timedelta(days=200))
    assert (saved(person).ltu_label, saved(person).ltu_label_on) == (0, twelve + timedelta(days=2))
    assert FollowUp.objects.filter(person=person, months=12).count() == 2  # both kept


def test_found_work_is_a_follow_up_between_points_and_settles_the_label(adviser_a, person, left, today):
    services.person_found_work(
        person=person,
        started_on=left + timedelta(days=50),
        sector="retail",
        job_type="self_employed",
        source="person",
        acting_user=adviser_a,
        today=today,
    )
    follow_up = FollowUp.objects.get(person=person)
    assert (follow_up.months, follow_up.status, follow_up.contacted_on) == (None, "self_employed", today)
    assert follow_up.work_start is not None
    assert (saved(person).ltu_label, saved(person).ltu_label_on) == (0, today)
    assert saved(person).follow_up_months == 3


def test_the_same_follow_up_sent_twice_is_recorded_once(adviser_a, person, left):
    first = record_follow_up(adviser_a, person, left + timedelta(days=95), "unknown")
    again = record_follow_up(adviser_a, person, left + timedelta(days=95), "unknown")
    assert first.pk == again.pk and FollowUp.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("days", "started", "field", "message"),
    [
        (60, None, "contacted_on", "Date of the follow-up must be on or after"),
        (500, None, "contacted_on", "Date of the follow-up must be today or in the past"),
        (100, 101, "started_on", "Date they started work must be on or before the date of the follow-up"),
        (100, -400, "started_on", "a year before the redundancy was notified"),
    ],
)
def test_impossible_dates_are_refused_and_nothing_is_saved(adviser_a, person, left, days, started, field, message):
    started_on = left + timedelta(days=started) if started is not None else None
    with pytest.raises(ValidationError) as refused:
        record_follow_up(adviser_a, person, left + timedelta(days=days), "employed", started_on)
    assert message in refused.value.message_dict[field][0]
    assert not FollowUp.objects.exists()
    assert saved(person).follow_up_months == 3


def test_moving_the_leaving_date_moves_the_follow_ups_and_the_history_keeps_both_dates(adviser_a, person, left):
    record_follow_up(adviser_a, person, left + timedelta(days=380), "unemployed_looking", left + timedelta(days=370))
    assert saved(person).ltu_label == 1
    later = left + timedelta(days=10)
    change = services.person_update(
        person=person, acting_user=adviser_a, seen_version="1", reason="", leaving_date=later
    )
    person = saved(person)
    assert person.leaving_date == later and person.follow_up_on == outcomes.add_months(later, 3)
    assert person.ltu_label == 0  # the start on day 370 is day 360 of the new leaving date
    assert change.values == {"leaving_date": [f"{left:%-d %B %Y}", f"{later:%-d %B %Y}"]}


# The bulk upload


def rows(*lines):
    header = ",".join(outcomes.UPLOAD_COLUMNS)
    parsed, errors = outcomes.parse_upload(("\n".join([header, *lines]) + "\n").encode())
    assert errors == []
    return parsed


def upload(user, parsed, today):
    return services.follow_ups_upload(
        rows=parsed, source="partner_data", acting_user=user, people=people_visible_to(user), today=today
    )


def test_an_upload_applies_every_row_and_keeps_each_label(team_lead_a, adviser_a, person, left, today):
    other = register(adviser_a, person.situation, given_name="Eilidh", family_name="Ross")
    result = upload(
        team_lead_a,
        rows(
            f"{person.ref},{left + timedelta(days=95)},unemployed_looking,",
            f"{person.ref},{left + timedelta(days=370)},not_looking,",
            f"{other.ref.lower()},{left + timedelta(days=100)},employed,{left + timedelta(days=80)}",
        ),
        today,
    )
    assert (result.errors, result.recorded, result.people) == ([], 3, 2)
    assert (saved(person).ltu_label, saved(person).follow_up_months) == (1, 6)
    assert (saved(other).ltu_label, saved(other).follow_up_months) == (0, 6)
    assert FollowUp.objects.filter(source="partner_data", created_by=team_lead_a).count() == 3
    assert AuditEvent.objects.filter(action="follow_up_recorded", person_ref=person.ref).count() == 2
    assert AuditEvent.objects.filter(action="follow_ups_uploaded").count() == 1
    # The same file again is applied once.
    again = upload(team_lead_a, rows(f"{person.ref},{left + timedelta(days=95)},unemployed_looking,"), today)
    assert (again.errors, again.recorded, again.repeated) == ([], 0, 1)


def test_one_bad_row_refuses_the_file_and_lists_every_error(team_lead_a, person, person_b, left, today):
    result = upload(
        team_lead_a,
        rows(
            f"{person.ref},{left + timedelta(days=95)},employed,",
            f"{person_b.ref},{left + timedelta(days=95)},employed,",
            f"{person.ref},{left + timedelta(days=20)},employed,",
            f"{person.ref},{left + timedelta(days=100)},unknown,",
            "P-000000,2026-01-05,unknown,",
        ),
        today,
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "person reference"),  # another team's person is no one to this team
        (4, "follow-up date"),
        (5, "follow-up date"),  # a second 3-month follow-up in the same file
        (6, "person reference"),
    ]
    assert f"No one in your team has the reference {person_b.ref}" == result.errors[0].message
    assert not FollowUp.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="follow_up").exists()
