"""Finding a person and the duplicate warning in a real browser, at tablet and desktop widths, with axe."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import make_situation, make_user, register
from triage.access import Role
from triage.models import CouncilArea, Person, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [768, 1280])
def test_an_adviser_finds_a_person_whatever_the_accents_and_is_warned_of_a_duplicate(
    live_server, page, check_a11y, today, width
):
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    adviser = make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    glasgow = CouncilArea.objects.get(name="Glasgow City")
    situation = make_situation(team, glasgow, today - timedelta(days=30))
    siobhan = register(adviser, situation, given_name="Siobhán", family_name="O’Neill")
    for i in range(30):
        register(adviser, situation, given_name=f"Alex{i:02d}", family_name="Campbell")
    url = live_server.url
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "adviser")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")

    page.fill("#home-q", "siobhan oneill")
    page.click("form[role=search] button:has-text('Search')")
    expect(page).to_have_url(f"{url}/people/search/")
    expect(page.locator("table a")).to_have_text(["Siobhán O’Neill"])
    assert "siobhan" not in page.title().lower()
    check_a11y(page, f"search results at {width}px")

    page.fill("#q", "campbell")
    page.click("form[role=search] button:has-text('Search')")
    page.click("a[rel=next]")
    expect(page).to_have_url(f"{url}/people/search/?page=2")
    expect(page.locator("table tbody tr")).to_have_count(5)
    page.go_back()
    expect(page.locator("table tbody tr")).to_have_count(25)

    page.goto(f"{url}/people/add/")
    page.fill("#id_given_name", "SIOBHAN")
    page.fill("#id_family_name", "o'neill")
    page.fill("#id_date_of_birth_0", str(siobhan.date_of_birth.day))
    page.fill("#id_date_of_birth_1", str(siobhan.date_of_birth.month))
    page.fill("#id_date_of_birth_2", str(siobhan.date_of_birth.year))
    page.select_option("#id_council_area", label="Glasgow City")
    page.select_option("#id_situation", index=1)
    page.check("#id_consent_given")
    page.click("button:has-text('Register person')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(siobhan.ref)
    check_a11y(page, f"duplicate warning at {width}px")

    page.click("button:has-text('Register as a different person')")
    expect(page.locator("h1")).to_contain_text("SIOBHAN o'neill")
    assert Person.objects.filter(given_name_key="siobhan", family_name_key="oneill").count() == 2
