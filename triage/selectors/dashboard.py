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
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from triage.lib.dates import start_of_day
from triage.models import (
    Assessment,
    Band,
    CouncilArea,
    Intervention,
    InterventionStatus,
    InterventionType,
    Person,
    RedundancySituation,
    User,
)
from triage.selectors.scoping import people_visible_to, situations_visible_to

WEEKS = 12
SMALL_COUNT = 10
LARGEST_SITUATIONS = 10
# A situation's size: the notice an employer must give changes at 20 and at 100 people (HR1).
SITUATION_SIZES = ((1, 19, "1 to 19"), (20, 99, "20 to 99"), (100, 499, "100 to 499"), (500, None, "500 or more"))
NOT_ASSESSED = "not_assessed"
INCOMPLETE = "incomplete"

Shown = int | None  # None: withheld by disclosure control
_Counts = dict[int, list[int]]  # id -> [people, banded, high]
_SituationValues = tuple[int, str, str, str, int]  # pk, employer, sector, area name, number affected
_M = TypeVar("_M", bound=Model)
_K = TypeVar("_K", bound=Hashable)


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


def team_dashboard_figures(*, user: User, today: date) -> DashboardFigures:
    """The team lead's dashboard: their team's people and situations only."""
    return dashboard_figures(
        people=people_visible_to(user), situations=situations_visible_to(user), today=today, team_id=user.team_id
    )


def evaluation_dashboard_figures(*, today: date) -> DashboardFigures:
    """The evaluator's dashboard: every team, aggregate only, small counts withheld."""
    figures = dashboard_figures(people=Person.objects.all(), situations=RedundancySituation.objects.all(), today=today)
    return disclosure_controlled(figures)


def dashboard_figures(
    *, people: QuerySet[Person], situations: QuerySet[RedundancySituation], today: date, team_id: int | None = None
) -> DashboardFigures:
    """The dashboard's figures for `people` and `situations` (already scoped to `team_id`, or to every
    team when it is None), in seven queries."""
    bands, total, overridden, by_area = _people_by_area_and_band(people)
    by_situation = _people_by_situation(people)
    weeks = _weeks(team_id, today)
    situation_rows = list(
        situations.order_by().values_list("pk", "employer", "sector", "council_area__name", "number_affected")
    )
    not_assessed = next(row.current for row in bands if row.key == NOT_ASSESSED)
    return DashboardFigures(
        people=total,
        assessed=total - _raw(not_assessed),
        overridden=overridden,
        bands=bands,
        weeks=weeks,
        weekly_total=sum(_raw(week.assessments) for week in weeks),
        interventions=_interventions(_of_team(Intervention.objects.all(), team_id)),
        situations_count=len(situation_rows),
        largest_situations=_largest_situations(situation_rows, by_situation),
        situation_sizes=_situation_sizes(situation_rows, by_situation),
        sectors=_sectors(situation_rows, by_situation),
        areas=_areas(by_area),
    )


def _people_by_area_and_band(people: QuerySet[Person]) -> tuple[tuple[BandRow, ...], int, int, _Counts]:
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


def _people_by_situation(people: QuerySet[Person]) -> _Counts:
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


def _weeks(team_id: int | None, today: date) -> tuple[WeekRow, ...]:
    """Assessments per ISO week (Monday to Sunday, local time), the last WEEKS weeks up to `today`'s.

    One query: the created_at range first, so an index on created_at narrows the rows, then one
    count per week boundary (each row compared once per boundary; a week is the difference of two).
    Assessments carry their team, so a team's are an index range on (team, created_at).
    """
    tz = timezone.get_current_timezone()
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    edges = [start_of_day(monday, tz) for monday in mondays] + [start_of_day(this_monday + timedelta(weeks=1), tz)]
    assessments = _of_team(Assessment.objects.all(), team_id)
    # Counting created_at, not id: PostgreSQL then answers from the (team, created_at) index alone.
    counts = assessments.filter(created_at__gte=edges[0], created_at__lt=edges[-1]).aggregate(
        since_0=Count("created_at"),
        **{f"since_{i}": Count("created_at", filter=Q(created_at__gte=edges[i])) for i in range(1, WEEKS)},
    )
    since = [counts[f"since_{i}"] for i in range(WEEKS)] + [0]
    return tuple(
        WeekRow(monday, monday.isocalendar().week, since[i] - since[i + 1]) for i, monday in enumerate(mondays)
    )


