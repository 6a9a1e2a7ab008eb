"""The adviser journey in a real browser, with axe-core on every page and error state.

axe-core comes inside the axe-playwright-python wheel; nothing is downloaded.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import HIGH_RISK_ANSWERS, make_situation, make_user
from triage.access import Role
from triage.models import CouncilArea, Event, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_adviser_journey_in_browser_has_no_accessibility_violations(live_server, page, check_a11y, today):
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    glasgow = CouncilArea.objects.get(name="Glasgow City")
    situation = make_situation(team, glasgow, today - timedelta(days=30))
    Event.objects.create(
        situation=situation, kind=Event.Kind.ON_SITE, held_on=today - timedelta(days=20), location="Canteen"
    )
    url = live_server.url

    page.goto(f"{url}/accounts/login/")
    check_a11y(page, "sign in")
    page.fill("#id_username", "adviser")
    page.fill("#id_password", "wrong password")
    page.click("button:has-text('Sign in')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "sign in error")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")

    expect(page.locator("h1")).to_have_text("PACE Glasgow and Clyde")
    check_a11y(page, "home")
    page.click("nav a:has-text('Find a person')")
    expect(page.locator("h1")).to_have_text("Find a person")
    check_a11y(page, "find a person")

    page.click("text=Register a new person")
    check_a11y(page, "register")
    page.click("button:has-text('Register person')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text="Enter the person's first name")).to_be_visible()
    check_a11y(page, "register errors")

    page.fill("#id_given_name", "Morag")
    page.fill("#id_family_name", "Campbell")
    page.fill("#id_date_of_birth_0", "27")
    page.fill("#id_date_of_birth_1", "3")
    page.fill("#id_date_of_birth_2", "1968")
    page.select_option("#id_council_area", label="Glasgow City")
    page.fill("#id_ni_number", "AB 12 34 56 C")  # fictional-ni
    page.select_option("#id_situation", index=1)
    page.check("#id_consent_given")
    page.click("button:has-text('Register person')")
    expect(page.locator("h1")).to_have_text("Morag Campbell")
    check_a11y(page, "person page")

    page.click("text=Start the checklist")
    check_a11y(page, "checklist")
    for code, value in HIGH_RISK_ANSWERS.items():
        if code != "q1_qualifications":
            page.check(f"input[name={code}][value={value}]")
    # The count of dependants is revealed under "Yes" only; one typed before going back to "No" is dropped.
    expect(page.locator("#id_dependants_count")).to_be_hidden()
    page.check("input[name=q5_dependants][value=yes]")
    expect(page.locator("#id_dependants_count")).to_be_visible()
    page.fill("#id_dependants_count", "2")
    page.check("input[name=q5_dependants][value=no]")
    expect(page.locator("#id_dependants_count")).to_be_hidden()
    page.click("button:has-text('Save and see the result')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "checklist errors")
    page.check("input[name=q1_qualifications][value=none]")
    page.click("button:has-text('Save and see the result')")

    expect(page.locator("h1")).to_have_text("Checklist result")
    expect(page.locator(".govuk-tag", has_text="High risk").first).to_be_visible()
    check_a11y(page, "result")

    page.click("text=Change the band")
    page.click("button:has-text('Save override')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "override errors")
    page.check("input[name=to_band][value=medium]")
    page.check("input[name=reason_category][value=job_prospects]")
    page.fill("#id_reason_text", "Has a confirmed job offer starting next month.")
    page.click("button:has-text('Save override')")
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Medium risk").first).to_be_visible()
    check_a11y(page, "result after override")

    page.click("text=Record support")
    check_a11y(page, "choose support")
    page.check("label:has-text('Employability advice')")
    page.click("button:has-text('Continue')")
    # Only the partners that deliver it; "Another organisation" reveals a box for its name.
    expect(page.locator("label", has_text="HM Revenue and Customs")).to_have_count(0)
    expect(page.locator("#id_other_organisation")).to_be_hidden()
    page.check("label:has-text('Another organisation')")
    expect(page.locator("#id_other_organisation")).to_be_visible()
    page.check("label:has-text('Skills Development Scotland')")
    page.check("input[name=status][value=referred]")
    before = situation.notified_date - timedelta(days=1)
    page.fill("#id_agreed_on_0", str(before.day))
    page.fill("#id_agreed_on_1", str(before.month))
    page.fill("#id_agreed_on_2", str(before.year))
    page.click("button:has-text('Save support')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "support errors")
    page.fill("#id_agreed_on_0", str(today.day))
    page.fill("#id_agreed_on_1", str(today.month))
    page.fill("#id_agreed_on_2", str(today.year))
    page.click("button:has-text('Save support')")
    expect(page.locator("h1")).to_have_text("Morag Campbell")
    expect(page.locator("text=Employability advice").first).to_be_visible()

    page.click("a:has-text('Update')")
    check_a11y(page, "update support")
    page.check("input[name=status][value=started]")
    page.fill("#id_status_date_0", str(today.day))
    page.fill("#id_status_date_1", str(today.month))
    page.fill("#id_status_date_2", str(today.year))
    page.click("button:has-text('Save status')")
    check_a11y(page, "person page with timeline")

    page.click("text=Support plan to print")
    expect(page.locator("h1")).to_have_text("Your support plan")
    check_a11y(page, "support plan")

    # A reassessment starts from the last answers; the result says what changed.
    page.go_back()
    page.click("text=Reassess")
    expect(page.locator("input[name=q1_qualifications][value=none]")).to_be_checked()
    page.check("input[name=q6b_expected_time][value=under_3_months]")
    page.click("button:has-text('Save and see the result')")
    expect(page.locator("#changes")).to_have_text("What changed since the last checklist")
    check_a11y(page, "result with changes")

    page.goto(f"{url}/people/P-000000/")
    expect(page.locator("h1")).to_have_text("Page not found")
    check_a11y(page, "not found")

    assert len(check_a11y.checked) >= 15
