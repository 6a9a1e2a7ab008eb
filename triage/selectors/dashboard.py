"""Dashboard figures: a fixed number of aggregate queries, whatever the number of people.

Person carries a caseload summary (band, model_band, incomplete, assessed_at...) that the services
writing assessments, overrides and interventions keep up to date in the same transaction, so the
people figures group that one table on a few columns. Sectors and situations are joined in Python
from the short list of situations rather than joining every person to it in SQL.

`disclosure_controlled(figures)` makes the evaluator's release of the same figures: every count
below SMALL_COUNT is withheld (None, shown as "fewer than 10"), and so is a second count wherever a
single withheld one could be worked out from a total shown beside it.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, QuerySet, Value, When
from django.utils import timezone

from triage.models import (
    Assessment,
    Band,
    CouncilArea,
    Intervention,
    InterventionStatus,
    InterventionType,
    Person,
    RedundancySituation,
)
from triage.selectors.people import people_visible_to, situations_visible_to

WEEKS = 12
SMALL_COUNT = 10
LARGEST_SITUATIONS = 10
# A situation's size: the notice an employer must give changes at 20 and at 100 people (HR1).
SITUATION_SIZES = ((1, 19, "1 to 19"), (20, 99, "20 to 99"), (100, 499, "100 to 499"), (500, None, "500 or more"))
NOT_ASSESSED = "not_assessed"
INCOMPLETE = "incomplete"

Shown = int | None  # None: withheld by disclosure control


@dataclass(frozen=True)
class BandRow:
    key: str  # a Band value, "incomplete" or "not_assessed"
    label: str
    checklist: Shown  # the scorecard's band (Person.model_band)
    current: Shown  # after any adviser's change (Person.band, the effective band)


@dataclass(frozen=True)
class WeekRow:
    starts_on: date
    iso_week: int
    assessments: Shown


@dataclass(frozen=True)
class CountRow:
    label: str
    count: Shown


@dataclass(frozen=True)
class InterventionRow:
    label: str
    by_status: tuple[Shown, ...]  # in the order of InterventionFigures.statuses
    total: Shown


@dataclass(frozen=True)
class InterventionFigures:
    statuses: tuple[str, ...]  # status labels: the table's columns
    rows: tuple[InterventionRow, ...]  # one per intervention type
    status_totals: tuple[Shown, ...]
    total: Shown

    @property
    def by_type(self) -> tuple[CountRow, ...]:
        return tuple(CountRow(row.label, row.total) for row in self.rows)

    @property
    def by_status(self) -> tuple[CountRow, ...]:
        return tuple(CountRow(label, n) for label, n in zip(self.statuses, self.status_totals, strict=True))


@dataclass(frozen=True)
class SituationRow:
    employer: str
    sector: str
    council_area: str
    number_affected: int
    registered: int


@dataclass(frozen=True)
class SituationSizeRow:
    label: str
    situations: Shown
    number_affected: Shown
    registered: Shown


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    people: Shown
    banded: Shown  # people with a current band
    high: Shown  # people whose current band is high
    share_high: float | None  # high / banded; None when withheld or nobody has a band


@dataclass(frozen=True)
class DashboardFigures:
    people: Shown
    assessed: Shown
    overridden: Shown
    bands: tuple[BandRow, ...]
    weeks: tuple[WeekRow, ...]
    weekly_total: Shown
    interventions: InterventionFigures
    situations_count: int
    largest_situations: tuple[SituationRow, ...]  # at most LARGEST_SITUATIONS, largest first
    situation_sizes: tuple[SituationSizeRow, ...]
    sectors: tuple[BreakdownRow, ...]
    areas: tuple[BreakdownRow, ...]


def team_dashboard_figures(*, user, today: date) -> DashboardFigures:
    """The team lead's dashboard: their team's people and situations only."""
    return dashboard_figures(people=people_visible_to(user), situations=situations_visible_to(user), today=today)


def evaluation_dashboard_figures(*, today: date) -> DashboardFigures:
    """The evaluator's dashboard: every team, aggregate only, small counts withheld."""
    figures = dashboard_figures(people=Person.objects.all(), situations=RedundancySituation.objects.all(), today=today)
    return disclosure_controlled(figures)


