"""Reads compiled once (triage/prepared.py) answer exactly as the querysets they were built from.

Each prepared read is compared with the ORM's own answer to the same question, field by field, so
that a Django upgrade changing the compiler internals these rely on fails here, not on a page."""

import threading
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from triage.auth_backends import USER_WITH_TEAM_AND_ROLES, TeamModelBackend, _user_with_team_and_roles
from triage.models import EventMode, Person, ScorecardActivation
from triage.prepared import MARKER_INT, PreparedRead
from triage.scorecard_files import live_label
from triage.selectors.events import CHOSEN_EVENT, _chosen_event, event_mode_for
from triage.selectors.people import TEAM_PERSON, _team_person, person_get_for_user
from triage.sessions import SessionStore


def field_values(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_the_user_read_matches_the_orm_with_team_and_roles(adviser_a, team_lead_a):
    for user in (adviser_a, team_lead_a):
        expected = _user_with_team_and_roles(user_id=user.pk).get()
        with CaptureQueriesContext(connection) as queries:
            got = USER_WITH_TEAM_AND_ROLES.first(user_id=user.pk)
            team_name = got.team.name  # read with the user, no second query
        assert len(queries) == 1
        assert field_values(got) == field_values(expected)
        assert team_name == expected.team.name
        assert {k: v for k, v in vars(got).items() if k.startswith("holds_")} == {
            k: v for k, v in vars(expected).items() if k.startswith("holds_")
        }
        assert not got._state.adding and got._state.db == "default"


def test_the_backend_gives_the_roles_and_refuses_an_unknown_or_malformed_id(adviser_a, team_lead_a):
    backend = TeamModelBackend()
    assert backend.get_user(adviser_a.pk)._pace_roles == frozenset({"adviser"})
    assert "team_lead" in backend.get_user(str(team_lead_a.pk))._pace_roles
    assert backend.get_user(MARKER_INT + 99) is None
    assert backend.get_user("1; DROP TABLE") is None
    assert backend.get_user(None) is None


def test_an_inactive_user_is_not_signed_in(adviser_a):
    adviser_a.is_active = False
    adviser_a.save()
    assert TeamModelBackend().get_user(adviser_a.pk) is None


def test_the_person_read_matches_the_orm_and_keeps_to_the_team(adviser_a, adviser_b, person_a, person_b):
    expected = _team_person(team_id=adviser_a.team_id, ref=person_a.ref).get()
    assert person_get_for_user(user=adviser_a, ref=person_a.ref).pk == person_a.pk
    with CaptureQueriesContext(connection) as queries:
        got = TEAM_PERSON.first(team_id=adviser_a.team_id, ref=person_a.ref)
        related = (got.situation.employer, got.situation.council_area.name, got.council_area.name)
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert field_values(got) == field_values(expected)
    assert related == (
        expected.situation.employer,
        expected.situation.council_area.name,
        expected.council_area.name,
    )
    assert got.event is None and expected.event is None  # a nullable join left empty stays empty
    assert TEAM_PERSON.first(team_id=adviser_a.team_id, ref=person_b.ref) is None  # another team's


def test_the_chosen_event_read_matches_the_orm_only_today_and_only_in_the_team(adviser_a, adviser_b, event_a, today):
    assert event_mode_for(user=adviser_a, today=today) is None
    EventMode.objects.create(user=adviser_a, event=event_a, chosen_on=today)
    expected = _chosen_event(user_id=adviser_a.pk, team_id=adviser_a.team_id, today=today).get()
    got = event_mode_for(user=adviser_a, today=today)
    assert field_values(got) == field_values(expected)
    assert got.situation.council_area.name == expected.situation.council_area.name
    assert event_mode_for(user=adviser_a, today=today + timedelta(days=1)) is None  # chosen for a day only
    assert CHOSEN_EVENT.first(user_id=adviser_a.pk, team_id=adviser_b.team_id, today=today) is None


def test_the_live_label_is_the_newest_activation(db, settings):
    ScorecardActivation.objects.all().delete()
    assert live_label() == settings.LIVE_SCORECARD
    ScorecardActivation.objects.create(label="rules-1.0")
    ScorecardActivation.objects.create(label="logistic-2.0")
    assert live_label() == "logistic-2.0"


def test_an_expired_or_unknown_session_starts_afresh(db):
    store = SessionStore()
    store["seen"] = 1
    store.create()
    assert SessionStore(store.session_key).load() == {"seen": 1}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    stale = SessionStore(store.session_key)
    assert stale.load() == {}
    assert stale.session_key is None
    assert SessionStore("x" * 32).load() == {}


def test_a_marker_the_query_does_not_use_is_refused(db):
    unused = PreparedRead(lambda *, pk: Person.objects.filter(pk=1)[:1], pk=MARKER_INT)
    with pytest.raises(ValueError, match="marker 'pk'"):
        unused.first(pk=3)
    with pytest.raises(TypeError, match="expected values"):
        TEAM_PERSON.first(team_id=1)


def test_each_thread_compiles_against_its_own_connection(reference_data_again, adviser_a):
    """Live-server tests and any threaded server run requests on other threads: each thread's
    compiled read is bound to that thread's connection, never shared."""
    answers = []

    def read():
        try:
            answers.append(USER_WITH_TEAM_AND_ROLES.first(user_id=adviser_a.pk).username)
        finally:
            connection.close()

    USER_WITH_TEAM_AND_ROLES.first(user_id=adviser_a.pk)
    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert answers == ["adviser_a"]


def test_a_person_not_in_the_team_is_a_404_for_every_role(client, adviser_b, evaluator, person_a):
    from django.http import Http404

    for user in (adviser_b, evaluator):
        with pytest.raises(Http404):
            person_get_for_user(user=user, ref=person_a.ref)
    assert Person.objects.filter(pk=person_a.pk).exists()


def test_the_latest_assessment_read_matches_the_orm(adviser_a, person_a, person_b):
    from tests.factories import assess
    from triage.selectors.people import latest_assessment

    assert latest_assessment(person=person_a) is None
    assess(adviser_a, person_a)
    newer = assess(adviser_a, person_a)
    got = latest_assessment(person=person_a)
    assert got.pk == newer.pk == person_a.assessments.first().pk
    assert field_values(got) == field_values(person_a.assessments.first())
    assert latest_assessment(person=person_b) is None
