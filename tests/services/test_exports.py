"""The anonymised export end to end, run by django-tasks' immediate backend: what the file holds
and never holds, the PACE ID, k-anonymity checked by a plain group-by (the outcome columns, and
training from the file: test_export_outcomes.py)."""

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from tests.exports.xlsx_read import sheet_rows, sheet_text
from tests.factories import record_follow_up
from tests.services.export_data import identifiers
from triage.lib.outcomes import point_date
from triage.modelling.dictionary import EXPORT_COLUMN_NAMES, QUASI_IDENTIFIERS
from triage.models import ExportJob, ExportStatus
from triage.selectors.export import ExportFilters
from triage.services import exports
from triage.services.exports import ExportKeyError, export_file_path, export_jobs_sweep, export_request

pytestmark = pytest.mark.django_db


def run(user, fmt="csv", k=5, **filters):
    job = export_request(acting_user=user, filters=ExportFilters(**filters), fmt=fmt, k=k)
    job.refresh_from_db()
    return job


def read(job) -> pd.DataFrame:
    path = export_file_path(job)
    assert path is not None, job.error
    if job.format == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if job.format == "parquet":
        return pq.read_table(path).to_pandas()
    rows = sheet_rows(path)
    return pd.DataFrame(rows[1:], columns=rows[0])


def all_text(job) -> str:
    path = export_file_path(job)
    if job.format == "xlsx":
        return sheet_text(path)
    if job.format == "parquet":
        return read(job).astype(str).to_csv()
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_no_identifier_reaches_the_file(evaluator, export_people, fmt):
    job = run(evaluator, fmt, k=1)
    assert job.status == ExportStatus.DONE, job.error
    assert job.rows == 35
    text = all_text(job).lower()
    for i, (person, _) in enumerate(export_people):
        details = identifiers(i)
        for field in ("given_name", "family_name", "email", "phone", "postcode", "ni_number"):
            assert details[field].lower() not in text, (fmt, field)
        assert details["date_of_birth"].isoformat() not in text
        assert person.ref.lower() not in text  # the reference is keyed, never written
    assert "job offer" not in text  # the override's text, never its category
    assert not re.search(r"\bqq\d{6}c\b", text)


def test_the_file_has_the_dictionary_columns_and_values(evaluator, export_people):
    job = run(evaluator, "csv", k=1)
    frame = read(job)
    assert tuple(frame.columns) == EXPORT_COLUMN_NAMES
    first = frame.iloc[0]
    assert first["override_reason"] == "job_prospects"
    assert first["effective_band"] == "low"
    assert frame.iloc[1]["interventions"] == "employability_advice:SDS:referred"
    assert set(frame["sex"]) == {"female", "male", "prefer_not_to_say"}
    assert re.fullmatch(r"\d{4}-\d{2}", first["assessment_month"])
    path = export_file_path(job)
    assert job.sha256 == __import__("hashlib").sha256(path.read_bytes()).hexdigest()


def test_the_pace_id_is_stable_across_exports_and_changes_with_the_key(evaluator, export_people, settings):
    first = read(run(evaluator, "csv", k=1))["pace_id"].tolist()
    second = read(run(evaluator, "parquet", k=1))["pace_id"].tolist()
    assert first == second
    assert len(set(first)) == 35
    settings.PSEUDONYM_KEY = "another-key-entirely-at-least-32-bytes-long"
    other = read(run(evaluator, "csv", k=1))["pace_id"].tolist()
    assert not set(other) & set(first)


@pytest.mark.parametrize(
    ("key", "message"), [("", "PSEUDONYM_KEY is not set"), ("short-key", "has 9 bytes and needs at least 32")]
)
def test_a_missing_or_short_key_stops_the_export(evaluator, export_people, settings, key, message):
    settings.PSEUDONYM_KEY = key
    with pytest.raises(ExportKeyError, match=message):
        run(evaluator)
    assert not ExportJob.objects.exists()


def test_a_key_removed_after_asking_fails_the_job_clearly(evaluator, export_people, settings, monkeypatch):
    calls = []
    real = exports.pseudonym_key

    def key_then_gone():
        calls.append(1)
        if len(calls) > 1:
            settings.PSEUDONYM_KEY = ""
        return real()

    monkeypatch.setattr(exports, "pseudonym_key", key_then_gone)
    job = run(evaluator)
    assert job.status == ExportStatus.FAILED
    assert "PSEUDONYM_KEY is not set" in job.error
    assert list(Path(exports.settings.EXPORT_DIR).iterdir()) == []


def test_xlsx_refuses_more_rows_than_a_sheet_holds(evaluator, export_people, monkeypatch):
    monkeypatch.setattr(exports, "check_xlsx_fits", _fits_ten)
    with pytest.raises(exports.ExportTooLarge, match="Choose CSV or Parquet"):
        run(evaluator, "xlsx")


