"""The export's rows, read by a raw cursor (decision 0022), against a straightforward reading
through the ORM: the same values, row for row, in both passes, with and without filters; and the
writers' cells against the plain rule (text neutralised, None blank)."""

import csv
import io
from datetime import timedelta

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from tests.factories import (
    HIGH_RISK_ANSWERS,
    REFERENCE_ANSWERS,
    add_intervention,
    assess,
    make_situation,
    record_follow_up,
    register,
)
from tests.services.export_data import identifiers
from triage.exports.anonymised import ExportColumn, write
from triage.lib.outcomes import FollowUpFact, current_follow_ups, point_date, work_started
from triage.lib.text import neutralise_formula
from triage.modelling.dictionary import (
    EXPORT_COLUMN_NAMES,
    ITEM_COLUMNS,
    SEX_CODES,
    area_tercile,
    work_start_band,
)
from triage.models import Assessment, FollowUp, Intervention, Override
from triage.scoring.checklist import ITEMS, NUMERIC_ITEM_CODES, PREFER_NOT_TO_SAY
from triage.selectors import export
from triage.selectors.export import ExportFilters

pytestmark = pytest.mark.django_db


def _days_to_work(person):
    """Days from leaving to the first start of work the standing follow-ups show, or None."""
    facts = [
        FollowUpFact(f.months, f.contacted_on, f.status, f.started_on, f.pk)
        for f in FollowUp.objects.filter(person=person)
    ]
    starts = [s for f in current_follow_ups(facts) if (s := work_started(f)) is not None]
    return (min(starts) - person.leaving_date).days if starts and person.leaving_date else None


def _reference_rows(filters):
    """Every column worked out from model instances, one assessment at a time."""
    rows = []
    query = export._assessments(filters).select_related("person__situation", "council_area").order_by("pk")
    for a in query:
        person = a.person
        allowed = {code: {x.code for x in item.answers} for code, item in ITEMS.items()}
        answers = {
            code: (a.answers.get(code) if a.answers.get(code) in allowed[code] else PREFER_NOT_TO_SAY)
            for code in ITEM_COLUMNS
            if code not in NUMERIC_ITEM_CODES
        }
        interventions = "; ".join(
            f"{i.intervention_type.code}:{i.partner.abbreviation if i.partner else 'other'}:{i.status}"
            for i in Intervention.objects.filter(person=person).order_by("agreed_on", "pk")
        )
        facts = [
            FollowUpFact(f.months, f.contacted_on, f.status, f.started_on, f.pk)
            for f in FollowUp.objects.filter(person=person)
        ]
        standing = current_follow_ups(facts)
        override = Override.objects.filter(assessment=a).order_by("-created_at", "-pk").first()
        rate = float(a.area_unemployment_rate)
        value = {
            "pace_id": person.ref,
            "assessment_month": f"{timezone.localtime(a.created_at):%Y-%m}",
            "sector": person.situation.sector,
            "region": a.council_area.region,
            **answers,
            "q7_area_unemployment": rate,
            "sex": person.sex if person.sex in SEX_CODES else PREFER_NOT_TO_SAY,
            "area_tercile": str(area_tercile([rate])[0]),
            "council_area_code": a.council_area.code,
            "scorecard": f"{a.scorecard_name}-{a.scorecard_version}",
            "points": a.total_points,
            "probability": a.probability,
            "model_band": a.model_band or "",
            "effective_band": a.effective_band or "",
            "override_reason": override.reason_category if override else "",
            "interventions": interventions,
            "follow_ups": "; ".join(f"{p}:{s}" for p, s in sorted((f.point, f.status) for f in standing if f.point)),
            "days_to_work": work_start_band(_days_to_work(person)),
            "ltu": person.ltu_label,
        }
        rows.append((a.pk, [value[name] for name in EXPORT_COLUMN_NAMES]))
    return rows


@pytest.fixture
def followed_up_people(adviser_a, team_a, glasgow, today, export_people):
    """Besides export_people: people who left 400 days ago, with follow-ups (a job started, a
    follow-up recorded twice at one point), some assessed twice, one with answers the checklist
    does not know (an unknown code, a missing item)."""
    situation = make_situation(team_a, glasgow, today - timedelta(days=400), employer="Govan Graving Docks")
    for i in range(6):
        person = register(adviser_a, situation, **identifiers(100 + i))
        first = assess(adviser_a, person, answers=HIGH_RISK_ANSWERS if i % 2 else REFERENCE_ANSWERS, today=today)
        if i % 3 == 0:
            assess(adviser_a, person, answers=REFERENCE_ANSWERS, today=today)
        leaving = person.leaving_date
        record_follow_up(adviser_a, person, point_date(leaving, 3), "unemployed_looking", today=today)
        if i % 2:
            record_follow_up(adviser_a, person, point_date(leaving, 3), "education_training", today=today)
            record_follow_up(
                adviser_a,
                person,
                point_date(leaving, 6),
                "employed",
                started_on=leaving + timedelta(days=100 + i),
                today=today,
            )
        if i == 4:
            add_intervention(adviser_a, person, status="started")
            odd = {**first.answers, "q1_qualifications": "a_code_nobody_knows"}
            odd.pop("q9c_mental", None)
            Assessment.objects.filter(pk=first.pk).update(answers=odd)
    return situation


