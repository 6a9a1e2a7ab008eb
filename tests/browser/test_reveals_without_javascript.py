"""The checklist's dependants count and the support's other organisation without JavaScript (issue #11).

With JavaScript off, GOV.UK Frontend's radios script never runs: every revealed box stays on the
page under its answer, and the form works from it alone.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import REFERENCE_ANSWERS, make_situation, make_user, register
from triage.access import Role
from triage.models import Assessment, CouncilArea, Intervention, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def no_js_page(browser, live_server, person):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 768, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "adviser")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")
    yield page
    context.close()


@pytest.fixture
def person(today):
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    situation = make_situation(team, CouncilArea.objects.get(name="Glasgow City"), today - timedelta(days=30))
    return register(adviser, situation)


def test_checklist_and_support_work_without_javascript(no_js_page, live_server, person):
    # No axe here: it runs as JavaScript in the page. The journey test runs it on these pages with JavaScript.
    page = no_js_page
    page.goto(f"{live_server.url}/people/{person.ref}/assessments/add/")
    expect(page.locator("#id_dependants_count")).to_be_visible()
    for code, value in {**REFERENCE_ANSWERS, "q5_dependants": "yes"}.items():
        page.check(f"input[name={code}][value={value}]")
    page.fill("#id_dependants_count", "2")
    page.click("button:has-text('Save and see the result')")
    expect(page.locator("h1")).to_have_text("Checklist result")
    assert Assessment.objects.get().dependants_count == 2

    page.goto(f"{live_server.url}/people/{person.ref}/interventions/add/")
    page.check("label:has-text('Pensions')")
    page.click("button:has-text('Continue')")
    expect(page.locator("input[name=partner]")).to_have_count(3)  # CAS, DWP, another organisation
    expect(page.locator("#id_other_organisation")).to_be_visible()
    page.check("label:has-text('Another organisation')")
    page.check("input[name=status][value=referred]")
    page.click("button:has-text('Save support')")
    expect(page.locator(".govuk-error-message", has_text="Enter the name of the organisation")).to_be_visible()
    page.fill("#id_other_organisation", "Money Advice Glasgow")
    page.click("button:has-text('Save support')")
    expect(page.locator("h1")).to_have_text(person.full_name)
    assert Intervention.objects.get().other_organisation == "Money Advice Glasgow"