def _of_team(queryset: QuerySet[_M], team_id: int | None) -> QuerySet[_M]:
    """Assessments or interventions of one team (each row carries its person's team), or of all."""
    return queryset if team_id is None else queryset.filter(team_id=team_id)


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
    status_totals = tuple(sum(_raw(row.by_status[i]) for row in rows) for i in range(len(statuses)))
    return InterventionFigures(
        statuses=tuple(status.label for status in statuses),
        rows=tuple(rows),
        status_totals=status_totals,
        total=sum(status_totals),
    )


def _largest_situations(situation_rows: list[_SituationValues], by_situation: _Counts) -> tuple[SituationRow, ...]:
    sector_labels = dict(RedundancySituation.Sector.choices)
    largest = sorted(situation_rows, key=lambda row: (-row[4], row[1], row[0]))[:LARGEST_SITUATIONS]
    return tuple(
        SituationRow(employer, sector_labels.get(sector, sector), area, affected, by_situation.get(pk, [0])[0])
        for pk, employer, sector, area, affected in largest
    )


def _situation_sizes(situation_rows: list[_SituationValues], by_situation: _Counts) -> tuple[SituationSizeRow, ...]:
    rows = []
    for low, high, label in SITUATION_SIZES:
        within = [row for row in situation_rows if row[4] >= low and (high is None or row[4] <= high)]
        registered = sum(by_situation.get(row[0], [0])[0] for row in within)
        rows.append(SituationSizeRow(label, len(within), sum(row[4] for row in within), registered))
    return tuple(rows)


def _sectors(situation_rows: list[_SituationValues], by_situation: _Counts) -> tuple[BreakdownRow, ...]:
    sector_of = {row[0]: row[2] for row in situation_rows}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for situation_id, counts in by_situation.items():
        target = totals[sector_of.get(situation_id, RedundancySituation.Sector.OTHER)]
        for i, n in enumerate(counts):
            target[i] += n
    labels = dict(RedundancySituation.Sector.choices)
    return _breakdown({labels[sector]: counts for sector, counts in totals.items()})


def _areas(by_area: _Counts) -> tuple[BreakdownRow, ...]:
    names = dict(CouncilArea.objects.values_list("pk", "name"))
    return _breakdown({names[area_id]: counts for area_id, counts in by_area.items()})


def _breakdown(counts_by_label: dict[str, list[int]]) -> tuple[BreakdownRow, ...]:
    rows = [
        BreakdownRow(label, people, banded, high, high / banded if banded else None)
        for label, (people, banded, high) in counts_by_label.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-_raw(row.people), row.label)))


# Disclosure control for the evaluator's all-teams release.


def disclosure_controlled(figures: DashboardFigures) -> DashboardFigures:
    """The figures with small counts withheld (None, shown as "fewer than 10"), for release to partners.

    Primary suppression: every count under SMALL_COUNT. Secondary: the counts of a group (a column
    of a table, or a row and a column of the type × status table) add up to a total that is shown,
    so while a group's withheld counts could be worked out by subtraction (one alone, or several
    adding up to fewer than SMALL_COUNT), its next smallest count is withheld too. Named employers
    are dropped: situations are given by size only.
    """
    bands = figures.bands
    checklist = _withhold([row.checklist for row in bands])
    current = _withhold([row.current for row in bands])
    bands = tuple(replace(row, checklist=c, current=e) for row, c, e in zip(bands, checklist, current, strict=True))
    sizes = figures.situation_sizes
    situations = _withhold([row.situations for row in sizes])
    affected = _withhold([row.number_affected for row in sizes])
    registered = _withhold([row.registered for row in sizes])
    weekly = _withhold([week.assessments for week in figures.weeks])
    return replace(
        figures,
        people=_shown(figures.people),
        # Assessed is people less not assessed: withheld with it, or the subtraction would give it away.
        assessed=_shown(figures.assessed) if bands[-1].current is not None else None,
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
        sectors=_breakdown_controlled(figures.sectors),
        areas=_breakdown_controlled(figures.areas),
    )


