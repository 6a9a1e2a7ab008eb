"""Upload a file of follow-ups: `follow-up-upload` and its template, `follow-up-template`."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.factories import make_situation, make_user, register
from triage.access import Role
from triage.lib import outcomes
from triage.models import AuditEvent, FollowUp, Person

URL = reverse("follow-up-upload")
HEADER = ",".join(outcomes.UPLOAD_COLUMNS)


@pytest.fixture
def left(today):
    return today - timedelta(days=400)


@pytest.fixture
def person(adviser_a, team_a, glasgow, left):
    return register(adviser_a, make_situation(team_a, glasgow, left, employer="Forth Valley Paper"))


@pytest.fixture
def lead(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


def send(client, content: bytes, name="follow-ups.csv", source="partner_data"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, "text/csv"), "source": source})


def csv_of(*lines):
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


def listed_errors(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'id="upload-errors">(.*?)</ul>', html, re.S)
    assert summary, "no error summary listing the file's errors"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]


def assert_refused(response):
    assert response.status_code == 200
    assert "There is a problem: nothing in the file was saved" in response.content.decode()
    assert "The file was not applied" in response.content.decode()
    assert not FollowUp.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["follow_up_recorded", "follow_ups_uploaded"]).exists()


def test_the_page_offers_the_template_and_the_template_is_a_file_it_accepts(lead):
    page = lead.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in page and reverse("follow-up-template") in page
    template = lead.get(reverse("follow-up-template"))
    assert template["Content-Disposition"] == 'attachment; filename="follow-ups-template.csv"'
    assert template.content.decode().startswith(HEADER)


def test_a_good_file_is_applied_and_says_how_many(lead, adviser_a, person, left):
    other = register(adviser_a, person.situation, given_name="Eilidh", family_name="Ross")
    content = csv_of(
        f"{person.ref},{left + timedelta(days=95):%d/%m/%Y},unemployed_looking,",
        f"{person.ref},{left + timedelta(days=370):%Y-%m-%d},not_looking,",
        f"{other.ref},{left + timedelta(days=100):%Y-%m-%d},employed,{left + timedelta(days=60):%Y-%m-%d}",
    )

    response = send(lead, content)

    assert response.status_code == 302
    assert "3 follow-ups saved" in lead.get(response["Location"]).content.decode()
    assert Person.objects.get(pk=person.pk).ltu_label == 1
    assert Person.objects.get(pk=other.pk).ltu_label == 0
    assert set(FollowUp.objects.values_list("source", flat=True)) == {"partner_data"}
    # The same file again saves nothing more.
    response = send(lead, content)
    assert "0 follow-ups saved; 3 already recorded" in lead.get(response["Location"]).content.decode()
    assert FollowUp.objects.count() == 3


def test_every_bad_row_is_listed_by_row_and_column_and_nothing_is_saved(lead, person, person_b, left):
    response = send(
        lead,
        csv_of(
            f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,",
            f"{person.ref},30/02/2026,working,",
            f"{person.ref},{left + timedelta(days=10):%Y-%m-%d},unknown,",
            "not a reference,2026-01-05,unknown,someday",
            f"{person_b.ref},{left + timedelta(days=95):%Y-%m-%d},employed,",
        ),
    )
    assert_refused(response)
    errors = listed_errors(response)
    assert errors[:2] == [
        escape("Row 3, follow-up date: Enter a real date, like 2026-09-14"),
        escape("Row 3, status: Enter one of " + ", ".join(outcomes.STATUSES)),
    ]
    assert errors[2].startswith("Row 4, follow-up date: Date of the follow-up must be on or after")
    assert errors[3:] == [
        escape("Row 5, person reference: Enter a reference like P-7K3M9Q"),
        escape("Row 5, start date: Enter a real date, like 2026-08-03, or leave it empty"),
        f"Row 6, person reference: No one in your team has the reference {person_b.ref}",
    ]


def test_a_person_outside_the_team_is_no_one_to_the_uploader(lead, person, person_b, left):
    response = send(
        lead,
        csv_of(
            f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,",
            f"{person_b.ref},{left + timedelta(days=95):%Y-%m-%d},employed,",
        ),
    )
    assert_refused(response)
    assert listed_errors(response) == [f"Row 3, person reference: No one in your team has the reference {person_b.ref}"]


def test_duplicate_rows_are_refused(lead, person, left):
    row = f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,"
    response = send(lead, csv_of(row, row))
    assert_refused(response)
    assert listed_errors(response) == ["Row 3: Row repeats the person and follow-up date of row 2"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ref,when,what\r\nP-7K3M9Q,2026-01-01,employed\r\n", "Row 1: The first row must be the column names"),
        (
            (HEADER + "\r\nP-7K3M9Q,2026-01-01,employ\xe9,\r\n").encode("cp1252"),
            "The file must be a CSV saved as UTF-8",
        ),
        (b"\r\n", "The file is empty"),
        (HEADER.encode(), "The file has no follow-ups under its column names"),
    ],
)
def test_a_file_refused_whole_says_why(lead, person, content, message):
    response = send(lead, content)
    assert_refused(response)
    [error] = listed_errors(response)
    assert error.startswith(message)


def test_an_empty_file_or_none_is_an_error_beside_the_field(lead):
    response = send(lead, b"")
    assert "The selected file is empty" in response.content.decode()
    response = lead.post(URL, {"source": "partner_data"})
    assert "Select a CSV file" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_huge_file_is_refused_and_only_a_megabyte_of_it_is_kept_in_memory(lead, person, monkeypatch):
    kept = []
    real = outcomes.parse_upload
    monkeypatch.setattr(outcomes, "parse_upload", lambda content: kept.append(len(content)) or real(content))
    # About 3 MB: past Django's own 2.5 MB threshold for writing an upload to a temporary file.
    response = send(lead, csv_of(*["P-7K3M9Q,2026-09-14,employed,"] * 110_000))
    assert kept == [outcomes.MAX_UPLOAD_BYTES + 1]
    assert_refused(response)
    assert listed_errors(response) == ["The file must be smaller than 1 MB"]


def test_the_source_is_required(lead, person, left):
    response = send(lead, csv_of(f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,"), source="")
    assert "Select how you know" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_admin_of_the_team_may_upload(client, team_a, person, left):
    admin = make_user("admin_a", Role.ADMIN, team_a, is_staff=True)
    client.force_login(admin)
    response = send(client, csv_of(f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,"))
    assert response.status_code == 302
    assert FollowUp.objects.get().created_by == admin


def test_advisers_may_not_upload(adviser_a_client, person, left):
    response = send(adviser_a_client, csv_of(f"{person.ref},{left + timedelta(days=95):%Y-%m-%d},employed,"))
    assert response.status_code == 403
    assert not FollowUp.objects.exists()