def dashboard_figures(
    *, people: QuerySet[Person], situations: QuerySet[RedundancySituation], today: date
) -> DashboardFigures:
    """The dashboard's figures for `people` and `situations` (already scoped), in seven queries."""
    # Assessments and interventions are scoped through their person; an unfiltered Person queryset
    # (the evaluator's "all teams") needs no `IN (SELECT id FROM person)` over a million ids.
    scoped = people.query.has_filters()
    assessments = Assessment.objects.filter(person__in=people) if scoped else Assessment.objects.all()
    interventions = Intervention.objects.filter(person__in=people) if scoped else Intervention.objects.all()

    bands, total, overridden, by_area = _people_by_area_and_band(people)
    by_situation = _people_by_situation(people)
    weeks = _weeks(assessments, today)
    situation_rows = list(
        situations.order_by().values_list("pk", "employer", "sector", "council_area__name", "number_affected")
    )
    not_assessed = next(row.current for row in bands if row.key == NOT_ASSESSED)
    return DashboardFigures(
        people=total,
        assessed=total - not_assessed,
        overridden=overridden,
        bands=bands,
        weeks=weeks,
        weekly_total=sum(week.assessments for week in weeks),
        interventions=_interventions(interventions),
        situations_count=len(situation_rows),
        largest_situations=_largest_situations(situation_rows, by_situation),
        situation_sizes=_situation_sizes(situation_rows, by_situation),
        sectors=_sectors(situation_rows, by_situation),
        areas=_areas(by_area),
    )


def _people_by_area_and_band(people: QuerySet[Person]) -> tuple[tuple[BandRow, ...], int, int, dict]:
    """Band counts (checklist and current), people, overridden, and people per council area: one query.

    Grouped on plain columns with COUNT(*) only, led by team_id, so an index on (team, council_area,
    band, model_band, incomplete) hands the groups over in order without a sort or a table read.
    The caseload summary tells the cases apart: not assessed has no band, no checklist band and is
    not incomplete; an incomplete checklist has no checklist band, and a band only if overridden.
    """
    checklist: dict[str, int] = defaultdict(int)
    current: dict[str, int] = defaultdict(int)
    by_area: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # people, banded, high
    total = overridden = 0
    groups = (
        people.order_by()
        .values_list("team_id", "council_area_id", "band", "model_band", "incomplete")
        .annotate(n=Count("*"))
    )
    for _team_id, area_id, band, model_band, incomplete, n in groups:
        total += n
        _add(by_area[area_id], n, band)
        if band is None and model_band is None and not incomplete:
            checklist[NOT_ASSESSED] += n
            current[NOT_ASSESSED] += n
            continue
        checklist[model_band or INCOMPLETE] += n
        current[band or INCOMPLETE] += n
        if band != model_band:
            overridden += n
    keys = [(band.value, band.label) for band in Band] + [(INCOMPLETE, "Incomplete"), (NOT_ASSESSED, "Not assessed")]
    bands = tuple(BandRow(key, label, checklist[key], current[key]) for key, label in keys)
    return bands, total, overridden, by_area


def _people_by_situation(people: QuerySet[Person]) -> dict:
    """People, banded and high band per situation: one query, COUNT(*) per (team, situation, band)."""
    by_situation: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    groups = people.order_by().values_list("team_id", "situation_id", "band").annotate(n=Count("*"))
    for _team_id, situation_id, band, n in groups:
        _add(by_situation[situation_id], n, band)
    return by_situation


def _add(counts: list[int], n: int, band: str | None) -> None:
    counts[0] += n
    if band is not None:
        counts[1] += n
    if band == Band.HIGH:
        counts[2] += n


