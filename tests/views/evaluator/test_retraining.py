"""The retraining pages: start a job (refused with too few outcomes), watch it, read the comparison;
an admin makes the candidate live with a reason, an evaluator cannot."""

import pytest
from django.urls import reverse

from tests.retrain_data import SECRET_NAMES, labelled_people
from tests.views.form_errors import assert_form_error
from tests.views.test_no_code_names import CODE_NAME, readable_text
from triage.models import AuditAction, AuditEvent, RetrainJob, RetrainStatus, ScorecardActivation
from triage.scorecard_files import live_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator_client(client, evaluator):
    client.force_login(evaluator)
    return client


def _no_identifiers(page: str, people) -> None:
    for name in SECRET_NAMES:
        assert name not in page
    for person in people[:20]:
        assert person.ref not in page
        assert f"{person.date_of_birth:%d/%m/%Y}" not in page


def test_too_few_outcomes_are_refused_on_the_form_and_start_nothing(
    evaluator_client, settings, adviser_a, team_a, glasgow
):
    labelled_people(adviser_a, team_a, glasgow, n_each=3)
    settings.RETRAIN_MIN_PER_CLASS = 50
    response = evaluator_client.post(reverse("retrain-list"), {"seed": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Too few recorded outcomes to retrain: retraining needs at least 50 people of each outcome" in page
    assert "3 are recorded as long-term unemployed and 3 are recorded as not long-term unemployed" in page
    assert RetrainJob.objects.count() == 0


def test_a_seed_that_is_not_a_number_is_shown_beside_the_field(evaluator_client):
    response = evaluator_client.post(reverse("retrain-list"), {"seed": "twelve"})
    assert_form_error(response, "Seed must be a whole number, like 20261207")
    assert RetrainJob.objects.count() == 0


def test_a_job_runs_and_its_page_sets_the_candidate_beside_the_live_card(
    evaluator_client, scorecard_dir, recorded_outcomes
):
    live = live_label()
    response = evaluator_client.post(reverse("retrain-list"), {"seed": "11"}, follow=True)
    job = RetrainJob.objects.get()
    assert job.status == RetrainStatus.DONE, job.message
    assert response.redirect_chain[-1][0] == reverse("retrain-job", args=[job.pk])
    page = response.content.decode()
    assert f"The candidate, <strong>{job.candidate_label}</strong>, is ready. It is not live" in page
    assert "the candidate’s AUC minus the live scorecard’s is" in page
    assert f"Live: {live}" in page
    assert f"Candidate: {job.candidate_label}" in page
    assert "Calibration slope" in page
    assert "Highest-risk share" in page
    assert "Fairness: the largest gap between groups" in page
    assert "How these figures were worked out" in page
    assert "Only an admin can make the candidate live." in page
    assert reverse("retrain-make-live", args=[job.pk]) not in page
    assert "Check progress" not in page
    _no_identifiers(page, recorded_outcomes)

    listing = evaluator_client.get(reverse("retrain-list")).content.decode()
    assert job.candidate_label in listing
    assert "Recorded as long-term unemployed" in listing
    _no_identifiers(listing, recorded_outcomes)

    card_page = evaluator_client.get(reverse("model-card", args=[job.candidate_label]))
    assert "Trained on recorded outcomes, not the synthetic cohort" in card_page.content.decode()
    assert not CODE_NAME.findall(readable_text(card_page))
    assert not CODE_NAME.findall(readable_text(response))
    assert live_label() == live


def test_a_running_job_shows_its_progress_and_a_button_to_check_again(evaluator_client, evaluator):
    job = RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.RUNNING,
        percent=45,
        stage="Turning the weights into points",
    )
    page = evaluator_client.get(reverse("retrain-job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "Running: 45% done (Turning the weights into points)" in page
    assert 'width="45"' in page
    assert f'href="{reverse("retrain-job", args=[job.pk])}">Check progress' in page


def test_a_failed_job_says_why(evaluator_client, evaluator):
    job = RetrainJob.objects.create(
        requested_by=evaluator,
        seed=1,
        live_label="rules-1.0",
        ltu_count=60,
        not_ltu_count=60,
        status=RetrainStatus.FAILED,
        message="The retraining stopped: its worker ended before it finished. Start it again.",
    )
    page = evaluator_client.get(reverse("retrain-job", args=[job.pk])).content.decode()
    assert "The retraining failed" in page
    assert "its worker ended before it finished" in page


@pytest.fixture
def done_job(scorecard_dir, recorded_outcomes, evaluator):
    from triage.services.retraining import retrain_request

    job = retrain_request(acting_user=evaluator, seed=7)
    job.refresh_from_db()
    assert job.status == RetrainStatus.DONE, job.message
    return job


def test_an_admin_makes_the_candidate_live_with_a_reason(client, admin_user, done_job, recorded_outcomes):
    client.force_login(admin_user)
    page = client.get(reverse("retrain-job", args=[done_job.pk])).content.decode()
    assert f'href="{reverse("retrain-make-live", args=[done_job.pk])}">Make {done_job.candidate_label} live' in page

    url = reverse("retrain-make-live", args=[done_job.pk])
    form = client.get(url).content.decode()
    assert "Why should this candidate go live?" in form
    _no_identifiers(form, recorded_outcomes)

    response = client.post(url, {"reason": "Ranks our own people better, and calibration is closer."}, follow=True)
    assert live_label() == done_job.candidate_label
    activation = ScorecardActivation.objects.latest()
    assert activation.reason == "Ranks our own people better, and calibration is closer."
    assert activation.activated_by == admin_user
    assert AuditEvent.objects.filter(user=admin_user, action=AuditAction.SCORECARD_ACTIVATED).exists()
    assert f"{done_job.candidate_label} is live" in response.content.decode()


def test_a_blank_reason_is_shown_beside_the_field_and_changes_nothing(client, admin_user, done_job):
    client.force_login(admin_user)
    before = ScorecardActivation.objects.count()
    response = client.post(reverse("retrain-make-live", args=[done_job.pk]), {"reason": "   "})
    assert_form_error(response, "Enter why the candidate should go live")
    assert ScorecardActivation.objects.count() == before
    assert live_label() != done_job.candidate_label


def test_an_evaluator_cannot_make_it_live(evaluator_client, done_job):
    url = reverse("retrain-make-live", args=[done_job.pk])
    assert evaluator_client.get(url).status_code == 403
    response = evaluator_client.post(url, {"reason": "I think it is better than the live one."})
    assert response.status_code == 403
    assert live_label() != done_job.candidate_label
    assert not ScorecardActivation.objects.filter(label=done_job.candidate_label).exists()


def test_a_job_without_a_candidate_cannot_go_live(client, admin_user, evaluator):
    job = RetrainJob.objects.create(
        requested_by=evaluator, seed=1, live_label="rules-1.0", ltu_count=60, not_ltu_count=60
    )
    client.force_login(admin_user)
    before = live_label()
    response = client.post(reverse("retrain-make-live", args=[job.pk]), {"reason": "Trying before it has finished."})
    assert response.status_code == 200
    assert "This retraining has no candidate to make live" in response.content.decode()
    assert live_label() == before


@pytest.mark.parametrize("role_fixture", ["adviser_a", "team_lead_a"])
def test_advisers_and_team_leads_are_refused(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("retrain-list")).status_code == 403
    assert client.post(reverse("retrain-list"), {"seed": "1"}).status_code == 403
    assert RetrainJob.objects.count() == 0
