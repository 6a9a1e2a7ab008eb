"""The export's outcome columns (follow-ups, days to work, the LTU label) from follow-ups recorded
through the services, and `train_model --data` on the exported file: unknown labels left out,
one row per PACE ID."""

import csv
import io
import json
from datetime import timedelta

import pandas as pd
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, make_situation, record_follow_up, register
from tests.services.export_data import identifiers, mixed_answers
from triage.lib.outcomes import point_date
from triage.modelling.dictionary import EXPORT_COLUMN_NAMES, work_start_band
from triage.selectors.export import ExportFilters
from triage.services.exports import export_file_path, export_request, pace_id, pseudonym_key

pytestmark = pytest.mark.django_db

COPIES = 15  # training needs 500 rows: each exported row is repeated under a PACE ID of its own


def _outcome(i):
    """Person i's follow-ups as (months after leaving, status, days from leaving to a start or None),
    and the label they give. The label varies among people with the same answers."""
    kind = i % 3  # 0 high risk, 1 reference, 2 mixed answers
    if i % 7 == 5:
        return [(3, "unemployed_looking", None)], None  # no 12-month follow-up yet: unknown
    if (kind == 0 and i % 4 != 3) or (kind == 1 and i % 4 == 1) or (kind == 2 and i % 2 == 0):
        return [(3, "unemployed_looking", None), (12, "education_training", None)], 1
    return [(3, "unemployed_looking", None), (6, "employed", 130)], 0


@pytest.fixture
def outcome_people(adviser_a, team_a, glasgow, today):
    """42 people who left their jobs 400 days ago, each with follow-ups recorded through the
    services; every sixth assessed twice."""
    situation = make_situation(team_a, glasgow, today - timedelta(days=400))
    people = []
    for i in range(42):
        person = register(adviser_a, situation, **identifiers(i))
        answers = HIGH_RISK_ANSWERS if i % 3 == 0 else (REFERENCE_ANSWERS if i % 3 == 1 else mixed_answers(i))
        assess(adviser_a, person, answers=answers, today=today)
        if i % 6 == 0:
            assess(adviser_a, person, answers=answers, today=today)
        follow_ups, label = _outcome(i)
        leaving = person.leaving_date
        for months, status, start in follow_ups:
            record_follow_up(
                adviser_a,
                person,
                point_date(leaving, months),
                status,
                started_on=leaving + timedelta(days=start) if start is not None else None,
                today=today,
            )
        person.refresh_from_db()
        assert person.ltu_label == label  # the services' label, as _outcome means it
        people.append((person, follow_ups, label))
    return people


def _export(user, fmt):
    job = export_request(acting_user=user, filters=ExportFilters(), fmt=fmt, k=1)
    job.refresh_from_db()
    path = export_file_path(job)
    assert path is not None, job.error
    return path


def test_the_export_holds_each_persons_follow_ups_days_to_work_and_label(evaluator, outcome_people):
    key = pseudonym_key()
    csv_frame = pd.read_csv(_export(evaluator, "csv"), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    parquet_frame = pq.read_table(_export(evaluator, "parquet")).to_pandas()
    assert tuple(csv_frame.columns) == tuple(parquet_frame.columns) == EXPORT_COLUMN_NAMES
    assert len(csv_frame) == 42 + 7  # one row per assessment
    for person, follow_ups, label in outcome_people:
        pid = pace_id(person.ref, key=key)
        rows = csv_frame[csv_frame["pace_id"] == pid]
        parquet_rows = parquet_frame[parquet_frame["pace_id"] == pid]
        assert set(rows["follow_ups"]) == {"; ".join(f"{m}:{s}" for m, s, _ in follow_ups)}
        start = next((d for _, _, d in follow_ups if d is not None), None)
        assert set(rows["days_to_work"]) == {work_start_band(start)}  # a band, never the days
        assert set(rows["ltu"]) == {"" if label is None else str(label)}
        if label is None:
            assert parquet_rows["ltu"].isna().all()
        else:
            assert parquet_rows["ltu"].tolist() == [label] * len(rows)
    # No date of a follow-up or of leaving reaches the file: only months and days.
    text = csv_frame.to_csv()
    leaving = outcome_people[0][0].leaving_date
    for months in (0, 3, 6, 12):
        day = point_date(leaving, months)
        assert day.isoformat() not in text and f"{day:%d/%m/%Y}" not in text


def test_train_model_trains_on_the_exported_outcomes(evaluator, outcome_people, tmp_path, settings):
    path = _export(evaluator, "csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    data = tmp_path / "export.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(COPIES):
            for row in rows:
                writer.writerow({**row, "pace_id": f"{row['pace_id']}-{copy}"})
    settings.SCORECARD_DIR = tmp_path / "models"
    (tmp_path / "models").mkdir()
    out = io.StringIO()
    call_command("train_model", data=str(data), version="0.1", compare_with="none", stdout=out)

    known = [label for _, _, label in outcome_people if label is not None]
    unknown = len(outcome_people) - len(known)
    metrics = json.loads((tmp_path / "models" / "logistic-0.1" / "metrics.json").read_text())
    assert metrics["rows"]["all"] == len(known) * COPIES  # each person once, and only with a known label
    assert f"{7 * COPIES:,} earlier assessments of the same PACE ID left out" in out.getvalue()
    assert f"{unknown * COPIES:,} rows of unknown label left out" in out.getvalue()
    expected_rate = sum(known) / len(known)
    assert f"LTU rate {expected_rate:.1%}" in out.getvalue()
