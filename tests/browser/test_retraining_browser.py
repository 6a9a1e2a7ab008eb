"""The retraining pages in a real browser, each checked with axe-core: start, compare, make live."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_team_lead_browser import sign_in
from tests.factories import make_user
from tests.retrain_data import labelled_people
from triage.access import Role
from triage.models import CouncilArea, RetrainJob, RetrainStatus, Team, User
from triage.scorecard_files import live_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_retraining_pages_have_no_accessibility_violations(live_server, page, check_a11y, scorecard_dir, settings):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team)
    make_user("evaluator", Role.EVALUATOR)
    make_user("boss", Role.ADMIN, is_staff=True)
    labelled_people(adviser, team, CouncilArea.objects.get(name="Dundee City"), n_each=100)
    url = live_server.url

    sign_in(page, url, "evaluator")
    page.click("nav a:has-text('Retraining')")
    expect(page.locator("h1")).to_have_text("Retrain from recorded outcomes")
    check_a11y(page, "retraining form")

    page.fill("#id_seed", "twelve")
    page.click("button:has-text('Start retraining')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "retraining form with an error")

    page.fill("#id_seed", "12")
    page.click("button:has-text('Start retraining')")
    expect(page.locator("#verdict")).to_contain_text("the candidate’s AUC minus the live scorecard’s")
    check_a11y(page, "comparison")
    job = RetrainJob.objects.get()

    running = RetrainJob.objects.create(
        requested_by=User.objects.get(username="evaluator"),
        seed=1,
        live_label="rules-1.0",
        ltu_count=100,
        not_ltu_count=100,
        status=RetrainStatus.RUNNING,
        percent=45,
        stage="Turning the weights into points",
    )
    page.goto(f"{url}/evaluation/retraining/{running.pk}/")
    expect(page.locator("#progress-label")).to_contain_text("45% done")
    check_a11y(page, "running retraining")

    page.context.clear_cookies()
    sign_in(page, url, "boss")
    page.goto(f"{url}/evaluation/retraining/{job.pk}/")
    page.click(f"a:has-text('Make {job.candidate_label} live')")
    page.click("button:has-text('Make it live')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "make live with an error")
    page.fill("#id_reason", "Ranks the people we serve better than the live one.")
    page.click("button:has-text('Make it live')")
    expect(page.locator(".govuk-panel__title")).to_have_text(f"{job.candidate_label} is live")
    check_a11y(page, "candidate live")
    assert live_label() == job.candidate_label