def test_the_rows_are_the_straightforward_readings(followed_up_people, export_people):
    filters = ExportFilters()
    last_id = export.export_last_id(filters=filters)
    expected = _reference_rows(filters)
    assert len(expected) > 40
    assert list(export.export_rows(filters=filters, last_id=last_id)) == expected
    days_to_work = EXPORT_COLUMN_NAMES.index("days_to_work")
    assert {row[days_to_work] for _, row in expected} >= {"no_start_recorded", "91_182"}


def test_a_filter_reads_only_its_rows_and_their_side_rows(followed_up_people, export_people):
    filters = ExportFilters(situation_id=export_people[0][0].situation_id)
    last_id = export.export_last_id(filters=filters)
    rows = list(export.export_rows(filters=filters, last_id=last_id))
    assert len(rows) == 30
    assert rows == _reference_rows(filters)


def test_the_first_pass_keys_are_the_straightforward_readings(followed_up_people):
    filters = ExportFilters()
    last_id = export.export_last_id(filters=filters)
    expected = [
        (
            a.pk,
            a.answers.get("q3_age_band") or "",
            a.person.sex if a.person.sex in SEX_CODES else PREFER_NOT_TO_SAY,
            a.council_area.code,
            a.person.situation.sector,
            export._month(a.created_at),
            work_start_band(_days_to_work(a.person)),
        )
        for a in export._assessments(filters).select_related("person__situation", "council_area").order_by("pk")
    ]
    keys = list(export.export_keys(filters=filters, last_id=last_id))
    assert keys == expected
    assert {key[-1] for key in keys} >= {"no_start_recorded", "91_182"}


def test_a_filter_reads_only_its_keys_and_their_follow_ups(followed_up_people, export_people):
    filters = ExportFilters(situation_id=followed_up_people.pk)
    every = {key[0]: key for key in export.export_keys(filters=ExportFilters(), last_id=10**9)}
    keys = list(export.export_keys(filters=filters, last_id=export.export_last_id(filters=filters)))
    assert len(keys) == 8
    assert keys == [every[key[0]] for key in keys]


COLUMNS = (
    ExportColumn("pace_id"),
    ExportColumn("points", "integer"),
    ExportColumn("probability", "number"),
    ExportColumn("follow_ups"),
)
ROWS = [
    ["abc", 3, 0.25, None],
    ["=HYPERLINK(1)", -2, None, "+44"],
    ["déjà", None, 1 / 3, "-1"],
    [7, 0, 1e-9, "@x"],
    ["plain", 1, 0.5, "3:employed"],
    ["", None, None, ""],
]


def test_the_csv_cells_are_the_plain_rule(tmp_path):
    path = tmp_path / "x.csv"
    write("csv", path, COLUMNS, ROWS, total_rows=len(ROWS))
    expected = io.StringIO(newline="")
    expected.write("\ufeff")
    writer = csv.writer(expected)
    writer.writerow([c.name for c in COLUMNS])
    for row in ROWS:
        writer.writerow(
            [
                "" if v is None else (neutralise_formula(str(v)) if c.type == "text" else v)
                for v, c in zip(row, COLUMNS, strict=True)
            ]
        )
    assert path.read_bytes() == expected.getvalue().encode("utf-8")


def test_the_parquet_columns_are_the_rows_as_given(tmp_path):
    path = tmp_path / "x.parquet"
    text_rows = [[str(row[0]), *row[1:]] for row in ROWS]
    write("parquet", path, COLUMNS, text_rows, total_rows=len(ROWS))
    table = pq.read_table(path)
    assert [list(r) for r in zip(*(table.column(c.name).to_pylist() for c in COLUMNS), strict=True)] == text_rows


def test_a_row_of_the_wrong_width_is_refused(tmp_path):
    for fmt in ("csv", "parquet", "xlsx"):
        with pytest.raises(ValueError, match=r"wrong width|values for 4 columns"):
            write(fmt, tmp_path / f"x.{fmt}", COLUMNS, [["a", 1, 0.5]], total_rows=1)


def test_the_month_of_a_datetime_read_as_text_is_the_local_month():
    from datetime import UTC

    month_of = export._months_of_db(UTC)
    # Europe/London: 23:30 UTC on 31 March 2026 is 00:30 on 1 April (BST).
    assert month_of("2026-03-31 23:30:00") == "2026-04"
    assert month_of("2026-03-31 23:59:59.999999") == "2026-04"  # the same hour, from the memo
    assert month_of("2026-03-31 22:59:00") == "2026-03"
    assert month_of("2026-03-31 23:30:00+00") == "2026-04"  # PostgreSQL's text carries its offset
    assert month_of("2026-03-31 18:30:00-05:00") == "2026-04"
    assert month_of("2026-01-31 23:59:00Z") == "2026-01"
    assert month_of("2026-10-31 23:30:00") == "2026-10"  # GMT again by then
