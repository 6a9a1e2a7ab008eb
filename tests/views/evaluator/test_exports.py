"""The evaluator's export pages: start an export, watch its progress, download it; the data dictionary."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.views.form_errors import assert_form_error
from triage.access import Role
from triage.modelling.dictionary import EXPORT_COLUMN_NAMES
from triage.models import ExportJob, ExportRecord, ExportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator_client(client, evaluator):
    client.force_login(evaluator)
    return client


def test_an_export_runs_and_its_file_downloads(evaluator_client, export_people):
    response = evaluator_client.post(reverse("export-list"), {"format": "csv"}, follow=True)
    job = ExportJob.objects.get()
    assert response.redirect_chain[-1][0] == reverse("export-job", args=[job.pk])
    page = response.content.decode()
    assert "Ready to download" in page
    assert page.count("Export started") == 1  # the banner once, from the layout
    assert "k-anonymity with k = 5" in page
    assert job.sha256 in page
    assert "Check progress" not in page

    download = evaluator_client.get(reverse("export-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="pace-export-{job.pk}.csv"'
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(body))) == list(EXPORT_COLUMN_NAMES)
    record = ExportRecord.objects.get()
    assert record.kind == "anonymised-csv"
    assert record.rows == job.rows
    assert record.filters["sha256"] == job.sha256
    assert record.filters["k_achieved"] == job.k_achieved


def test_a_running_export_shows_its_progress_and_a_way_to_check_again(evaluator_client, evaluator):
    job = ExportJob.objects.create(
        requested_by=evaluator, format="parquet", k=5, status=ExportStatus.RUNNING, rows_total=200, rows_done=50
    )
    page = evaluator_client.get(reverse("export-job", args=[job.pk])).content.decode()
    # No timed refresh (WCAG 2.2.1, axe's meta-refresh rule): the person checks when they choose.
    assert 'http-equiv="refresh"' not in page
    assert "Running: 25% done (50 of 200 rows)" in page
    assert 'width="25"' in page
    assert f'href="{reverse("export-job", args=[job.pk])}">Check progress' in page


def test_a_failed_export_says_why(evaluator_client, evaluator):
    job = ExportJob.objects.create(
        requested_by=evaluator,
        format="csv",
        k=5,
        status=ExportStatus.FAILED,
        error="The export stopped: its worker ended.",
    )
    page = evaluator_client.get(reverse("export-job", args=[job.pk])).content.decode()
    assert "The export failed" in page
    assert "its worker ended" in page
    assert evaluator_client.get(reverse("export-download", args=[job.pk])).status_code == 404


def test_another_evaluators_export_is_not_found(client, evaluator, export_people):
    client.force_login(evaluator)
    client.post(reverse("export-list"), {"format": "csv"})
    job = ExportJob.objects.get()
    client.force_login(make_user("evaluator_2", Role.EVALUATOR))
    assert client.get(reverse("export-job", args=[job.pk])).status_code == 404
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 404
    assert "export 1" not in client.get(reverse("export-list")).content.decode().lower()
    assert not ExportRecord.objects.exists()


def test_bad_dates_are_named_beside_the_field_and_start_nothing(evaluator_client, export_people):
    data = {
        "format": "csv",
        "date_from_0": "1",
        "date_from_1": "6",
        "date_from_2": "2026",
        "date_to_0": "31",
        "date_to_1": "5",
        "date_to_2": "2026",
    }
    page = evaluator_client.post(reverse("export-list"), data).content.decode()
    assert "End date must be the same as or after the start date" in page
    assert "Error:" in page
    assert not ExportJob.objects.exists()


def test_a_period_that_is_not_whole_months_is_named_beside_the_field(evaluator_client, export_people):
    form = evaluator_client.get(reverse("export-list")).content.decode()
    assert "Periods run over whole months" in form and "by between 1 and 4" in form
    data = {"format": "csv", "date_from_0": "2", "date_from_1": "4", "date_from_2": "2026"}
    data |= {"date_to_0": "30", "date_to_1": "4", "date_to_2": "2026"}
    response = evaluator_client.post(reverse("export-list"), data)
    assert_form_error(response, "Start date must be the first day of a month, for example 1 4 2026")
    data |= {"date_from_0": "1", "date_to_0": "29"}
    response = evaluator_client.post(reverse("export-list"), data)
    assert_form_error(response, "End date must be the last day of a month, for example 31 3 2027")
    assert not ExportJob.objects.exists()


def test_an_export_too_close_to_an_earlier_one_is_refused_beside_the_field(
    evaluator_client, export_people, adviser_a, team_a
):
    from tests.factories import assess, make_situation, register
    from tests.services.export_data import identifiers
    from triage.models import CouncilArea

    edinburgh = CouncilArea.objects.get(name="City of Edinburgh")
    other = make_situation(team_a, edinburgh, export_people[-1][0].situation.notified_date, employer="Portobello Print")
    for i in (300, 301):
        assess(adviser_a, register(adviser_a, other, council_area=edinburgh, **identifiers(i)))
    evaluator_client.post(reverse("export-list"), {"format": "csv", "council_area": edinburgh.code})
    assert ExportJob.objects.count() == 1  # seven people
    small = export_people[-1][0].situation_id  # five of them
    response = evaluator_client.post(reverse("export-list"), {"format": "csv", "situation": str(small)})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    beside = re.search(
        r'id="id_situation_\d+_error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>([^<]*)', html
    )
    assert beside and "between 1 and 4 people in one export and not the other" in beside.group(1)
    assert ExportJob.objects.count() == 1


def test_no_format_asks_for_one(evaluator_client):
    page = evaluator_client.post(reverse("export-list"), {}).content.decode()
    assert "Select a file format" in page
    assert not ExportJob.objects.exists()


def test_a_missing_key_is_said_plainly_and_starts_nothing(evaluator_client, settings, export_people):
    settings.PSEUDONYM_KEY = ""
    page = evaluator_client.post(reverse("export-list"), {"format": "csv"}).content.decode()
    assert "PSEUDONYM_KEY is not set" in page
    assert not ExportJob.objects.exists()


def test_the_navigation_offers_exports_and_the_dictionary(evaluator_client):
    page = evaluator_client.get(reverse("evaluation-dashboard")).content.decode()
    assert reverse("export-list") in page
    assert reverse("data-dictionary") in page


def test_the_data_dictionary_page_and_downloads(evaluator_client):
    page = evaluator_client.get(reverse("data-dictionary")).content.decode()
    for name in ("pace_id", "q3_age_band", "override_reason", "ltu"):
        assert f"<code>{name}</code>" in page
    as_csv = evaluator_client.get(reverse("data-dictionary-csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [r["name"] for r in rows if r["in_export"] == "yes"] == list(EXPORT_COLUMN_NAMES)
    as_json = json.loads(evaluator_client.get(reverse("data-dictionary-json")).content)
    assert [c["name"] for c in as_json["columns"]] == [r["name"] for r in rows]
    assert next(c for c in as_json["columns"] if c["name"] == "sex")["quasi_identifier"] is True
    days = next(c for c in as_json["columns"] if c["name"] == "days_to_work")
    assert days["quasi_identifier"] is True and days["type"] == "choice"
    assert days["allowed"][:6] == ["0_30", "31_90", "91_182", "183_365", "over_365", "no_start_recorded"]
    assert next(r for r in rows if r["name"] == "days_to_work")["quasi_identifier"] == "yes"
    assert "91_182" in page
