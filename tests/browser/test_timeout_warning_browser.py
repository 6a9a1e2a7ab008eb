"""Issue #11 (WCAG 2.2.1): before an idle sign-out, a dialog says how long is left and offers to stay
signed in. With a short timeout: the dialog appears, passes axe while open, holds the focus, and
"Stay signed in" keeps the session past the time the first sign-out would have come."""

import time

import pytest
from playwright.sync_api import expect

from tests.factories import make_user
from triage.access import Role
from triage.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT = 10  # seconds
WARNING = 5


@pytest.fixture
def short_timeout(settings):
    settings.SESSION_IDLE_TIMEOUT = TIMEOUT
    settings.SESSION_IDLE_WARNING = WARNING


def sign_in(page, url):
    team = Team.objects.create(name="PACE Glasgow and Clyde")
    make_user("adviser", Role.ADVISER, team, first_name="Ailsa", last_name="MacLeod")
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "adviser")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")
    return time.monotonic()


def test_the_warning_appears_passes_axe_and_staying_signed_in_keeps_the_session(
    live_server, page, check_a11y, short_timeout
):
    signed_in_at = sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/caseload/")
    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=TIMEOUT * 1000)
    assert time.monotonic() - signed_in_at >= TIMEOUT - WARNING - 1
    expect(page.locator("#timeout-warning-title")).to_be_focused()
    expect(dialog.locator("[data-timeout-countdown]")).to_contain_text("You will be signed out in")
    expect(dialog.locator("[aria-live=polite]")).to_contain_text("You will be signed out in")
    check_a11y(page, "the timeout warning, open")

    # The focus stays inside the dialog.
    page.keyboard.press("Tab")
    expect(dialog.locator("button:has-text('Stay signed in')")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.locator("button:has-text('Sign out')")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.locator("button:has-text('Stay signed in')")).to_be_focused()

    page.click("button:has-text('Stay signed in')")
    expect(dialog).to_be_hidden()

    time.sleep(max(0, signed_in_at + TIMEOUT + 1 - time.monotonic()))  # past the first sign-out
    page.goto(f"{live_server.url}/caseload/")
    expect(page.locator("h1")).to_have_text("My caseload")
    assert "/accounts/login/" not in page.url


def test_escape_stays_signed_in_and_when_time_runs_out_typed_answers_are_kept(live_server, page, short_timeout):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/people/add/")
    page.fill("#id_given_name", "Morag")
    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=TIMEOUT * 1000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_given_name")).to_have_value("Morag")

    expect(dialog).to_be_visible(timeout=TIMEOUT * 1000)  # warned again before the new timeout
    page.wait_for_url("**/accounts/login/**", timeout=(WARNING + 3) * 1000)
    main = page.locator("main")
    expect(main).to_contain_text("You were signed out because PACE Triage was not used")
    expect(main).to_contain_text("The answers you were sending were kept")


def test_a_tab_does_not_sign_out_when_another_tab_stayed_signed_in(live_server, page, settings):
    # Long enough that the renewed time is more than the warning when the first tab next asks.
    settings.SESSION_IDLE_TIMEOUT, settings.SESSION_IDLE_WARNING = 3 * WARNING + 1, WARNING
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/caseload/")
    other = page.context.new_page()
    other.goto(f"{live_server.url}/people/")
    expect(other.locator("#timeout-warning")).to_be_visible(timeout=3 * WARNING * 1000)
    other.click("button:has-text('Stay signed in')")
    expect(other.locator("#timeout-warning")).to_be_hidden()

    # The first tab asks the server before it signs out, finds the time renewed, and stays.
    expect(page.locator("#timeout-warning")).to_be_hidden(timeout=(WARNING + 3) * 1000)
    time.sleep(2)
    assert "/accounts/login/" not in page.url
    expect(page.locator("h1")).to_have_text("My caseload")