def _weeks(assessments: QuerySet[Assessment], today: date) -> tuple[WeekRow, ...]:
    """Assessments per ISO week (Monday to Sunday, local time), the last WEEKS weeks up to `today`'s.

    The created_at range comes first so an index on created_at narrows the rows; each row then
    finds its week in one CASE, which costs less than a filtered count per week.
    """
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    edges = [_start_of(monday) for monday in mondays] + [_start_of(this_monday + timedelta(weeks=1))]
    week = Case(*(When(created_at__lt=edges[i + 1], then=Value(i)) for i in range(WEEKS - 1)), default=Value(WEEKS - 1))
    counts = dict(
        assessments.filter(created_at__gte=edges[0], created_at__lt=edges[-1])
        .order_by()
        .annotate(week=week)
        .values_list("week")
        .annotate(n=Count("*"))
    )
    return tuple(WeekRow(monday, monday.isocalendar().week, counts.get(i, 0)) for i, monday in enumerate(mondays))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _interventions(interventions: QuerySet[Intervention]) -> InterventionFigures:
    """Interventions by type × status: one grouped query, and one for the types' names."""
    counts = {
        (type_id, status): n
        for type_id, status, n in interventions.order_by()
        .values_list("intervention_type_id", "status")
        .annotate(n=Count("*"))
    }
    statuses = list(InterventionStatus)
    rows = []
    for type_id, name in InterventionType.objects.order_by("category", "name").values_list("pk", "name"):
        cells = tuple(counts.get((type_id, status.value), 0) for status in statuses)
        rows.append(InterventionRow(name, cells, sum(cells)))
    status_totals = tuple(sum(row.by_status[i] for row in rows) for i in range(len(statuses)))
    return InterventionFigures(
        statuses=tuple(status.label for status in statuses),
        rows=tuple(rows),
        status_totals=status_totals,
        total=sum(status_totals),
    )


def _largest_situations(situation_rows: list[tuple], by_situation: dict) -> tuple[SituationRow, ...]:
    sector_labels = dict(RedundancySituation.Sector.choices)
    largest = sorted(situation_rows, key=lambda row: (-row[4], row[1], row[0]))[:LARGEST_SITUATIONS]
    return tuple(
        SituationRow(employer, sector_labels.get(sector, sector), area, affected, by_situation.get(pk, [0])[0])
        for pk, employer, sector, area, affected in largest
    )


def _situation_sizes(situation_rows: list[tuple], by_situation: dict) -> tuple[SituationSizeRow, ...]:
    rows = []
    for low, high, label in SITUATION_SIZES:
        within = [row for row in situation_rows if row[4] >= low and (high is None or row[4] <= high)]
        registered = sum(by_situation.get(row[0], [0])[0] for row in within)
        rows.append(SituationSizeRow(label, len(within), sum(row[4] for row in within), registered))
    return tuple(rows)


def _sectors(situation_rows: list[tuple], by_situation: dict) -> tuple[BreakdownRow, ...]:
    sector_of = {row[0]: row[2] for row in situation_rows}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for situation_id, counts in by_situation.items():
        target = totals[sector_of.get(situation_id, RedundancySituation.Sector.OTHER)]
        for i, n in enumerate(counts):
            target[i] += n
    labels = dict(RedundancySituation.Sector.choices)
    return _breakdown({labels[sector]: counts for sector, counts in totals.items()})


def _areas(by_area: dict) -> tuple[BreakdownRow, ...]:
    names = dict(CouncilArea.objects.values_list("pk", "name"))
    return _breakdown({names[area_id]: counts for area_id, counts in by_area.items()})


def _breakdown(counts_by_label: dict[str, list[int]]) -> tuple[BreakdownRow, ...]:
    rows = [
        BreakdownRow(label, people, banded, high, high / banded if banded else None)
        for label, (people, banded, high) in counts_by_label.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.people, row.label)))


# Disclosure control for the evaluator's all-teams release.


