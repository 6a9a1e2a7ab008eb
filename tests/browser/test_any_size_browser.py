"""Pages at a phone's 320 px (WCAG 1.4.10 reflow) and the team lead's caseload at a tablet's 768 px,
each checked with axe-core and for sideways scrolling.

Issue #11, Accessible at any size: "at 320 px the find-a-person table, the person page's tables and
the result page's points table make the whole page scroll sideways; the model card's wide tables
scroll inside a region that a keyboard cannot reach; invalid caseload filter values show messages
beside the fields but no error summary". And: "The team lead's caseload fits a 768 px tablet
without cutting a column".
"""

from datetime import timedelta
from itertools import pairwise

import pytest
from playwright.sync_api import expect

from tests.factories import (
    HIGH_RISK_ANSWERS,
    add_intervention,
    add_queried_override,
    assess,
    make_situation,
    make_user,
    register,
)
from triage.access import Role
from triage.models import CouncilArea, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 320, "height": 640}
TABLET = {"width": 768, "height": 1024}


def sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).not_to_have_text("Sign in to PACE Triage")


def assert_stacked(table, label):
    """The table's first row is a block: its cells one under another, each shown after its column's
    name (as `label: ` before the value)."""
    cells = table.locator("tbody tr").first.locator("td, th")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(box["x"] == boxes[0]["x"] for box in boxes), "the cells are side by side, not stacked"
    assert all(later["y"] > earlier["y"] for earlier, later in pairwise(boxes))
    labels = cells.evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert any(label in shown for shown in labels), labels


def assert_no_sideways_page_scroll(page, what):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{what}: the page is {widths[0]} px wide in a {widths[1]} px window"


@pytest.fixture
def people(today):
    """Four people of one team, some with long names, employers and areas, assessed or not."""
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    lead = make_user("teamlead", Role.TEAM_LEAD, team, first_name="Morven", last_name="Sinclair")
    situations = [
        make_situation(team, CouncilArea.objects.get(name="Glasgow City"), today - timedelta(days=30)),
        make_situation(
            team,
            CouncilArea.objects.get(name="Clackmannanshire"),
            today - timedelta(days=20),
            employer="Northbank Contact Centre and Customer Services Ltd",
        ),
    ]
    people = []
    for i, (given, family) in enumerate(
        [("Morag", "Campbell"), ("Alexandra", "Montgomery-Campbell"), ("Iain", "Campbell"), ("Siobhán", "O’Neill")]
    ):
        person = register(
            adviser if i % 2 else lead,
            situations[i % 2],
            given_name=given,
            family_name=family,
            council_area=CouncilArea.objects.get(name=["Glasgow City", "Dumfries and Galloway"][i % 2]),
        )
        if i < 3:
            assess(adviser, person, HIGH_RISK_ANSWERS if i % 2 else None)
        if i < 2:
            add_intervention(adviser, person, status="started")
        people.append(person)
    return people


def test_adviser_pages_reflow_at_320_px_with_no_accessibility_violations(live_server, page, check_a11y, people):
    url = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, url, "adviser")

    page.goto(f"{url}/people/")
    page.fill("#q", "Campbell")
    page.click("button:has-text('Search')")
    results = page.locator("table.app-table-stack")
    expect(results.locator("tbody tr")).to_have_count(3)
    assert_stacked(results, "Date of birth")
    assert_no_sideways_page_scroll(page, "find a person")
    check_a11y(page, "find a person with results at 320 px")

    page.click("a:has-text('Alexandra Montgomery-Campbell')")
    expect(page.locator("h1")).to_have_text("Alexandra Montgomery-Campbell")
    assert_stacked(page.locator("table.app-table-stack"), "Delivered by")
    assert_no_sideways_page_scroll(page, "person page")
    check_a11y(page, "person page at 320 px")

    page.click("a:has-text('View result')")
    expect(page.locator("h1")).to_have_text("Checklist result")
    assert_stacked(page.locator("table.app-table-stack").first, "Points")
    assert_no_sideways_page_scroll(page, "result page")
    check_a11y(page, "result page at 320 px")

    page.goto(f"{url}/scorecards/logistic-1.0/")
    assert_no_sideways_page_scroll(page, "model card")
    # A table wider than the phone scrolls in its own named region, which a keyboard reaches and scrolls.
    region = page.locator(".app-table-scroll[role=region][tabindex='0']").filter(has=page.locator("table")).first
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    assert region.get_attribute("aria-label")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: wait for the box to move rather than read it at once.
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    check_a11y(page, "model card at 320 px")

    page.goto(f"{url}/caseload/?assessed_from=2026-13-45&band=critical")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(2)
    assert_no_sideways_page_scroll(page, "caseload with filter errors")
    check_a11y(page, "caseload filter errors at 320 px")
    summary.locator("a").first.click()
    expect(page.locator("#id_band_0")).to_be_focused()

    for link in ("Privacy", "Accessibility statement", "Cookies"):
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
        assert_no_sideways_page_scroll(page, link)
        check_a11y(page, f"{link} at 320 px")

    assert len(check_a11y.checked) == 8


