"""Event mode on a 768 px tablet, with axe-core on every page: pick the event, register a person,
the checklist, the result, support, and the home page showing the person and their stage.
Then the team lead's queue of people registered but never assessed."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import HIGH_RISK_ANSWERS, make_situation, make_user, register
from triage.access import Role
from triage.models import CouncilArea, Event, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")


def test_event_mode_journey_at_768_px_has_no_accessibility_violations(live_server, page, check_a11y, today):
    page.set_viewport_size({"width": 768, "height": 1024})
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    make_user("teamlead", Role.TEAM_LEAD, team, first_name="Eilidh", last_name="Grant")
    glasgow = CouncilArea.objects.get(name="Glasgow City")
    make_situation(team, glasgow, today - timedelta(days=10), employer="Northbank Contact Centre")
    situation = make_situation(team, glasgow, today - timedelta(days=30))
    Event.objects.create(situation=situation, kind=Event.Kind.ON_SITE, held_on=today, location="Staff canteen")
    waiting = register(adviser, situation, given_name="Waiting", family_name="Person")
    url = live_server.url

    sign_in(page, url, "adviser")
    expect(page.locator("h1")).to_have_text("PACE Glasgow and Clyde")
    page.click("text=Working at an event today? Choose the event")
    check_a11y(page, "choose an event")
    page.click("button:has-text('Work at this event')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "choose an event errors")
    page.check("label:has-text('Staff canteen')")
    page.click("button:has-text('Work at this event')")
    expect(page.locator("#event-mode-title")).to_have_text("Working at Clydeside Fabrication Ltd")
    expect(page.locator("#seen-today")).to_have_text("No one seen at this event today yet.")
    check_a11y(page, "home in event mode, no one yet")

    page.click("nav a:has-text('Register a person')")
    expect(page.locator("#id_situation option:checked")).to_contain_text("Clydeside Fabrication Ltd")
    expect(page.locator("#id_event option:checked")).to_contain_text("Staff canteen")
    check_a11y(page, "register in event mode")
    page.fill("#id_given_name", "Morag")
    page.fill("#id_family_name", "Campbell")
    page.fill("#id_date_of_birth_0", "27")
    page.fill("#id_date_of_birth_1", "3")
    page.fill("#id_date_of_birth_2", "1968")
    page.select_option("#id_council_area", label="Glasgow City")
    page.check("#id_consent_given")
    page.click("button:has-text('Register person')")
    # At an event the checklist follows registration straight away.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Morag Campbell registered")
    expect(page.locator("#checklist-event")).to_contain_text("Staff canteen")
    check_a11y(page, "checklist in event mode")
    for code, value in HIGH_RISK_ANSWERS.items():
        page.check(f"input[name={code}][value={value}]")
    page.click("button:has-text('Save and see the result')")
    expect(page.locator("h1")).to_have_text("Checklist result")
    check_a11y(page, "result in event mode")

    page.click("nav a:has-text('Home')")
    expect(page.locator("#seen-today tbody tr")).to_have_count(1)
    expect(page.locator("#seen-today tbody tr").first).to_contain_text("Checklist done")
    check_a11y(page, "home with a person assessed")

    page.click("#seen-today a:has-text('Record support')")
    page.check("label:has-text('Employability advice')")
    check_a11y(page, "choose support in event mode")
    page.click("button:has-text('Continue')")
    page.check("label:has-text('Skills Development Scotland')")
    page.check("input[name=status][value=referred]")
    check_a11y(page, "support in event mode")
    page.click("button:has-text('Save support')")  # agreed today, as it starts
    expect(page.locator("h1")).to_have_text("Morag Campbell")

    page.click("nav a:has-text('Home')")
    row = page.locator("#seen-today tbody tr").first
    expect(row).to_contain_text("Morag Campbell")
    expect(row).to_contain_text("Support agreed")
    check_a11y(page, "home with the person's stage")
    row.locator("a:has-text('Morag Campbell')").click()
    expect(page.locator("h1")).to_have_text("Morag Campbell")

    page.click("nav a:has-text('Home')")
    page.click("a:has-text('Switch event')")
    expect(page.locator("#event-mode-current")).to_contain_text("Staff canteen")
    check_a11y(page, "switch event")

    page.click("nav a:has-text('Home')")
    page.click("button:has-text('Leave event mode')")
    expect(page.locator("text=You have left event mode")).to_be_visible()
    expect(page.locator("#seen-today")).to_have_count(0)
    page.click("button:has-text('Sign out')")

    sign_in(page, url, "teamlead")
    expect(page.locator("#queue-not_assessed")).to_have_text("1")
    page.click("a:has-text('View registered, never assessed')")
    expect(page.locator("h1")).to_have_text("Registered, never assessed")
    expect(page.locator("#not-assessed tbody tr")).to_have_count(1)
    expect(page.locator("#not-assessed tbody tr").first).to_contain_text(waiting.ref)
    check_a11y(page, "never assessed queue")

    assert len(check_a11y.checked) >= 10
