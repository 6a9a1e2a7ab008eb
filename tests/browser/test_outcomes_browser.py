"""Outcomes in a real browser at tablet width: record a follow-up, the follow-ups due, and an upload
refused then applied, each page checked with axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import make_situation, make_user, register
from triage.access import Role
from triage.lib import outcomes
from triage.models import CouncilArea, FollowUp, Person, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_team_lead_follows_people_up_one_by_one_and_by_file(live_server, page, check_a11y, today, tmp_path):
    team = Team.objects.create(name="PACE Tay and Fife")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Rohan", last_name="Mehta")
    make_user("teamlead", Role.TEAM_LEAD, team, first_name="Eilidh", last_name="Grant")
    left = today - timedelta(days=400)
    situation = make_situation(team, CouncilArea.objects.get(name="Dundee City"), left)
    person = register(adviser, situation, given_name="Alex", family_name="Reid")
    other = register(adviser, situation, given_name="Jamie", family_name="Shaw")
    url = live_server.url
    page.set_viewport_size({"width": 768, "height": 1024})

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "teamlead")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")

    page.click("a:has-text('Follow-ups due')")
    expect(page.locator("#overdue-count")).to_have_text("2 overdue")
    check_a11y(page, "follow-ups due")
    page.click(f"a:has-text('Record the follow-up of {person.ref}')")
    page.click("button:has-text('Save follow-up')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the follow-up")
    check_a11y(page, "record a follow-up, errors")
    contacted = left + timedelta(days=370)
    page.fill("input[name=contacted_on_0]", str(contacted.day))
    page.fill("input[name=contacted_on_1]", str(contacted.month))
    page.fill("input[name=contacted_on_2]", str(contacted.year))
    page.check("input[name=status][value=unemployed_looking]")
    page.check("input[name=source][value=phone_call]")
    page.click("button:has-text('Save follow-up')")
    expect(page.locator("body")).to_contain_text("12-month follow-up: unemployed and looking for work")
    check_a11y(page, "person page with a follow-up")
    assert Person.objects.get(pk=person.pk).ltu_label == 1

    page.goto(f"{url}/team/follow-ups/upload/")
    check_a11y(page, "upload follow-ups")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{outcomes.template_csv().splitlines()[0]}\n{other.ref},31/02/2026,working,\n")
    page.set_input_files("input[name=file]", str(bad))
    page.check("input[name=source][value=partner_data]")
    page.click("button:has-text('Upload follow-ups')")
    expect(page.locator("#upload-errors")).to_contain_text("Row 2, follow-up date")
    expect(page.locator("#upload-errors")).to_contain_text("Row 2, status")
    check_a11y(page, "upload refused, errors by row and column")
    good = tmp_path / "good.csv"
    good.write_text(
        f"{outcomes.template_csv().splitlines()[0]}\n{other.ref},{left + timedelta(days=95):%Y-%m-%d},employed,\n"
    )
    page.set_input_files("input[name=file]", str(good))
    page.check("input[name=source][value=partner_data]")
    page.click("button:has-text('Upload follow-ups')")
    expect(page.locator("body")).to_contain_text("1 follow-up saved")
    assert FollowUp.objects.filter(person=other, months=3, source="partner_data").exists()