def _raw(n: Shown) -> int:
    """A count of figures not yet disclosure-controlled, where none is withheld."""
    assert n is not None, "disclosure control is applied once, to figures with every count shown"
    return n


def _shown(n: int | None) -> Shown:
    return n if n is not None and n >= SMALL_COUNT else None


def _withhold(uncontrolled: Sequence[Shown]) -> list[Shown]:
    """One group of counts with a shown total: primary, then secondary suppression."""
    counts = [_raw(n) for n in uncontrolled]
    shown = {i: _shown(n) for i, n in enumerate(counts)}
    while _withhold_one_more(shown, dict(enumerate(counts)), list(shown)):
        pass
    return [shown[i] for i in range(len(counts))]


def _withhold_one_more(shown: dict[_K, Shown], counts: dict[_K, int], group: list[_K]) -> bool:
    """Withhold the group's smallest shown count if its withheld counts can be worked out; say if it did.

    They can when they add up to 1–9 (a small count a subtraction away), or when a single non-zero
    count is withheld: its value is the total less the rest, and in a table it can then give away
    a small count in its other row or column.
    """
    withheld = [counts[key] for key in group if shown[key] is None]
    candidates = [key for key in group if shown[key] is not None]
    exposed = 0 < sum(withheld) < SMALL_COUNT or (len(withheld) == 1 and withheld[0] > 0)
    if not exposed or not candidates:
        return False
    shown[min(candidates, key=lambda key: (counts[key], key))] = None
    return True


def _breakdown_controlled(rows: tuple[BreakdownRow, ...]) -> tuple[BreakdownRow, ...]:
    people = _withhold([row.people for row in rows])
    banded = _withhold([row.banded for row in rows])
    high = _withhold([row.high for row in rows])
    controlled = []
    for row, n, b, h in zip(rows, people, banded, high, strict=True):
        # A share gives away both its count and everyone else's: both must be large enough.
        disclosive = h is None or b is None or _raw(row.banded) - _raw(row.high) < SMALL_COUNT
        controlled.append(replace(row, people=n, banded=b, high=h, share_high=None if disclosive else row.share_high))
    # Ordered by what is shown, so the order of withheld rows gives nothing away.
    return tuple(sorted(controlled, key=lambda row: (row.people is None, -(row.people or 0), row.label)))


def _interventions_controlled(figures: InterventionFigures) -> InterventionFigures:
    """Type × status: the row totals, the status totals, then every row and column of cells as groups."""
    row_totals = _withhold([row.total for row in figures.rows])
    status_totals = _withhold(list(figures.status_totals))
    rows, columns = range(len(figures.rows)), range(len(figures.statuses))
    counts = {(i, j): _raw(figures.rows[i].by_status[j]) for i in rows for j in columns}
    shown = {key: _shown(n) for key, n in counts.items()}
    groups = [[(i, j) for j in columns] for i in rows] + [[(i, j) for i in rows] for j in columns]
    # Withholding a cell for its row can leave its column short, and back: repeat until stable.
    while any(_withhold_one_more(shown, counts, group) for group in groups):
        pass
    return replace(
        figures,
        rows=tuple(
            replace(row, by_status=tuple(shown[(i, j)] for j in columns), total=row_totals[i])
            for i, row in enumerate(figures.rows)
        ),
        status_totals=tuple(status_totals),
        total=_shown(figures.total),
    )


__all__ = [
    "DashboardFigures",
    "dashboard_figures",
    "disclosure_controlled",
    "evaluation_dashboard_figures",
    "team_dashboard_figures",
]
