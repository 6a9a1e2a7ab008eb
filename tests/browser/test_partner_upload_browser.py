"""A partner's upload in a real browser at tablet width: the list, a file refused with its errors by
row and column, then one kept and its page, each checked with axe-core, without JavaScript needed."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_partner_user
from triage.lib import identifiers
from triage.models import PartnerUpload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = ",".join(identifiers.COLUMNS)


def test_a_partner_uploads_a_file_refused_then_kept(live_server, page, check_a11y, tmp_path):
    make_partner_user("partner_dwp", "DWP")
    url = live_server.url
    page.set_viewport_size({"width": 768, "height": 1024})

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "partner_dwp")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("Your uploads")
    check_a11y(page, "a partner's uploads, none yet")

    page.click("a.govuk-button:has-text('Upload a file')")
    check_a11y(page, "upload a file")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n,QQ123456C,,,,\nr2,,Iain,MacLeod,1981-02-30,\n")
    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('Upload the file')")
    expect(page.locator("#upload-errors")).to_contain_text("Row 2, record id")
    expect(page.locator("#upload-errors")).to_contain_text("Row 2, NI number")
    expect(page.locator("#upload-errors")).to_contain_text("Row 3, date of birth")
    check_a11y(page, "upload refused, errors by row and column")
    assert not PartnerUpload.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nr1,,Morag,Campbell,27/03/1975,KY1 1XX\nr2,,Iain,MacLeod,1981-03-27,\n")
    page.set_input_files("input[name=file]", str(good))
    page.click("button:has-text('Upload the file')")
    expect(page.locator("body")).to_contain_text("2 people received")
    # The immediate task backend links the file as it is kept: nobody to link to, both not found.
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not found")
    expect(page.locator("a.govuk-button:has-text('Download your PACE IDs')")).to_be_visible()
    check_a11y(page, "an upload's page, linked")
    page.click("a:has-text('Back to your uploads')")
    check_a11y(page, "a partner's uploads, one sent")
    assert PartnerUpload.objects.get().rows_valid == 2


def test_the_upload_works_without_javascript(browser, live_server, tmp_path):
    make_partner_user("partner_dwp", "DWP")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 768, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "partner_dwp")
    page.fill("#id_password", "test-pass-123")
    page.click("button:has-text('Sign in')")
    page.goto(f"{live_server.url}/partner/uploads/add/")
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nr1,,Morag,Campbell,27/03/1975,\n")
    page.set_input_files("input[name=file]", str(good))
    page.click("button:has-text('Upload the file')")
    expect(page.locator("body")).to_contain_text("1 person received")
    context.close()
    assert PartnerUpload.objects.get().rows_valid == 1
