"""The team lead's and evaluator's pages in a real browser, each checked with axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import HIGH_RISK_ANSWERS, add_queried_override, assess, make_situation, make_user, register
from triage.access import Role
from triage.models import CouncilArea, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")


def test_team_lead_pages_have_no_accessibility_violations(live_server, page, check_a11y, today):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Rohan", last_name="Mehta")
    lead = make_user("teamlead", Role.TEAM_LEAD, team, first_name="Eilidh", last_name="Grant")
    make_user("evaluator", Role.EVALUATOR)
    situation = make_situation(team, CouncilArea.objects.get(name="Dundee City"), today - timedelta(days=30))
    for i, name in enumerate(["Campbell", "Stewart", "Reid"]):
        person = register(adviser, situation, family_name=name, given_name=f"Alex{i}")
        assessment = assess(adviser, person, HIGH_RISK_ANSWERS if i else None)
    add_queried_override(adviser, lead, assessment, to_band="medium")
    url = live_server.url

    sign_in(page, url, "teamlead")
    expect(page.locator("h1")).to_have_text("PACE Tay and Fife")
    expect(page.locator("#queue-overrides")).to_be_visible()
    check_a11y(page, "team lead home")

    page.goto(f"{url}/caseload/?scope=team&band=high&sort=-assessed")
    expect(page.locator("h1")).to_have_text("Team caseload")
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    check_a11y(page, "caseload filtered and sorted")

    page.goto(f"{url}/caseload/?scope=team&queue=incomplete")
    check_a11y(page, "queue")

    page.goto(f"{url}/team/overrides/?status=queried")
    page.click("table a:has-text('Review')")
    page.click("button:has-text('Save review')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "override review errors")

    page.goto(f"{url}/team/dashboard/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check_a11y(page, "team dashboard")

    page.click("button:has-text('Sign out')")
    sign_in(page, url, "adviser")
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    check_a11y(page, "adviser home with a query")
    page.click(".govuk-notification-banner a")
    page.click("button:has-text('Send answer')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "answer errors")

    page.click("button:has-text('Sign out')")
    sign_in(page, url, "evaluator")
    expect(page).to_have_url(f"{url}/evaluation/dashboard/")
    check_a11y(page, "evaluator dashboard")
    page.goto(f"{url}/people/")
    expect(page.locator("h1")).to_have_text("This page is not available to your role")
    check_a11y(page, "not available to your role")
    page.goto(f"{url}/scorecards/logistic-1.1/")
    check_a11y(page, "model card")

    assert len(check_a11y.checked) == 10
