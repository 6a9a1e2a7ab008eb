"""Dashboards: the team lead's `dashboard` and the evaluator's `evaluation-dashboard`.

Issue #5: "band distribution (model vs effective), assessments per week, interventions by type and
status, redundancy situations by people affected, breakdowns by sector and area. Charts are
accessible: each has a data table beside it or behind a details toggle; no chart is the only way to
read a figure." Evaluators see "all, aggregate only" (DESIGN.md roles table).

The figures and their disclosure control; the pages' own tests are under tests/views/<role>/."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.dashboard_data import incomplete_answers, override
from tests.factories import HIGH_RISK_ANSWERS, assess, register
from triage.lib.disclosure import feasible_ranges
from triage.models import Assessment, InterventionType, RedundancySituation
from triage.selectors.dashboard import (
    SMALL_COUNT,
    BandRow,
    BreakdownRow,
    dashboard_figures,
    disclosure_controlled,
    disclosure_release,
    evaluation_dashboard_figures,
    team_dashboard_figures,
)


def bands(figures):
    return {row.key: (row.checklist, row.current) for row in figures.bands}


def test_band_distribution_counts_checklist_and_current_bands(team_lead_a, team_a_people, team_b_people, today):
    figures = team_dashboard_figures(user=team_lead_a, today=today)

    assert bands(figures) == {
        "low": (1, 1),
        "medium": (0, 1),  # the changed person: checklist high, current medium
        "high": (3, 2),
        "incomplete": (1, 1),
        "not_assessed": (1, 1),
    }
    assert (figures.people, figures.assessed, figures.overridden) == (6, 5, 1)


def test_an_incomplete_checklist_given_a_band_counts_as_incomplete_checklist_and_that_band(
    adviser_a, team_lead_a, situation_a, today
):
    person = register(adviser_a, situation_a)
    override(adviser_a, assess(adviser_a, person, incomplete_answers()), "high")

    figures = team_dashboard_figures(user=team_lead_a, today=today)

    assert bands(figures)["incomplete"] == (1, 0)
    assert bands(figures)["high"] == (0, 1)
    assert figures.overridden == 1


def test_assessments_are_counted_in_their_iso_week_for_the_last_12_weeks(
    adviser_a, team_lead_a, situation_a, team_b_people
):
    """Weeks run Monday to Sunday; an assessment 12 weeks before this week's Monday is left out."""
    today = timezone.localdate()
    person = register(adviser_a, situation_a)
    monday = today - timedelta(days=today.weekday())
    moments = {
        "this week": timezone.now(),
        "three weeks ago, Sunday night": timezone.make_aware(
            timezone.datetime.combine(monday - timedelta(weeks=2, days=1), timezone.datetime.min.time())
        )
        + timedelta(hours=23, minutes=30),
        "eleven weeks ago, Monday": timezone.make_aware(
            timezone.datetime.combine(monday - timedelta(weeks=11), timezone.datetime.min.time())
        ),
        "twelve weeks ago": timezone.make_aware(
            timezone.datetime.combine(monday - timedelta(weeks=12), timezone.datetime.min.time())
        ),
    }
    for moment in moments.values():
        assessment = assess(adviser_a, person)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=moment)

    figures = team_dashboard_figures(user=team_lead_a, today=today)

    counts = [week.assessments for week in figures.weeks]
    assert len(counts) == 12
    assert figures.weeks[-1].starts_on == monday
    assert figures.weeks[0].starts_on == monday - timedelta(weeks=11)
    assert figures.weeks[-1].iso_week == monday.isocalendar().week
    assert counts == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]
    assert figures.weekly_total == 3


def test_interventions_are_counted_by_type_and_status(team_lead_a, team_a_people, team_b_people, today):
    interventions = team_dashboard_figures(user=team_lead_a, today=today).interventions

    assert interventions.statuses == ("Offered", "Referred", "Started", "Completed", "Declined")
    table = {row.label: row.by_status for row in interventions.rows}
    assert len(table) == InterventionType.objects.count()
    assert table["Employability advice"] == (0, 1, 1, 0, 0)
    assert table["Benefits"] == (1, 0, 0, 0, 0)
    assert table["Money"] == (0, 0, 0, 1, 0)
    assert table["Pensions"] == (0, 0, 0, 0, 0)  # team B's declined pensions advice is not team A's
    assert interventions.status_totals == (1, 1, 1, 1, 0)
    assert interventions.total == 4
    assert {row.label: row.count for row in interventions.by_type}["Employability advice"] == 2