def _fits_ten(total):
    if total > 10:
        raise exports.ExportTooLarge(f"An Excel sheet holds 10 rows; this export has {total}. Choose CSV or Parquet.")


def first_violation(frame, k):
    """Independent of triage.lib.kanon: a plain group-by over the released quasi-identifiers."""
    columns = [*QUASI_IDENTIFIERS, "region"]
    sizes = Counter(tuple(row) for row in frame[columns].itertuples(index=False))
    for key, n in sizes.items():
        if n < k:
            return key, n
    return None


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_export_is_k_anonymous(evaluator, export_people, fmt):
    job = run(evaluator, fmt, k=5)
    frame = read(job)
    assert first_violation(frame, 5) is None
    assert job.k_achieved >= 5
    assert len(frame) == job.rows == 35 - job.rows_suppressed
    assert "k = 5" in job.summary
    assert str(job.rows_suppressed) in job.summary


def test_a_rare_time_to_work_is_never_released_on_its_own(evaluator, export_people, adviser_a, today):
    """days_to_work is a quasi-identifier: four people who started work in their first month, among
    people alike in everything else who have none recorded, are widened or suppressed, never left
    in a group of four."""
    for person, _ in export_people[:4]:
        leaving = person.leaving_date
        record_follow_up(adviser_a, person, point_date(leaving, 3), "employed", started_on=leaving, today=today)
    job = run(evaluator, "csv", k=5)
    frame = read(job)
    assert "days_to_work" in QUASI_IDENTIFIERS
    # Independently of the dictionary's list: the six facts an outsider may know, with the band.
    known = ["q3_age_band", "sex", "council_area_code", "region", "sector", "assessment_month", "days_to_work"]
    assert frame.groupby(known).size().min() >= 5
    assert set(frame["days_to_work"]) <= {"0_30", "0_90", "no_start_recorded"}
    assert not frame["days_to_work"].str.fullmatch(r"-?\d+").any()


def test_generalising_the_area_hides_it_in_the_rate_too(evaluator, export_people):
    job = run(evaluator, "csv", k=5)
    frame = read(job)
    if "council area to region" in job.summary:
        assert set(frame["council_area_code"]) == {""}
        assert frame.groupby("region")["q7_area_unemployment"].nunique().max() == 1


def test_filters_choose_the_rows(evaluator, export_people):
    edinburgh_code = export_people[-1][1].council_area.code
    job = run(evaluator, "csv", k=1, council_area_code=edinburgh_code)
    assert job.rows == 5
    situation = export_people[0][0].situation_id
    assert run(evaluator, "csv", k=1, situation_id=situation).rows == 30
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    assert run(evaluator, "csv", k=1, date_from=next_month).rows == 0
    assert run(evaluator, "csv", k=1, scorecard="rules-1.0").rows == 35
    assert run(evaluator, "csv", k=1, scorecard="logistic-9.9").rows == 0


def test_a_stalled_job_is_failed_and_old_files_are_deleted(evaluator, export_people, settings):
    done = run(evaluator, "csv", k=1)
    path = export_file_path(done)
    stuck = ExportJob.objects.create(
        requested_by=evaluator,
        format="csv",
        k=5,
        status=ExportStatus.RUNNING,
        progress_at=timezone.now() - timedelta(minutes=settings.EXPORT_STALL_MINUTES + 1),
    )
    later = timezone.now() + timedelta(hours=settings.EXPORT_RETENTION_HOURS, minutes=1)
    result = export_jobs_sweep(now=later)
    stuck.refresh_from_db()
    done.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED
    assert "worker ended" in stuck.error
    assert done.status == ExportStatus.EXPIRED
    assert not path.exists()
    assert export_file_path(done) is None
    assert result.expired == 1


def test_a_swept_job_stops_writing(evaluator, export_people, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 10)
    real = exports._Progress.tick

    def swept_midway(self, force=False):
        if self.done == 15:
            ExportJob.objects.filter(pk=self.job_id).update(status=ExportStatus.FAILED, error="swept")
        real(self, force)

    monkeypatch.setattr(exports._Progress, "tick", swept_midway)
    job = run(evaluator, "csv", k=1)
    assert job.status == ExportStatus.FAILED
    assert list(Path(exports.settings.EXPORT_DIR).iterdir()) == []


def test_the_first_passs_keys_are_found_by_id_in_order_and_missing_ids_are_none():
    from array import array

    keys = [("45_54", "male", "S12000049", "energy", "2026-03"), ("55_plus", "female", "", "retail", "2026-04")]
    planned = exports._Planned(array("q", [3, 5, 9, 12]), array("i", [0, 1, 1, 0]), keys)
    # The second pass reads in id order: 4 was added after the first pass, 9 deleted before the second.
    found = [planned.get(i) for i in (3, 4, 5, 12, 13)]
    assert found == [keys[0], None, keys[1], keys[0], None]
