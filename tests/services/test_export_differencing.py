"""Exports set against each other never isolate fewer than k people (decision 0024): periods are
whole months, and a cohort that differs from any earlier export's by 1 to k-1 assessments on
either side is refused when asked for, or its file is not released when the rows written do."""

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import assess, make_situation, register
from tests.services.export_data import identifiers
from triage.lib import cohorts
from triage.models import Assessment, CouncilArea, ExportJob, ExportStatus
from triage.selectors.export import ExportFilters
from triage.services.exports import ExportRefused, export_file_path, export_request

pytestmark = pytest.mark.django_db


def run(user, fmt="csv", k=5, **filters):
    job = export_request(acting_user=user, filters=ExportFilters(**filters), fmt=fmt, k=k)
    job.refresh_from_db()
    return job


def add_people(adviser, situation, n, start):
    for i in range(start, start + n):
        person = register(adviser, situation, council_area=situation.council_area, **identifiers(i))
        assess(adviser, person)


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"date_from": date(2026, 4, 2)}, "date_from"),
        ({"date_to": date(2026, 4, 29)}, "date_to"),
        ({"date_from": date(2026, 4, 1), "date_to": date(2026, 2, 28)}, None),  # whole months, just empty
    ],
)
def test_a_period_runs_over_whole_months(evaluator, export_people, filters, field):
    if field is None:
        assert run(evaluator, **filters).status == ExportStatus.DONE
        return
    with pytest.raises(ExportRefused, match=r"must be the (first|last) day of a month") as refused:
        run(evaluator, **filters)
    assert refused.value.field == field
    assert not ExportJob.objects.exists()


def test_the_same_filters_after_a_few_new_assessments_are_refused(evaluator, adviser_a, export_people):
    first = run(evaluator)
    assert first.status == ExportStatus.DONE
    situation = export_people[0][0].situation
    add_people(adviser_a, situation, 2, start=100)
    with pytest.raises(ExportRefused, match="Fewer than 5 assessments have been added or removed") as refused:
        run(evaluator, fmt="parquet")
    assert refused.value.field == "date_to"
    assert ExportJob.objects.count() == 1
    add_people(adviser_a, situation, 3, start=200)  # five new in all: no fewer than k apart
    last = run(evaluator, fmt="parquet")  # asked for; its file is checked again as written
    assert ExportJob.objects.count() == 2
    assert last.status == ExportStatus.DONE or "The file was not released" in last.error


def test_the_same_cohort_again_is_allowed(evaluator, export_people):
    assert run(evaluator, "csv").status == ExportStatus.DONE
    assert run(evaluator, "parquet").status == ExportStatus.DONE
    assert run(evaluator, "xlsx").status == ExportStatus.DONE


def test_filters_that_leave_a_few_people_apart_are_refused_whoever_asked(
    evaluator, adviser_a, team_a, export_people, today
):
    from tests.factories import make_user
    from triage.access import Role

    edinburgh = CouncilArea.objects.get(name="City of Edinburgh")
    small = export_people[-1][0].situation  # five people in Edinburgh
    add_people(adviser_a, make_situation(team_a, edinburgh, date(2026, 3, 2), employer="Portobello Print"), 3, 300)
    assert run(evaluator, k=5, council_area_code=edinburgh.code).status != ExportStatus.FAILED  # eight people
    colleague = make_user("evaluator_2", Role.EVALUATOR)
    with pytest.raises(ExportRefused, match="between 1 and 4 people in one export and not the other") as refused:
        run(colleague, k=5, situation_id=small.pk)  # the five of them: three fewer
    assert refused.value.field == "situation_id"
    # The redundancy with everyone else: far apart, allowed.
    assert run(colleague, k=5, situation_id=export_people[0][0].situation_id).status == ExportStatus.DONE


def test_a_failed_export_does_not_count(evaluator, adviser_a, export_people):
    first = run(evaluator)
    ExportJob.objects.filter(pk=first.pk).update(status=ExportStatus.FAILED)
    add_people(adviser_a, export_people[0][0].situation, 2, start=100)
    assert run(evaluator).status == ExportStatus.DONE


def test_the_rows_written_are_checked_against_the_files_released(evaluator, export_people):
    """Suppression or changed data can bring two files closer than their filters did: the file is
    then not released."""
    earlier = run(evaluator, k=1)
    released = cohorts.unpack(bytes(earlier.released_cohort))
    assert released.size == 35
    # As if the earlier file had held two rows fewer, though its filters matched these 35.
    fewer = released[2:]
    ExportJob.objects.filter(pk=earlier.pk).update(
        k=5, released_cohort=cohorts.pack(fewer), released_digest=cohorts.digest(fewer)
    )
    job = run(evaluator, "parquet", k=1)
    assert job.status == ExportStatus.FAILED
    assert "The file was not released" in job.error
    assert export_file_path(job) is None


def test_an_export_recorded_before_cohorts_were_kept_is_compared_by_its_filters(evaluator, adviser_a, export_people):
    ExportJob.objects.create(
        requested_by=evaluator, format="csv", k=5, status=ExportStatus.EXPIRED, filters=ExportFilters().as_json()
    )
    add_people(adviser_a, export_people[0][0].situation, 2, start=100)
    with pytest.raises(ExportRefused, match="Fewer than 5"):
        run(evaluator)


def test_a_cohort_is_ids_only(evaluator, export_people):
    job = run(evaluator, k=1)
    ids = sorted(a.pk for _, a in export_people)
    assert cohorts.unpack(bytes(job.requested_cohort)).tolist() == ids
    assert job.requested_digest == cohorts.digest(cohorts.as_ids(ids))
    assert timezone.now() >= job.created_at


def test_an_earlier_export_without_cohorts_is_worked_out_once_and_kept(evaluator, export_people):
    """Its cohort is what its filters matched when it was asked for, kept on it once worked out:
    no later export queries every assessment again for it."""
    legacy = ExportJob.objects.create(
        requested_by=evaluator, format="csv", k=5, status=ExportStatus.EXPIRED, filters=ExportFilters().as_json()
    )
    run(evaluator)  # the same cohort: allowed, and the earlier one's cohort kept
    legacy.refresh_from_db()
    matched = cohorts.unpack(bytes(legacy.requested_cohort)).tolist()
    assert matched and legacy.requested_digest and legacy.released_digest == legacy.requested_digest
    assert sorted(matched) == sorted(Assessment.objects.values_list("pk", flat=True))