def test_situations_are_listed_by_people_affected_with_people_registered(
    team_lead_a, team_a_people, team_b_people, today
):
    figures = team_dashboard_figures(user=team_lead_a, today=today)

    assert figures.situations_count == 2
    assert [
        (s.employer, s.sector, s.council_area, s.number_affected, s.registered) for s in figures.largest_situations
    ] == [
        ("Clydeside Fabrication Ltd", "Manufacturing", "Glasgow City", 120, 5),
        ("Leith Department Store", "Retail and wholesale", "City of Edinburgh", 40, 1),
    ]
    sizes = {row.label: (row.situations, row.number_affected, row.registered) for row in figures.situation_sizes}
    assert sizes == {"1 to 19": (0, 0, 0), "20 to 99": (1, 40, 1), "100 to 499": (1, 120, 5), "500 or more": (0, 0, 0)}


def test_breakdowns_by_sector_and_area_give_people_and_share_high(team_lead_a, team_a_people, team_b_people, today):
    """Share high is of the people with a current band: Clydeside has 4 (low, high, medium, and the
    not-assessed and incomplete people have none), one of them high."""
    figures = team_dashboard_figures(user=team_lead_a, today=today)

    assert figures.sectors == (
        BreakdownRow("Manufacturing", people=5, banded=3, high=1, share_high=1 / 3),
        BreakdownRow("Retail and wholesale", people=1, banded=1, high=1, share_high=1.0),
    )
    assert figures.areas == (
        BreakdownRow("Glasgow City", people=5, banded=3, high=1, share_high=1 / 3),
        BreakdownRow("City of Edinburgh", people=1, banded=1, high=1, share_high=1.0),
    )


def test_a_count_beside_withheld_zeros_that_add_up_to_its_total_is_withheld_too(
    adviser_a, adviser_b, situation_a, situation_b, today
):
    """All 12 people are high: 12 high shown beside people 12 would give every other band away as 0,
    and 12 banded in Glasgow beside 12 people would say nobody there is without a band."""
    for i in range(7):
        assess(adviser_a, register(adviser_a, situation_a, family_name=f"Alpha{i}"), HIGH_RISK_ANSWERS)
    for i in range(5):
        assess(adviser_b, register(adviser_b, situation_b, family_name=f"Bravo{i}"), HIGH_RISK_ANSWERS)

    figures = evaluation_dashboard_figures(today=today)

    assert figures.people == 12
    assert all(row.checklist is None and row.current is None for row in figures.bands)
    assert figures.areas == (BreakdownRow("Glasgow City", people=12, banded=None, high=None, share_high=None),)
    assert_page_safe(_uncontrolled_evaluation_figures(today))


def test_disclosure_control_withholds_a_second_count_when_one_could_be_worked_out():
    """People 135 = 60 + 31 + 9 + 15 + 20: withholding only the 9 would leave it a subtraction away."""
    figures = _figures_with_bands(low=60, medium=31, high=9, incomplete=15, not_assessed=20)

    controlled = disclosure_controlled(figures)

    current = {row.key: row.current for row in controlled.bands}
    assert current == {"low": 60, "medium": 31, "high": None, "incomplete": None, "not_assessed": 20}
    assert controlled.people == 135


def test_disclosure_control_needs_no_second_count_when_the_withheld_add_up_to_ten_or_more():
    figures = _figures_with_bands(low=60, medium=31, high=9, incomplete=5, not_assessed=20)

    current = {row.key: row.current for row in disclosure_controlled(figures).bands}

    assert current == {"low": 60, "medium": 31, "high": None, "incomplete": None, "not_assessed": 20}


def test_disclosure_control_withholds_more_while_the_withheld_add_up_to_fewer_than_ten():
    """9 + 0 withheld would still give 9 away by subtraction: the 20 goes too."""
    figures = _figures_with_bands(low=60, medium=31, high=9, incomplete=0, not_assessed=20)

    current = {row.key: row.current for row in disclosure_controlled(figures).bands}

    assert current == {"low": 60, "medium": 31, "high": None, "incomplete": None, "not_assessed": None}