def disclosure_controlled(figures: DashboardFigures) -> DashboardFigures:
    """The figures with small counts withheld: nothing below SMALL_COUNT, nothing derivable from a total.

    Every count under SMALL_COUNT becomes None (primary suppression). Where a group of counts adds up
    to a total shown elsewhere on the page and only one of them is withheld, the next smallest is
    withheld too (secondary suppression), so no withheld count is a subtraction away. Named employers
    are dropped: the release gives situations by size only.
    """
    people = _shown(figures.people)
    band_checklist = _withhold([row.checklist for row in figures.bands], total=people)
    band_current = _withhold([row.current for row in figures.bands], total=people)
    bands = tuple(
        replace(row, checklist=checklist, current=current)
        for row, checklist, current in zip(figures.bands, band_checklist, band_current, strict=True)
    )
    not_assessed = bands[-1].current
    high_total = next(row.current for row in bands if row.key == Band.HIGH)
    weekly = _withhold([week.assessments for week in figures.weeks], total=_shown(figures.weekly_total))
    sizes = figures.situation_sizes
    situations = _withhold([row.situations for row in sizes], total=figures.situations_count)
    affected = _withhold([row.number_affected for row in sizes], total=None)
    registered = _withhold([row.registered for row in sizes], total=people)
    return replace(
        figures,
        people=people,
        # Assessed is people less not assessed: withheld with it, or the subtraction would give it away.
        assessed=_shown(figures.assessed) if not_assessed is not None else None,
        overridden=_shown(figures.overridden),
        bands=bands,
        weeks=tuple(replace(week, assessments=n) for week, n in zip(figures.weeks, weekly, strict=True)),
        weekly_total=_shown(figures.weekly_total),
        interventions=_interventions_controlled(figures.interventions),
        largest_situations=(),
        situation_sizes=tuple(
            replace(row, situations=s, number_affected=a, registered=r)
            for row, s, a, r in zip(sizes, situations, affected, registered, strict=True)
        ),
        sectors=_breakdown_controlled(figures.sectors, people=people, high=high_total),
        areas=_breakdown_controlled(figures.areas, people=people, high=high_total),
    )


def _shown(n: int | None) -> Shown:
    return n if n is not None and n >= SMALL_COUNT else None


def _withhold(counts: list[Shown], *, total: Shown) -> list[Shown]:
    """Primary suppression, then, if a total is shown and exactly one count is withheld, the next smallest."""
    result = [_shown(n) for n in counts]
    if total is not None and result.count(None) == 1:
        _withhold_next_smallest(result, counts, range(len(counts)))
    return result


def _withhold_next_smallest(result: list, counts: list, positions) -> bool:
    candidates = [i for i in positions if result[i] is not None]
    if not candidates:
        return False
    result[min(candidates, key=lambda i: counts[i])] = None
    return True


def _breakdown_controlled(rows: tuple[BreakdownRow, ...], *, people: Shown, high: Shown) -> tuple[BreakdownRow, ...]:
    people_counts = _withhold([row.people for row in rows], total=people)
    banded_counts = _withhold([row.banded for row in rows], total=None)
    high_counts = _withhold([row.high for row in rows], total=high)
    controlled = []
    for row, n, banded, high_n in zip(rows, people_counts, banded_counts, high_counts, strict=True):
        # A share reveals its count and the count of everyone else: both must be large enough.
        disclosive = high_n is None or banded is None or row.banded - row.high < SMALL_COUNT
        controlled.append(
            replace(row, people=n, banded=banded, high=high_n, share_high=None if disclosive else row.share_high)
        )
    # Ordered by what is shown, so the order of withheld rows gives nothing away.
    return tuple(sorted(controlled, key=lambda row: (row.people is None, -(row.people or 0), row.label)))


def _interventions_controlled(figures: InterventionFigures) -> InterventionFigures:
    """Type × status table: withhold small cells, then keep every row and column at zero or 2+ withheld."""
    total = _shown(figures.total)
    row_totals = _withhold([row.total for row in figures.rows], total=total)
    status_totals = _withhold(list(figures.status_totals), total=total)
    counts = [list(row.by_status) for row in figures.rows]
    cells = [[_shown(n) for n in row] for row in counts]
    changed = True
    while changed:
        changed = False
        for i, row in enumerate(cells):
            if row_totals[i] is not None and row.count(None) == 1:
                changed |= _withhold_next_smallest(row, counts[i], range(len(row)))
        for j in range(len(figures.statuses)):
            column = [row[j] for row in cells]
            if status_totals[j] is not None and column.count(None) == 1:
                i = min((i for i, n in enumerate(column) if n is not None), key=lambda i: counts[i][j], default=None)
                if i is not None:
                    cells[i][j] = None
                    changed = True
    return replace(
        figures,
        rows=tuple(
            replace(row, by_status=tuple(row_cells), total=row_total)
            for row, row_cells, row_total in zip(figures.rows, cells, row_totals, strict=True)
        ),
        status_totals=tuple(status_totals),
        total=total,
    )


__all__ = [
    "DashboardFigures",
    "dashboard_figures",
    "disclosure_controlled",
    "evaluation_dashboard_figures",
    "team_dashboard_figures",
]
