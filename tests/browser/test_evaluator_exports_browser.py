"""The evaluator's export pages in a real browser, each checked with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_team_lead_browser import sign_in
from tests.factories import HIGH_RISK_ANSWERS, assess, make_situation, make_user, register
from triage.access import Role
from triage.models import CouncilArea, ExportJob, ExportStatus, Team, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_export_pages_have_no_accessibility_violations(live_server, page, check_a11y, today):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team)
    make_user("evaluator", Role.EVALUATOR)
    situation = make_situation(team, CouncilArea.objects.get(name="Dundee City"), today)
    for i in range(6):
        assess(adviser, register(adviser, situation, given_name=f"Alex{i}"), HIGH_RISK_ANSWERS)
    url = live_server.url

    sign_in(page, url, "evaluator")
    page.click("nav a:has-text('Exports')")
    expect(page.locator("h1")).to_have_text("Anonymised export")
    check_a11y(page, "export form")

    page.click("button:has-text('Start the export')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "export form with an error")

    page.check("input[value=csv]")
    page.click("button:has-text('Start the export')")
    expect(page.locator(".govuk-panel__title")).to_have_text("Ready to download")
    check_a11y(page, "finished export")

    # Two more assessments: the same export again would isolate them (decision 0024).
    for i in (6, 7):
        assess(adviser, register(adviser, situation, given_name=f"Alex{i}"), HIGH_RISK_ANSWERS)
    page.click("nav a:has-text('Exports')")
    page.check("input[value=csv]")
    page.click("button:has-text('Start the export')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("could single people out")
    check_a11y(page, "export refused as too close to an earlier one")

    running = ExportJob.objects.create(
        requested_by=User.objects.get(username="evaluator"),
        format="parquet",
        k=5,
        status=ExportStatus.RUNNING,
        rows_total=10,
        rows_done=4,
    )
    page.goto(f"{url}/evaluation/exports/{running.pk}/")
    expect(page.locator("#progress-label")).to_contain_text("40% done")
    check_a11y(page, "running export")

    page.click("nav a:has-text('Data dictionary')")
    expect(page.locator("h1")).to_have_text("Data dictionary")
    check_a11y(page, "data dictionary")
