"""Behaviour that rests on the production database's own guarantees (PostgreSQL)."""

import psycopg
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

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
    from django.forms.models import model_to_dict

    from triage.lib.text import name_key
    from triage.models import Person
    from triage.selectors import caseload_filter

    fields = model_to_dict(person_a, exclude=["id", "ref", "latest_assessment"])
    fields = {
        f"{k}_id" if k in {"team", "situation", "council_area", "created_by", "adviser", "event"} else k: v
        for k, v in fields.items()
    }
    Person.objects.bulk_create(
        Person(
            **{**fields, "ref": f"P-T{i:05d}", "given_name": f"Given{i:05d}", "family_name": f"Family{i:05d}"},
            given_name_key=name_key(f"Given{i:05d}"),
            family_name_key=name_key(f"Family{i:05d}"),
        )
        for i in range(20000)
    )
    with connection.cursor() as cursor:
        # Rows inserted in bulk wait in each GIN index's pending list until a vacuum moves them,
        # and the planner prices a long list dearly: move them now, as autovacuum would.
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid) FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid"
            " WHERE indrelid = 'triage_person'::regclass AND relam = (SELECT oid FROM pg_am WHERE amname = 'gin')"
        )
        cursor.execute("ANALYZE triage_person")
    people = caseload_filter(user=team_lead_a, data={"q": "ampbe"}, today=None, scope="team").qs
    sql, params = people.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # at 20,000 people a whole read is still cheapest
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"person_{column}_trgm" in plan, plan


def test_connections_do_not_compile_queries(db):
    """JIT compilation costs more than the service's millisecond queries take: it is off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.fixture
def reference_data_again(transactional_db):
    """A transactional test starts after others' flushes: put the migrations' reference data back."""
    from django.apps import apps

    from triage.reference_loader import load_reference_data

    load_reference_data(apps)


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
    from django.forms.models import model_to_dict
    from django.utils import timezone

    from triage.models import Person
    from triage.selectors import not_assessed_people

    fields = model_to_dict(person_a, exclude=["id", "ref", "latest_assessment"])
    fields = {
        f"{k}_id" if k in {"team", "situation", "council_area", "created_by", "adviser", "event"} else k: v
        for k, v in fields.items()
    }
    now = timezone.now()
    Person.objects.bulk_create(
        Person(**{**fields, "ref": f"P-A{i:05d}", "assessed_at": now if i < 50 else None}) for i in range(20000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE triage_person")
    sql, params = not_assessed_people(user=team_lead_a).values("pk")[25:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_not_assessed_idx" in plan, plan
    assert "Sort" not in plan, plan


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
