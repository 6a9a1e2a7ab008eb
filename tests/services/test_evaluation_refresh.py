"""The evaluator's figures stored and refreshed in the background: one refresh asked for after a burst
of writes, the task storing figures at the new version, the sweep, and nothing identifiable stored."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import triage.selectors.evaluation as evaluation
from tests.factories import assess, record_follow_up, register
from tests.views.evaluator.test_evaluation import make_followed_people
from triage import services
from triage.lib import figures_json
from triage.models import AuditAction, EvaluationSnapshot, ScorecardActivation
from triage.services.evaluation import evaluation_figures_refresh, evaluation_figures_sweep
from triage.services.evaluation_requests import CHANGES_FIGURES, _last_asked, evaluation_refresh_request
from triage.tasks import refresh_evaluation_figures

TASK_PATH = refresh_evaluation_figures.module_path


@pytest.fixture
def queued(settings):
    """The real database backend (rows in DBTaskResult, run by nobody), and writes asking for refreshes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EVALUATION_REFRESH_AFTER_WRITES = True
    settings.EVALUATION_REFRESH_DELAY_SECONDS = 30
    _last_asked.clear()  # this process has not asked yet


def refreshes(status="READY"):
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status=status)


@pytest.fixture
def followed(evaluator, adviser_a, team_a, glasgow, today):
    ScorecardActivation.objects.create(label="logistic-1.1", activated_by=evaluator, note="tests")
    return make_followed_people(adviser_a, team_a, glasgow, today)


def test_a_burst_of_writes_asks_for_one_refresh_after_they_commit(
    queued, followed, adviser_a, today, django_capture_on_commit_callbacks
):
    person = followed[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_follow_up(
            adviser_a, person, person.situation.notified_date + timedelta(days=200), "employed", today=today
        )
        later = register(adviser_a, person.situation, family_name="Later")
        assess(adviser_a, later, today=today - timedelta(days=400))

    assert len(callbacks) == 3  # one per write, each asking once the write has committed
    waiting = refreshes().get()
    assert timezone.now() + timedelta(seconds=20) < waiting.run_after <= timezone.now() + timedelta(seconds=30)


def test_running_the_refresh_stores_figures_at_the_new_version(
    queued, followed, adviser_a, today, django_capture_on_commit_callbacks
):
    evaluation_figures_refresh()
    before = dict(EvaluationSnapshot.objects.values_list("name", "computed_at"))
    person = followed[1]
    with django_capture_on_commit_callbacks(execute=True):
        record_follow_up(
            adviser_a, person, person.situation.notified_date + timedelta(days=300), "employed", today=today
        )
    version = evaluation.snapshot_version(today)
    assert set(evaluation.stale_figure_sets(version=version)) == set(evaluation.FIGURE_SETS)

    stored = refresh_evaluation_figures.call()

    assert sorted(stored) == sorted(evaluation.FIGURE_SETS)
    assert evaluation.stale_figure_sets(version=version) == []
    after = dict(EvaluationSnapshot.objects.values_list("name", "computed_at"))
    assert all(after[name] > before[name] for name in before)
    assert refresh_evaluation_figures.call() == []  # nothing changed since: nothing computed


def test_a_refresh_already_running_does_not_stop_another_being_asked_for(queued, followed):
    assert evaluation_refresh_request() is True
    assert evaluation_refresh_request() is False  # one is waiting
    refreshes().update(status="RUNNING")  # it may have read the data before the change

    assert evaluation_refresh_request() is True
    assert refreshes().count() == 1 and refreshes("RUNNING").count() == 1


def test_a_write_that_changes_no_figure_asks_for_nothing(
    queued, followed, adviser_a, evaluator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.audit_record(acting_user=evaluator, action=AuditAction.PERSON_VIEWED, person=followed[0])
        services.audit_record(acting_user=evaluator, action=AuditAction.CASELOAD_VIEWED)

    assert callbacks == [] and not refreshes().exists()
    assert AuditAction.FOLLOW_UP_RECORDED in CHANGES_FIGURES and AuditAction.PERSON_VIEWED not in CHANGES_FIGURES


def test_the_sweep_asks_for_a_refresh_only_while_figures_are_missing_or_stale(queued, followed):
    assert evaluation_figures_sweep() is True  # nothing stored yet: loaded in bulk, or a fresh install
    refreshes().delete()
    evaluation_figures_refresh()

    assert evaluation_figures_sweep() is False
    assert not refreshes().exists()


def test_the_sweep_refreshes_figures_stored_in_an_older_format(queued, followed, monkeypatch):
    evaluation_figures_refresh()
    monkeypatch.setattr(evaluation, "FIGURES_FORMAT", evaluation.FIGURES_FORMAT + 1)

    assert evaluation_figures_sweep() is True


def test_stored_figures_round_trip_and_hold_nobody_identifiable(followed):
    evaluation_figures_refresh()

    payloads = dict(EvaluationSnapshot.objects.values_list("name", "payload"))
    assert sorted(payloads) == sorted(evaluation.FIGURE_SETS)
    for name, payload in payloads.items():
        assert figures_json.dumps(figures_json.loads(payload)) == payload, name
        for person in followed:
            for value in (person.given_name, person.family_name, person.email, person.phone, person.ref):
                assert value not in payload, (name, value)
            assert person.date_of_birth.isoformat() not in payload
        assert "G2 1AA" not in payload and "PA1 1XY" not in payload
        assert re.search(r"\bP-[0-9A-Z]{6}\b", payload) is None


def test_writes_soon_after_a_refresh_was_asked_for_cost_no_query(
    queued, followed, adviser_a, today, monkeypatch, django_capture_on_commit_callbacks
):
    """The refresh asked for waits EVALUATION_REFRESH_DELAY_SECONDS, so writes within that time are
    taken in by it: they neither ask again nor look for the waiting task."""
    clock = {"now": 1000.0}
    monkeypatch.setattr("triage.services.evaluation_requests.time.monotonic", lambda: clock["now"])
    person = followed[0]
    with django_capture_on_commit_callbacks(execute=True) as first:
        assess(adviser_a, person, today=today)
    assert len(first) == 1 and refreshes().count() == 1

    clock["now"] += 29
    with django_capture_on_commit_callbacks(execute=True) as soon:
        assess(adviser_a, person, today=today)
    assert soon == []

    clock["now"] += 2  # the delay is over: the refresh may have started, so the next write asks
    refreshes().update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True) as later:
        assess(adviser_a, person, today=today)
    assert len(later) == 1 and refreshes().count() == 1 and refreshes("RUNNING").count() == 1
