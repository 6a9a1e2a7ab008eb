"""Retraining from recorded outcomes: refused with too few of an outcome, a job that writes a
candidate and compares it, the sweep, and making it live through the activation path."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.retrain_data import labelled_people
from triage.models import AuditAction, AuditEvent, RetrainJob, RetrainStatus, ScorecardActivation
from triage.scorecard_files import live_label, model_card_path, scorecard_by_label
from triage.scoring import ScorecardError, check_declined_rule
from triage.selectors.retraining import recorded_outcome_counts, training_frame
from triage.services.retraining import RetrainRefused, retrain_jobs_sweep, retrain_make_live, retrain_request

pytestmark = pytest.mark.django_db


def test_too_few_of_either_outcome_is_refused_and_saves_nothing(settings, adviser_a, team_a, glasgow, evaluator):
    labelled_people(adviser_a, team_a, glasgow, n_each=12)
    settings.RETRAIN_MIN_PER_CLASS = 13
    with pytest.raises(RetrainRefused, match="at least 13 people of each outcome, and 12 are recorded as long-term"):
        retrain_request(acting_user=evaluator)
    assert RetrainJob.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.RETRAINING_STARTED).exists()


def test_the_training_frame_has_one_row_per_labelled_person_and_no_identifier(recorded_outcomes, adviser_a):
    Person = type(recorded_outcomes[0])
    Person.objects.filter(pk=recorded_outcomes[0].pk).update(ltu_label=None)  # unknown: never a row
    frame = training_frame()
    assert len(frame) == 299
    assert set(frame["ltu"]) == {0, 1}
    assert not {"ref", "pk", "id", "given_name", "date_of_birth"} & set(frame.columns)
    assert (frame["council_area_code"] == "S12000049").all()  # Glasgow City
    assert recorded_outcome_counts().people == 299


@pytest.fixture
def done_job(scorecard_dir, recorded_outcomes, evaluator):
    job = retrain_request(acting_user=evaluator, seed=7)  # the immediate backend runs it here
    job.refresh_from_db()
    return job


def test_a_job_writes_a_candidate_that_loads_obeys_the_declined_rule_and_is_not_live(done_job, scorecard_dir):
    assert done_job.status == RetrainStatus.DONE, done_job.message
    assert done_job.percent == 100
    assert done_job.candidate_label.startswith("retrained-")
    card = scorecard_by_label(done_job.candidate_label)
    check_declined_rule(card)
    assert (scorecard_dir / done_job.candidate_label / "pipeline.joblib").is_file()
    assert live_label() != done_job.candidate_label
    assert (done_job.ltu_count, done_job.not_ltu_count, done_job.held_out_count) == (150, 150, 75)
    comparison = done_job.comparison
    assert comparison["held_out"]["n"] == 75
    assert comparison["held_out"]["ltu"] in (37, 38)
    assert comparison["cards"]["live"]["label"] == done_job.live_label
    assert set(comparison["auc_difference"]) >= {"value", "low", "high"}
    assert AuditEvent.objects.filter(action=AuditAction.RETRAINING_STARTED, detail=f"retraining job {done_job.pk}")


def test_the_candidates_model_card_says_what_it_was_trained_on(done_job):
    text = model_card_path(done_job.candidate_label).read_text()
    assert "Trained on recorded outcomes, not the synthetic cohort" in text
    assert "the 300 people in PACE Triage" in text
    assert "(150 long-term unemployed, 150 not)" in text
    assert "from 12 January 2026 to" in text
    assert "225 people were used to fit it and 75 were held out" in text
    assert "SYNTHETIC DATA" not in text


def test_the_sweep_fails_a_job_whose_worker_stopped(evaluator, settings):
    job = RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.RUNNING,
        progress_at=timezone.now() - timedelta(minutes=settings.RETRAIN_STALL_MINUTES + 1),
    )
    fresh = RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.RUNNING,
        progress_at=timezone.now(),
    )
    assert retrain_jobs_sweep() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == RetrainStatus.FAILED
    assert "worker ended" in job.message
    assert fresh.status == RetrainStatus.RUNNING


def test_an_admin_makes_the_candidate_live_with_a_reason(done_job, admin_user):
    activation = retrain_make_live(job=done_job, acting_user=admin_user, reason="  Better calibrated on our people.  ")
    assert live_label() == done_job.candidate_label
    assert activation.reason == "Better calibrated on our people."
    assert activation.activated_by == admin_user
    assert AuditEvent.objects.filter(
        user=admin_user, action=AuditAction.SCORECARD_ACTIVATED, detail__startswith=done_job.candidate_label
    ).exists()


def test_an_evaluator_cannot_make_it_live(done_job, evaluator):
    before = live_label()
    with pytest.raises(PermissionDenied):
        retrain_make_live(job=done_job, acting_user=evaluator, reason="Looks better to me.")
    assert live_label() == before
    assert not ScorecardActivation.objects.filter(label=done_job.candidate_label).exists()


def test_a_candidate_that_breaks_the_declined_rule_is_refused(done_job, admin_user, scorecard_dir):
    path = scorecard_dir / done_job.candidate_label / "scorecard.toml"
    text = path.read_text()
    # Give "prefer not to say" points on Q1: the rule of decision 0008 forbids it.
    path.write_text(text.replace("[points.q1_qualifications]", "[points.q1_qualifications]\nprefer_not_to_say = 5", 1))
    with pytest.raises(ScorecardError):
        retrain_make_live(job=done_job, acting_user=admin_user, reason="Should be refused anyway.")
    assert live_label() != done_job.candidate_label
