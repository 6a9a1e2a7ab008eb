"""The evaluator's statistics pages in a real browser at 768 and 1280 px, each checked with axe-core."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_team_lead_browser import sign_in
from tests.factories import make_user, record_follow_up
from tests.views.evaluator.test_evaluation import make_followed_people
from triage.access import Role
from triage.models import CouncilArea, ScorecardActivation, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path("/tmp/evalpages")
PAGES = (
    ("Performance", "performance"),
    ("Cut-off explorer", "cutoffs"),
    ("Fairness", "fairness"),
    ("Overrides against outcomes", "overrides"),
    ("Time to work", "time-to-work"),
    ("Drift", "drift"),
)


@pytest.mark.parametrize("width", [768, 1280])
def test_statistics_pages_have_no_accessibility_violations(live_server, page, check_a11y, today, width):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team)
    evaluator = make_user("evaluator", Role.EVALUATOR)
    ScorecardActivation.objects.create(label="logistic-1.1", activated_by=evaluator, note="browser test")
    people = make_followed_people(adviser, team, CouncilArea.objects.get(name="Dundee City"), today)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})

    sign_in(page, live_server.url, "evaluator")
    page.click("nav a:has-text('How the model does')")
    for title, slug in PAGES:
        page.click(f".app-side-navigation a:has-text('{title}')")
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("body")).to_contain_text("Figures computed at")
        check_a11y(page, f"{title} at {width}px")
        page.screenshot(path=str(SCREENSHOTS / f"{slug}-{width}.png"), full_page=True)

    page.click(".app-side-navigation a:has-text('Cut-off explorer')")
    page.check("input[name=basis][value=share]")
    page.fill("#id_share", "lots")
    page.click("button:has-text('Show the figures')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the share flagged as a number")
    check_a11y(page, f"cut-off explorer with an error at {width}px")
    page.fill("#id_share", "20")
    page.click("button:has-text('Show the figures')")
    expect(page.locator("body")).to_contain_text("Share of all LTU people caught")
    check_a11y(page, f"cut-off explorer figures at {width}px")
    page.screenshot(path=str(SCREENSHOTS / f"cutoffs-result-{width}.png"), full_page=True)

    # With JavaScript a change shows the new figures in place, and the address follows.
    page.check("input[name=source][value=training]")
    expect(page).to_have_url(re.compile(r"source=training"))
    expect(page.locator("#explorer-results")).to_contain_text("training cohort")
    expect(page.locator("#explorer-results")).to_contain_text("100,000")
    check_a11y(page, f"cut-off explorer on the training cohort at {width}px")

    # A change since the figures were stored: the page shows them, saying they are being refreshed.
    record_follow_up(adviser, people[0], today - timedelta(days=10), "employed", today=today)
    page.click(".app-side-navigation a:has-text('Performance')")
    expect(page.locator(".govuk-inset-text")).to_contain_text("being refreshed")
    check_a11y(page, f"figures being refreshed at {width}px")
    page.screenshot(path=str(SCREENSHOTS / f"performance-stale-{width}.png"), full_page=True)
