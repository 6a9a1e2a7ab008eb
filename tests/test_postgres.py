"""Behaviour that rests on the production database's own guarantees (PostgreSQL)."""

import psycopg
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from tests.postgres_plans import copies_of, numbered_names, plan
from triage.models import Assessment, Override

pytestmark = pytest.mark.postgres


def test_running_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_database_refuses_an_override_to_the_same_band(assessment_a, adviser_a):
    """Meta.constraints back the form: the database itself refuses a no-op override."""
    with pytest.raises(IntegrityError, match="override_changes_band"), transaction.atomic():
        Override.objects.create(
            assessment=assessment_a,
            team_id=assessment_a.team_id,
            from_band=assessment_a.effective_band,
            to_band=assessment_a.effective_band,
            reason_category="other",
            reason_text="Same band on purpose, to test the constraint.",
            created_by=adviser_a,
        )
    assert not Override.objects.exists()


def test_database_refuses_a_second_assessment_with_the_same_submission_token(assessment_a, adviser_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            **{
                f.name: getattr(assessment_a, f.name)
                for f in Assessment._meta.concrete_fields
                if f.name not in {"id", "created_at"}
            }
        )
    assert Assessment.objects.count() == 1


def test_override_add_locks_the_assessment_row(assessment_a, adviser_a):
    """override_add takes a row lock (SELECT … FOR UPDATE), so concurrent overrides queue."""
    from django.test.utils import CaptureQueriesContext

    from triage import services

    with CaptureQueriesContext(connection) as queries:
        services.override_add(
            assessment=assessment_a,
            to_band="high",
            reason_category="other",
            reason_text="Knows of a health condition not captured by the checklist.",
            acting_user=adviser_a,
        )
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("column", ["given_name_key", "family_name_key"])
def test_caseload_search_by_part_of_a_name_uses_a_trigram_index(team_lead_a, person_a, column):
    """A search for part of a name reads pg_trgm's index on the name keys rather than every row of the team."""
    from triage.selectors import caseload_filter

    copies_of(person_a, 20000, numbered_names)
    people = caseload_filter(user=team_lead_a, data={"q": "ampbe"}, today=None, scope="team").qs
    found = plan(people.order_by().values("pk"), seqscan=False)  # at 20,000 people a whole read is still cheapest
    assert f"person_{column}_trgm" in found, found


def test_connections_do_not_compile_queries(db):
    """JIT compilation costs more than the service's millisecond queries take: it is off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db(transaction=True)
def test_the_evaluators_figures_are_read_from_one_snapshot(reference_data_again, person_a, adviser_a, situation_a):
    """Disclosure control needs figures that add up: a person registered between two of the page's
    queries must not show in one and not the other (repeatable read, read only)."""
    import threading

    from tests.factories import register
    from triage.models import Person
    from triage.selectors.dashboard import one_snapshot

    def register_elsewhere():
        register(adviser_a, situation_a, given_name="Fiona", family_name="Grant")
        connection.close()  # this thread's own connection

    with one_snapshot():
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone()[0] == "repeatable read"
        before = Person.objects.count()
        other = threading.Thread(target=register_elsewhere)
        other.start()
        other.join()
        assert Person.objects.count() == before  # the snapshot does not move
    assert Person.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_the_same_override_sent_twice_at_the_same_moment_is_saved_once(reference_data_again, assessment_a, adviser_a):
    """Issue #11: two requests with the same override at once; the row lock makes the second wait,
    then find the first, so neither fails and one override is kept."""
    import threading

    from triage import services

    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(
                services.override_add(
                    assessment=assessment_a,
                    to_band="high",
                    reason_category="other",
                    reason_text="Knows of a health condition not captured by the checklist.",
                    acting_user=adviser_a,
                ).pk
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert Override.objects.count() == 1


def test_never_assessed_queue_reads_its_partial_index_in_order(team_lead_a, person_a):
    """The team lead's queue of people never assessed: with many waiting, a page comes off
    person_not_assessed_idx in order, without sorting them all. (With a few waiting, PostgreSQL
    rightly prefers to sort the few.)"""
    from django.utils import timezone

    from triage.selectors import not_assessed_people

    now = timezone.now()
    copies_of(person_a, 20000, lambda i: {"assessed_at": now if i < 50 else None})
    found = plan(not_assessed_people(user=team_lead_a).values("pk")[25:50])
    assert "person_not_assessed_idx" in found, found
    assert "Sort" not in found, found


def _served(app, path: str) -> str:
    """One request through the WSGI handler as gunicorn calls it, with its request_started and
    request_finished signals (the test Client leaves out the connection handling they carry)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, HTTP_HOST="localhost", SERVER_NAME="localhost")
    statuses = []
    body = app(environ, lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()
    return statuses[0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_without_an_error():
    """Issue #11: a worker keeps its connection between requests; when the database drops it
    (a restart, a network blip), the next request gets a new one rather than an error."""
    app = get_wsgi_application()
    assert _served(app, "/health/") == "200 OK"
    kept = connection.connection
    assert kept is not None  # persistent: still open after the request
    assert _served(app, "/health/") == "200 OK"
    assert connection.connection is kept  # and reused by the next one

    params = connection.get_connection_params()
    where = {key: params[key] for key in ("dbname", "user", "password", "host", "port") if key in params}
    with psycopg.connect(**where, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [kept.info.backend_pid])

    assert _served(app, "/health/") == "200 OK"
    assert connection.connection is not kept
