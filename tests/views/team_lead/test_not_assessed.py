"""The team lead's queue of people registered but never assessed (issue #11): reference, registered
date, days waiting, named adviser and redundancy, who has waited longest first, paged, and counted
on the home page."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import assess, register
from triage import selectors
from triage.models import AuditEvent, Person

pytestmark = pytest.mark.django_db

URL = reverse("not-assessed")


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


def registered_days_ago(person, days):
    """Registered at noon, local time, `days` calendar days ago: `now - days` would cross a clock
    change late in the evening (23:30 in December is 00:30 in August's summer time, a day later)."""
    noon = datetime.combine(timezone.localdate() - timedelta(days=days), time(12))
    Person.objects.filter(pk=person.pk).update(created_at=timezone.make_aware(noon))


@pytest.fixture
def waiting(adviser_a, team_lead_a, situation_a):
    """Three people of team A never assessed, registered 3, 30 and 10 days ago; one assessed."""
    people = {}
    for name, days in [("Three", 3), ("Thirty", 30), ("Ten", 10)]:
        people[name] = register(adviser_a, situation_a, given_name=name)
        registered_days_ago(people[name], days)
    assessed = register(adviser_a, situation_a, given_name="Assessed")
    registered_days_ago(assessed, 60)
    assess(adviser_a, assessed)
    return people


def test_lists_the_never_assessed_oldest_first(team_lead_a_client, waiting, person_b, today):
    response = team_lead_a_client.get(URL)
    rows = response.context["page"].object_list
    assert [row["ref"] for row in rows] == [waiting[n].ref for n in ("Thirty", "Ten", "Three")]
    assert [row["days_waiting"] for row in rows] == [30, 10, 3]
    assert rows[0]["adviser"] == "Ailsa MacLeod"
    assert rows[0]["registered"] == today - timedelta(days=30)
    html = response.content.decode()
    assert "3 people waiting" in html
    assert f'href="{reverse("person-detail", args=[waiting["Thirty"].ref])}"' in html
    assert "Clydeside Fabrication Ltd (" in html
    assert person_b.ref not in html  # another team's


def test_a_person_with_no_named_adviser_says_so(team_lead_a_client, waiting):
    Person.objects.filter(pk=waiting["Ten"].pk).update(adviser=None)
    assert "None named" in team_lead_a_client.get(URL).content.decode()


def test_is_paged(team_lead_a_client, adviser_a, situation_a):
    for i in range(27):
        registered_days_ago(register(adviser_a, situation_a, given_name=f"Person{i:02d}"), 100 - i)
    first = team_lead_a_client.get(URL).context["page"]
    second = team_lead_a_client.get(URL, {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list)) == (25, 2)
    assert first.object_list[0]["days_waiting"] == 100
    assert second.object_list[-1]["days_waiting"] == 74
    assert team_lead_a_client.get(URL, {"page": "x\x00"}).status_code == 200


def test_empty_queue_says_no_one_is_waiting(team_lead_a_client, person_a, adviser_a):
    assess(adviser_a, person_a)
    assert "No one is waiting" in team_lead_a_client.get(URL).content.decode()


def test_viewing_is_audited(team_lead_a_client, team_lead_a, waiting):
    team_lead_a_client.get(URL)
    assert AuditEvent.objects.filter(user=team_lead_a, detail="queue not_assessed").exists()


def test_home_counts_the_queue_and_links_to_it(team_lead_a_client, waiting, person_b):
    html = team_lead_a_client.get(reverse("home")).content.decode()
    assert 'id="queue-not_assessed">3</strong>' in html
    assert f'href="{URL}">View<span class="govuk-visually-hidden"> registered, never assessed' in html


def test_adviser_cannot_open_it(adviser_a_client, waiting):
    assert adviser_a_client.get(URL).status_code == 403


def test_counted_and_listed_off_the_queue_index_without_a_sort(team_lead_a, waiting):
    """At 200k people the queue must not read or sort the team's assessed people."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's plan; tests/test_postgres.py reads PostgreSQL's")
    people = selectors.not_assessed_people(user=team_lead_a)

    def plan(query) -> str:
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            return " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())

    page = plan(people.values("pk")[25:50])  # a page's ids, in order, off the partial index
    assert "person_not_assessed_idx" in page, page
    assert "TEMP B-TREE" not in page, page
    count = plan(people.order_by().values("pk"))  # the count: a range of the never-assessed only
    assert (count.startswith("SEARCH") and "assessed_at=?" in count) or "person_not_assessed_idx" in count, count
