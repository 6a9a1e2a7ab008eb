"""TeamModelBackend: the signed-in user comes with their team, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from triage.access import Role
from triage.auth_backends import TeamModelBackend


@pytest.mark.django_db
def test_signed_in_user_comes_with_their_team_in_one_query(adviser_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = TeamModelBackend().get_user(adviser_a.pk)
        assert user.team.name == adviser_a.team.name


@pytest.mark.django_db
def test_a_deactivated_or_unknown_user_is_not_signed_in(team_a):
    gone = make_user("gone", Role.ADVISER, team=team_a, is_active=False)
    assert TeamModelBackend().get_user(gone.pk) is None
    assert TeamModelBackend().get_user(gone.pk + 1000) is None


def test_pages_read_the_team_with_the_user(adviser_a_client, adviser_a):
    """Every page names the signed-in user's team, and none reads it on its own."""
    with CaptureQueriesContext(connection) as queries:
        response = adviser_a_client.get("/")
    assert response.status_code == 200 and adviser_a.team.name in response.content.decode()
    team_reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "triage_team"')]
    assert team_reads == []


def test_changing_the_password_still_signs_other_sessions_out(adviser_a_client, adviser_a):
    """Django checks the session's password hash whichever backend loaded the user."""
    assert adviser_a_client.get("/").status_code == 200
    adviser_a.set_password("a-new-pass-456")
    adviser_a.save()
    response = adviser_a_client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