def test_team_caseload_shows_every_column_at_768_px_without_scrolling(live_server, page, check_a11y, people, browser):
    url = live_server.url
    page.set_viewport_size(TABLET)
    sign_in(page, url, "teamlead")
    page.goto(f"{url}/caseload/")
    expect(page.locator("h1")).to_have_text("Team caseload")
    assert_every_column_shows(page, people)
    check_a11y(page, "team caseload at 768 px")

    # Sorting by the folded column still works from its header link, and says which way it sorts.
    page.get_by_role("link", name="Area", exact=True).click()
    expect(page).to_have_url(f"{url}/caseload/?sort=area")
    expect(page.get_by_role("link", name="Area (sorted ascending)")).to_be_visible()
    assert_every_column_shows(page, people)
    check_a11y(page, "team caseload sorted by area at 768 px")

    page.goto(f"{url}/caseload/?scope=team&assessed_to=2026-02-31")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("Correct the filters to download this list.")).to_be_visible()
    check_a11y(page, "team caseload filter errors at 768 px")

    # Without JavaScript the folded layout is the same: it is CSS alone.
    context = browser.new_context(java_script_enabled=False, viewport=TABLET)
    try:
        no_js = context.new_page()
        sign_in(no_js, url, "teamlead")
        no_js.goto(f"{url}/caseload/?sort=-area")
        assert_every_column_shows(no_js, people)
    finally:
        context.close()


def assert_every_column_shows(page, people):
    """Each column's header and each person's value in it can be seen, and nothing scrolls sideways."""
    assert_no_sideways_page_scroll(page, "caseload")
    box = page.locator(".app-table-scroll")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), "the caseload scrolls inside its box"
    width = page.viewport_size["width"]
    for label in ("Name", "Band", "Assessed", "Support", "Adviser", "Redundancy", "Area"):
        link = page.locator("thead").get_by_role("link", name=label)
        expect(link.first).to_be_visible()
        assert link.first.bounding_box()["x"] + link.first.bounding_box()["width"] <= width, label
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(people))
    for person in people:
        row = rows.filter(has_text=person.ref)
        text = row.inner_text()  # what is displayed: a column hidden by CSS would be missing here
        for value in (
            person.full_name,
            person.ref,
            person.situation.employer,
            person.council_area.name,
            person.adviser.get_full_name(),
        ):
            assert value in text, f"{value!r} is not shown for {person.ref}: {text!r}"
        assert ("risk" in text) or ("Not assessed" in text)
        assert row.bounding_box()["x"] + row.bounding_box()["width"] <= width


def test_team_lead_and_evaluator_pages_reflow_at_320_px(live_server, page, check_a11y, people):
    """The dashboards' tables of figures and the band changes per adviser scroll in their own
    regions; the band changes to review become one block each."""
    lead = people[0].created_by
    add_queried_override(people[1].adviser, lead, people[1].assessments.get(), to_band="medium")
    make_user("evaluator", Role.EVALUATOR)
    url = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, url, "teamlead")
    for path, what in [
        ("/team/dashboard/", "team dashboard"),
        ("/caseload/", "team caseload"),
        ("/team/overrides/?status=queried", "band changes"),
    ]:
        page.goto(f"{url}{path}")
        assert_no_sideways_page_scroll(page, what)
        check_a11y(page, f"{what} at 320 px")
    assert_stacked(page.locator("table.app-table-stack"), "Change")
    expect(page.get_by_role("region", name="Band changes per adviser")).to_be_visible()

    page.context.clear_cookies()  # signed out (the menu's Sign out is behind its toggle on a phone)
    sign_in(page, url, "evaluator")
    page.goto(f"{url}/evaluation/dashboard/")
    assert_no_sideways_page_scroll(page, "evaluator dashboard")
    check_a11y(page, "evaluator dashboard at 320 px")