def test_disclosure_control_protects_every_row_and_column_of_the_intervention_table():
    from triage.selectors.dashboard import InterventionFigures, InterventionRow

    rows = (
        InterventionRow("Benefits", (3, 40, 50), 93),
        InterventionRow("Money", (30, 40, 50), 120),
        InterventionRow("Pensions", (30, 41, 52), 123),
    )
    figures = replace(
        _figures_with_bands(low=60, medium=31, high=20),
        interventions=InterventionFigures(("Offered", "Started", "Declined"), rows, (63, 121, 152), 336),
    )

    table = disclosure_controlled(figures).interventions

    cells = [row.by_status for row in table.rows]
    assert cells[0][0] is None
    for row in cells:  # no row or column has a lone withheld cell
        assert row.count(None) != 1
    for column in zip(*cells, strict=True):
        assert column.count(None) != 1
    assert cells[2] == (30, 41, 52)  # and no more is withheld than needed
    assert table.total == 336


def test_disclosure_control_withholds_assessed_with_not_assessed():
    """Assessed is people less not assessed: shown beside the people, it would give a small not-assessed away."""
    controlled = disclosure_controlled(_figures_with_bands(low=60, medium=31, high=20, incomplete=15, not_assessed=4))

    assert controlled.people == 130
    assert controlled.assessed is None


def test_disclosure_control_withholds_share_high_when_few_are_not_high():
    rows = (BreakdownRow("Glasgow City", people=50, banded=40, high=35, share_high=35 / 40),)
    figures = _figures_with_bands(low=5, medium=0, high=35, areas=rows, not_assessed=10)
    assert figures.people == 50

    area = disclosure_controlled(figures).areas[0]

    assert (area.people, area.banded, area.share_high) == (50, 40, None)
    # 40 with a band and 35 high, both shown, would give the 5 not high away: the share only hid it.
    assert area.high is None
    assert_page_safe(figures)


def test_disclosure_control_withholds_not_assessed_in_both_columns_or_neither():
    """The checklist's not assessed is the current one: withheld in one column and shown in the other,
    it is given away. Before issue 10 the checklist column withheld its 12 and the current column
    (where 4 incomplete checklists were given a medium band) showed it."""
    figures = _figures_with_bands(low=60, medium=35, high=9, incomplete=11, not_assessed=12)
    bands = tuple(
        replace(row, checklist={"medium": 31, "incomplete": 15}.get(row.key, row.checklist)) for row in figures.bands
    )
    figures = replace(figures, bands=bands)

    controlled = {row.key: (row.checklist, row.current) for row in disclosure_controlled(figures).bands}

    checklist_na, current_na = controlled["not_assessed"]
    assert (checklist_na is None) == (current_na is None)
    assert_page_safe(figures)


def test_a_withheld_type_total_cannot_be_worked_out_by_adding_its_shown_cells():
    """Before issue 10 the type totals were withheld as a column of their own: of 7, 39 and 27 (grand
    total 72) the 7 and the 27 went, but the 27's cells 15 and 12 stayed, and 72 − 39 − 27 gave the 7."""
    from triage.selectors.dashboard import InterventionFigures, InterventionRow

    rows = (
        InterventionRow("Benefits", (2, 4), 6),
        InterventionRow("Money", (9, 30), 39),
        InterventionRow("Pensions", (15, 12), 27),
    )
    figures = _figures_with_bands(
        low=60, medium=31, high=20, interventions=InterventionFigures(("Offered", "Started"), rows, (26, 46), 72)
    )

    table = disclosure_controlled(figures).interventions

    for row in table.rows:
        if row.total is None:
            assert None in row.by_status
    assert_page_safe(figures)


