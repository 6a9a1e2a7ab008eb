"""A person's record in a real browser at tablet width: change details, record work, change the
named adviser and score the answers again, each page checked with axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import assess, make_situation, make_user, register
from triage.access import Role
from triage.models import Assessment, CouncilArea, Person, Team, WorkStart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_team_lead_keeps_a_persons_record_up_to_date(live_server, page, check_a11y, today):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Rohan", last_name="Mehta")
    make_user("teamlead", Role.TEAM_LEAD, team, first_name="Eilidh", last_name="Grant")
    situation = make_situation(team, CouncilArea.objects.get(name="Dundee City"), today - timedelta(days=30))
    person = register(adviser, situation, given_name="Alex", family_name="Reid")
    assess(adviser, person)
    url = live_server.url
    page.set_viewport_size({"width": 768, "height": 1024})

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "teamlead")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")

    page.goto(f"{url}/people/{person.ref}/")
    page.click("a:has-text('Change date of birth')")
    page.fill("input[name=date_of_birth_2]", str(today.year - 30))
    page.click("button:has-text('Save changes')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the date of birth")
    check_a11y(page, "change details, reason missing")
    page.fill("textarea[name=reason]", "Year typed wrongly at registration")
    page.click("button:has-text('Save changes')")
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Their date of birth changed after their latest checklist")
    check_a11y(page, "person page offering a re-score")

    page.click("a:has-text('Score their answers again')")
    check_a11y(page, "score again")
    page.click("button:has-text('Score the answers again')")
    expect(page.locator("h1")).to_be_visible()
    assert Assessment.objects.filter(person=person).count() == 2

    page.goto(f"{url}/people/{person.ref}/")
    page.click("a:has-text('Record work')")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "record work, errors")
    page.fill("input[name=started_on_0]", str(today.day))
    page.fill("input[name=started_on_1]", str(today.month))
    page.fill("input[name=started_on_2]", str(today.year))
    page.select_option("select[name=sector]", "retail")
    page.check("input[name=job_type][value=apprenticeship]")
    page.check("input[name=source][value=person]")
    page.click("button:has-text('Save')")
    expect(page.locator("body")).to_contain_text("Started work: apprenticeship")
    assert WorkStart.objects.filter(person=person).count() == 1

    page.click("a:has-text('Change named adviser')")
    check_a11y(page, "change named adviser")
    page.check("label:has-text('Eilidh Grant')")
    page.click("button:has-text('Change named adviser')")
    expect(page.locator("body")).to_contain_text("Named adviser: Rohan Mehta to Eilidh Grant")
    check_a11y(page, "person page with its history")
    assert Person.objects.get(pk=person.pk).adviser.username == "teamlead"
