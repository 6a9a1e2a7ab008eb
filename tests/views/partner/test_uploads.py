"""A partner user's uploads: `partner-upload-list`, `partner-upload-add`, `partner-upload`, the template."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from tests.factories import make_user
from triage.access import Role
from triage.lib import identifiers
from triage.models import AuditEvent, PartnerUpload
from triage.models.linkage import LinkageIdentifier

ADD = reverse("partner-upload-add")
HEADER = ",".join(identifiers.COLUMNS)
GOOD = (
    "DWP-1,AB 12 34 56 C,,,,",  # fictional-ni
    "DWP-2,,Morag,Campbell,27/03/1975,KY1 1XX",
    "DWP-3,ce654321a,Iain,MacLeod,1981-03-27,",  # fictional-ni
)


def csv_of(*lines):
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


def send(client, content: bytes, name="people.csv"):
    return client.post(ADD, {"file": SimpleUploadedFile(name, content, "text/csv")})


def listed_errors(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'id="upload-errors">(.*?)</ul>', html, re.S)
    assert summary, "no error summary listing the file's errors"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]


@pytest.fixture
def dwp(client, partner_dwp):
    client.force_login(partner_dwp)
    return client


def all_text_in_the_database() -> str:
    """Every row of every table, as text: what a raw NI number would have to hide in."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 -- table names from the database itself
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_a_good_file_is_kept_with_its_counts_and_shown_as_not_linked_yet(dwp, partner_dwp):
    response = send(dwp, csv_of(*GOOD))
    upload = PartnerUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("partner-upload", args=[upload.pk])
    assert (upload.organisation, upload.rows_received, upload.rows_valid) == (partner_dwp.organisation, 3, 3)
    assert sorted(LinkageIdentifier.objects.values_list("record_id", flat=True)) == ["DWP-1", "DWP-2", "DWP-3"]
    page = dwp.get(response["Location"]).content.decode()
    assert "Rows received" in page and "Not linked yet" in page
    event = AuditEvent.objects.get(action="partner_upload_accepted")
    assert event.user == partner_dwp and event.detail.startswith(f"upload {upload.pk} ")
    assert upload.pk and f"upload {upload.pk}" in dwp.get(reverse("partner-upload-list")).content.decode()


def test_no_raw_ni_number_is_stored_anywhere(dwp):
    send(dwp, csv_of(*GOOD))
    stored = all_text_in_the_database().upper().replace(" ", "")
    for stem in ("AB123456", "CE654321"):  # fictional-ni
        assert stem not in stored
    hashes = set(LinkageIdentifier.objects.exclude(ni_hash="").values_list("ni_hash", flat=True))
    assert len(hashes) == 2 and all(len(h) == 64 for h in hashes)


def test_the_same_number_written_differently_gives_the_same_hash(dwp):
    send(dwp, csv_of("r1,AB123456C,,,,", "r2,ab 12 34 56,,,,"))  # fictional-ni
    assert len(set(LinkageIdentifier.objects.values_list("ni_hash", flat=True))) == 1


def test_a_refused_file_lists_every_error_by_row_and_column_and_keeps_nothing(dwp, partner_dwp):
    response = send(dwp, csv_of("r1,AB123456C,,,,", ",QQ123456C,,,,", "r1,,Iain,MacLeod,1981-02-30,"))  # fictional-ni
    assert response.status_code == 200
    assert listed_errors(response) == [
        "Row 3, record id: Enter your record id for this person",
        "Row 3, NI number: Enter an NI number in the right format, like QQ 12 34 56 C, or leave it empty",
        "Row 4, record id: Row 2 has the same record id: each person needs their own",
        "Row 4, date of birth: Enter a real date of birth, like 1975-03-27 or 27/03/1975",
    ]
    assert "nothing in the file was kept" in response.content.decode()
    assert not PartnerUpload.objects.exists() and not LinkageIdentifier.objects.exists()
    assert "AB123456" not in all_text_in_the_database()  # fictional-ni
    refused = AuditEvent.objects.get(action="partner_upload_refused")
    assert refused.user == partner_dwp and refused.detail.endswith("4 errors")


def test_a_file_with_no_file_or_the_wrong_header_is_refused(dwp):
    assert "Select a CSV file" in dwp.post(ADD, {}).content.decode()
    assert "The first row must be the column names" in send(dwp, b"a,b\r\n1,2\r\n").content.decode()
    assert not PartnerUpload.objects.exists()


def test_the_template_downloads_and_is_audited(dwp, partner_dwp):
    response = dwp.get(reverse("partner-upload-template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == HEADER + "\r\n"
    assert AuditEvent.objects.filter(action="partner_template_downloaded", user=partner_dwp).count() == 1


def test_a_partner_sees_only_its_own_organisations_uploads(client, dwp, partner_cas):
    send(dwp, csv_of(*GOOD))
    upload = PartnerUpload.objects.get()
    client.force_login(partner_cas)
    assert client.get(reverse("partner-upload", args=[upload.pk])).status_code == 404
    assert f"upload {upload.pk}" not in client.get(reverse("partner-upload-list")).content.decode()
    client.force_login(make_user("partner_dwp_2", Role.PARTNER, organisation=upload.organisation))
    assert client.get(reverse("partner-upload", args=[upload.pk])).status_code == 200


def test_a_partner_user_with_no_organisation_is_refused(client, db):
    client.force_login(make_user("partner_nowhere", Role.PARTNER))
    for name in ("partner-upload-list", "partner-upload-add", "partner-upload-template"):
        assert client.get(reverse(name)).status_code == 403
    assert send(client, csv_of(*GOOD)).status_code == 403
    assert not PartnerUpload.objects.exists()


@pytest.mark.parametrize("user_fixture", ["adviser_a", "team_lead_a", "evaluator", "admin_user"])
def test_other_roles_cannot_upload(client, db, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("partner-upload-list")).status_code == 403
    assert send(client, csv_of(*GOOD)).status_code == 403
    assert not PartnerUpload.objects.exists()


def test_a_partner_starts_on_its_uploads_and_its_navigation_has_them(dwp):
    response = dwp.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("partner-upload-list")
    page = dwp.get(reverse("partner-upload-list")).content.decode()
    assert 'href="/partner/uploads/add/"' in page
    assert "Find a person" not in page and "Caseload" not in page


def test_a_huge_file_is_refused_and_only_its_limit_is_kept_in_memory(dwp, monkeypatch):
    kept = []
    real = identifiers.parse_identifiers
    monkeypatch.setattr(identifiers, "MAX_UPLOAD_BYTES", 1_000_000)
    monkeypatch.setattr(
        identifiers, "parse_identifiers", lambda content, **kw: kept.append(len(content)) or real(content, **kw)
    )
    # About 3 MB: past Django's own 2.5 MB threshold for writing an upload to a temporary file.
    response = send(dwp, csv_of(*["r1,,Morag,Campbell,1975-03-27,"] * 100_000))
    assert kept == [1_000_001]
    assert listed_errors(response) == ["The file must be smaller than 1 MB"]
    assert not PartnerUpload.objects.exists()