@pytest.mark.parametrize(
    "bands",
    [
        {"low": 60, "medium": 31, "high": 9, "incomplete": 15, "not_assessed": 20},
        {"low": 60, "medium": 31, "high": 9, "incomplete": 0, "not_assessed": 20},
        {"low": 0, "medium": 0, "high": 12},
        {"low": 5, "medium": 0, "high": 35, "not_assessed": 10},
        {"low": 300, "medium": 45, "high": 11, "incomplete": 3, "not_assessed": 0},
    ],
)
def test_nothing_withheld_on_the_evaluators_page_can_be_worked_out(bands):
    """The independent audit over the whole page: every withheld figure ranges at least 10 wide."""
    from triage.selectors.dashboard import InterventionFigures, InterventionRow

    cells = ((3, 40, 50, 0), (30, 0, 50, 2), (30, 41, 1, 52), (0, 0, 0, 11))
    rows = tuple(InterventionRow(f"Type {i}", row, sum(row)) for i, row in enumerate(cells))
    columns = tuple(sum(column) for column in zip(*cells, strict=True))
    interventions = InterventionFigures(("Offered", "Started", "Completed", "Declined"), rows, columns, sum(columns))

    assert_page_safe(_figures_with_bands(**bands, interventions=interventions))


def assert_page_safe(figures):
    """Every withheld figure of the evaluator's page ranges at least SMALL_COUNT wide given what the
    page shows (`feasible_ranges`), apart from what the headline's count of situations, shown in
    full, pins anyway; and no share's complement is given away."""
    release = disclosure_release(figures)
    withheld = {key for key, shown in release.published.items() if shown is None}
    narrow = {
        key: (low, high)
        for key, (low, high) in feasible_ranges(release).items()
        if key in withheld and key not in release.unprotectable and high - low < SMALL_COUNT
    }
    assert not narrow
    assert release.unprotectable <= {("sizes", i, "situations") for i in range(len(figures.situation_sizes))}
    for row in (*disclosure_controlled(figures).sectors, *disclosure_controlled(figures).areas):
        if row.banded is not None and row.high is not None:
            assert row.banded - row.high >= SMALL_COUNT or row.banded == row.high == 0


def _uncontrolled_evaluation_figures(today):
    from triage.models import Person

    return dashboard_figures(people=Person.objects.all(), situations=RedundancySituation.objects.all(), today=today)


WEEKLY = (12, 0, 5, 30, 2, 0, 9, 41, 15, 3, 0, 22)


def _figures_with_bands(*, low, medium, high, incomplete=0, not_assessed=0, areas=None, interventions=None):
    """Dashboard figures built by hand, for the disclosure rules: consistent, as the page's are
    (sectors, areas and situation sizes add up to the people, the banded and the high band)."""
    from triage.selectors.dashboard import (
        DashboardFigures,
        InterventionFigures,
        InterventionRow,
        SituationSizeRow,
        WeekRow,
    )

    people = low + medium + high + incomplete + not_assessed
    bands = (
        BandRow("low", "Low", low, low),
        BandRow("medium", "Medium", medium, medium),
        BandRow("high", "High", high, high),
        BandRow("incomplete", "Incomplete", incomplete, incomplete),
        BandRow("not_assessed", "Not assessed", not_assessed, not_assessed),
    )
    monday = date(2026, 1, 5)
    # Sectors and areas of fewer than 10 people each, all withheld: they leave the bands alone.
    everyone = ["low"] * low + ["medium"] * medium + ["high"] * high + [None] * (incomplete + not_assessed)
    groups = [everyone[i : i + 9] for i in range(0, people, 9)]
    small = [(len(g), sum(b is not None for b in g), g.count("high")) for g in groups]
    sectors = tuple(BreakdownRow(f"Sector {i}", n, b, h, h / b if b else None) for i, (n, b, h) in enumerate(small))
    return DashboardFigures(
        people=people,
        assessed=people - not_assessed,
        overridden=0,
        bands=bands,
        weeks=tuple(WeekRow(monday + timedelta(weeks=i), i + 1, n) for i, n in enumerate(WEEKLY)),
        weekly_total=sum(WEEKLY),
        interventions=interventions
        or InterventionFigures(
            ("Offered", "Started"),
            (InterventionRow("Benefits", (0, 12), 12), InterventionRow("Money", (30, 4), 34)),
            (30, 16),
            46,
        ),
        situations_count=1,
        largest_situations=(),
        situation_sizes=(SituationSizeRow("500 or more", 1, 1000, people),),
        sectors=sectors,
        areas=tuple(areas) if areas is not None else tuple(replace(row, label=f"Area {row.label}") for row in sectors),
    )
