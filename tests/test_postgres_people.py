"""Finding and registering people on PostgreSQL: two registrations at once, and the indexes search reads."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.postgres_plans import copies_of, numbered_names, plan
from tests.views.adviser.test_person_add import person_data
from triage.models import Person

pytestmark = pytest.mark.postgres


def _send_at_once(user, data, times=2):
    """POST the registration form `times` times at the same moment, each from its own client and
    database connection; the responses' status codes and redirect targets."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def send():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            response = client.post(reverse("person-add"), data)
            results.append((response.status_code, response.get("Location")))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_person_at_the_same_moment_make_one_record(
    reference_data_again, adviser_a, situation_a
):
    """Issue #11: the team's row is locked before the duplicate check, so the second waits, then
    finds the first and is sent to it: one record, no server error."""
    results = _send_at_once(adviser_a, person_data(situation_a, email="eilidh@example.com"))

    person = Person.objects.get()
    assert results == [(302, reverse("person-detail", args=[person.ref]))] * 2


@pytest.mark.django_db(transaction=True)
def test_two_namesakes_registered_at_the_same_moment_are_one_record_and_one_warning(
    reference_data_again, adviser_a, situation_a, team_lead_a
):
    """Two advisers register the same person at once: the second is warned of the first."""
    data = person_data(situation_a)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send(user, extra):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            response = client.post(reverse("person-add"), {**data, **extra})
            results.append((response.status_code, response.content.decode()))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(adviser_a, {"email": "eilidh@example.com"})),
        threading.Thread(target=send, args=(team_lead_a, {"phone": "01632 960 001"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    person = Person.objects.get()
    assert sorted(status for status, _ in results) == [200, 302]
    warning = next(html for status, html in results if status == 200)
    assert "Your team may already have registered this person" in warning
    assert person.ref in warning


@pytest.mark.django_db(transaction=True)
def test_register_anyway_sent_twice_at_the_same_moment_makes_one_record(reference_data_again, adviser_a, situation_a):
    from tests.factories import register

    existing = register(adviser_a, situation_a, postcode="G2 1DH")
    data = {**person_data(situation_a), "confirm_not_duplicate": "on", "duplicates_seen": [existing.ref]}
    results = _send_at_once(adviser_a, data)

    new = Person.objects.exclude(pk=existing.pk).get()
    assert results == [(302, reverse("person-detail", args=[new.ref]))] * 2


def test_registration_locks_the_teams_row(adviser_a, situation_a):
    """The lock that queues two registrations of one team: SELECT … FOR UPDATE on its row."""
    from django.test.utils import CaptureQueriesContext

    from tests.factories import register

    with CaptureQueriesContext(connection) as queries:
        register(adviser_a, situation_a)
    assert any("FOR UPDATE" in q["sql"] and '"triage_team"' in q["sql"] for q in queries.captured_queries)


def test_accents_case_and_apostrophes_do_not_matter_to_search(adviser_a, situation_a):
    from tests.factories import register
    from triage.selectors import people_search

    siobhan = register(adviser_a, situation_a, given_name="Siobhán", family_name="O’Neill")
    for typed in ("siobhan oneill", "SIOBHAN O'NEILL", "Siobhán O’Neill", "o neill", "oneil"):
        assert list(people_search(user=adviser_a, query=typed)) == [siobhan], typed


@pytest.mark.parametrize("column", ["given_name_key", "family_name_key"])
def test_find_a_person_by_part_of_a_name_uses_a_trigram_index(adviser_a, person_a, column):
    """A search for part of a name reads pg_trgm's index on the name keys rather than every row."""
    from triage.selectors import people_search

    copies_of(person_a, 20000, numbered_names)
    found = plan(people_search(user=adviser_a, query="ampbe").order_by().values("pk"), seqscan=False)
    assert f"person_{column}_trgm" in found, found
