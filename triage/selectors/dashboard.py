"""Dashboard figures: a fixed number of aggregate queries, whatever the number of people.

Person carries a caseload summary (band, model_band, incomplete, assessed_at...) that the services
writing assessments, overrides and interventions keep up to date in the same transaction, so the
people figures group that one table on a few columns. Sectors and situations are joined in Python
from the short list of situations rather than joining every person to it in SQL.

`disclosure_controlled(figures)` makes the evaluator's release of the same figures through
`triage.lib.disclosure`, the whole page as one table of figures and the totals tying them: every
count below SMALL_COUNT is withheld (None, shown as "withheld"), 0 included, and more is
withheld until no withheld count can be worked out, or narrowed to a band under SMALL_COUNT wide,
from the totals, the other figures shown, or both together.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from triage.lib.dates import start_of_day
from triage.lib.disclosure import Release, Sum, suppress
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
    """The evaluator's dashboard: every team, aggregate only, small counts withheld.

    Read from one snapshot: disclosure control relies on the figures adding up (the bands to the
    people, the cells to their totals), and a person registered between two of the page's queries
    would otherwise make them disagree.
    """
    with one_snapshot():
        figures = dashboard_figures(
            people=Person.objects.all(), situations=RedundancySituation.objects.all(), today=today
        )
    return disclosure_controlled(figures)


@contextmanager
def one_snapshot() -> Iterator[None]:
    """A read-only transaction whose queries all see the database as it was at the first of them.

    SQLite's transactions do already; PostgreSQL's default (read committed) gives each statement
    its own snapshot, so the transaction asks for repeatable read. Inside an outer transaction (a
    test's) the outer one's isolation stands: it must be chosen before its first query.
    """
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


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

_Key = tuple[Hashable, ...]  # one figure on the evaluator's page


def disclosure_controlled(figures: DashboardFigures) -> DashboardFigures:
    """The figures with small counts withheld (None, shown as "withheld"), for release to partners.

    The page is one release: its figures and every relation a reader can use between them go to
    `triage.lib.disclosure.suppress` together (`_page`), with SMALL_COUNT as the threshold. Primary
    suppression: every count under SMALL_COUNT, 0 included. Secondary: more is withheld until no
    withheld count can be placed, from what the page shows, within a range narrower than SMALL_COUNT.
    Named employers are dropped: situations are given by size only.
    """
    shown = dict(disclosure_release(figures).published)
    bands = tuple(
        replace(row, checklist=shown[("checklist", row.key)], current=shown[("current", row.key)])
        for row in figures.bands
    )
    return replace(
        figures,
        people=shown[("people",)],
        assessed=shown[("assessed",)],
        overridden=shown[("overridden",)],
        bands=bands,
        weeks=tuple(replace(week, assessments=shown[("week", i)]) for i, week in enumerate(figures.weeks)),
        weekly_total=shown[("weekly_total",)],
        interventions=_interventions_controlled(figures.interventions, shown),
        largest_situations=(),
        situation_sizes=tuple(
            replace(
                row,
                situations=shown[("sizes", i, "situations")],
                number_affected=shown[("sizes", i, "affected")],
                registered=shown[("sizes", i, "registered")],
            )
            for i, row in enumerate(figures.situation_sizes)
        ),
        sectors=_breakdown_controlled(figures.sectors, shown, "sectors"),
        areas=_breakdown_controlled(figures.areas, shown, "areas"),
    )


def disclosure_release(figures: DashboardFigures) -> Release[_Key]:
    """The evaluator's page as one release (`triage.lib.disclosure`): what `disclosure_controlled`
    shows, and what `feasible_ranges` needs to audit it."""
    values, sums, hidden = _page(figures)
    return suppress(values, sums, threshold=SMALL_COUNT, hidden=hidden, fixed=[("situations_count",)])


def _page(figures: DashboardFigures) -> tuple[dict[_Key, int], list[Sum[_Key]], set[_Key]]:
    """Every count on the evaluator's page, the sums tying them, and the counts a reader can work
    out but the page does not show (hidden: protected too when small).

    Bands: each column adds up to the people (the foot of the table, and the headline); assessed is
    people less not assessed, and the checklist's not assessed is the current one. Weeks add up to
    the weekly total; the type × status table to its row, column and grand totals. Situation sizes:
    the situations add up to the headline's count (published whatever it is: it is not a count of
    people), the people registered to the people. Sectors and areas: each column adds up to a
    figure of the bands table (people; banded = current low + medium + high; high), and within a
    row, people = banded + unbanded and banded = high + not high.
    """
    values: dict[_Key, int] = {}
    sums: list[Sum[_Key]] = []
    hidden: set[_Key] = set()

    def add(key: _Key, n: Shown, *, hide: bool = False) -> _Key:
        values[key] = _raw(n)
        if hide:
            hidden.add(key)
        return key

    people = add(("people",), figures.people)
    checklist = [add(("checklist", row.key), row.checklist) for row in figures.bands]
    current = {row.key: add(("current", row.key), row.current) for row in figures.bands}
    sums += [Sum(people, tuple(checklist)), Sum(people, tuple(current.values()))]
    sums.append(Sum(people, (add(("assessed",), figures.assessed), current[NOT_ASSESSED])))
    sums.append(Sum(("checklist", NOT_ASSESSED), (current[NOT_ASSESSED],)))
    add(("overridden",), figures.overridden)
    banded = add(("banded",), sum(_raw(row.current) for row in figures.bands if row.key in Band.values), hide=True)
    sums.append(Sum(banded, tuple(current[band] for band in Band.values)))

    weeks = tuple(add(("week", i), week.assessments) for i, week in enumerate(figures.weeks))
    sums.append(Sum(add(("weekly_total",), figures.weekly_total), weeks))

    table = figures.interventions
    rows, columns = range(len(table.rows)), range(len(table.statuses))
    for i, row in enumerate(table.rows):
        cells = tuple(add(("intervention", i, j), n) for j, n in enumerate(row.by_status))
        sums.append(Sum(add(("intervention", i, None), row.total), cells))
    for j, n in enumerate(table.status_totals):
        sums.append(Sum(add(("intervention", None, j), n), tuple(("intervention", i, j) for i in rows)))
    grand = add(("intervention", None, None), table.total)
    sums.append(Sum(grand, tuple(("intervention", i, None) for i in rows)))
    sums.append(Sum(grand, tuple(("intervention", None, j) for j in columns)))

    sizes = figures.situation_sizes
    situations = tuple(add(("sizes", i, "situations"), row.situations) for i, row in enumerate(sizes))
    sums.append(Sum(add(("situations_count",), figures.situations_count), situations))
    affected = tuple(add(("sizes", i, "affected"), row.number_affected) for i, row in enumerate(sizes))
    sums.append(Sum(add(("affected",), sum(_raw(row.number_affected) for row in sizes), hide=True), affected))
    sums.append(Sum(people, tuple(add(("sizes", i, "registered"), row.registered) for i, row in enumerate(sizes))))

    for name, breakdown in (("sectors", figures.sectors), ("areas", figures.areas)):
        columns_of: dict[str, list[_Key]] = {"people": [], "banded": [], "high": []}
        for i, line in enumerate(breakdown):
            in_line, with_band, high = (add((name, i, column), getattr(line, column)) for column in columns_of)
            unbanded = add((name, i, "unbanded"), _raw(line.people) - _raw(line.banded), hide=True)
            not_high = add((name, i, "not_high"), _raw(line.banded) - _raw(line.high), hide=True)
            sums += [Sum(in_line, (with_band, unbanded)), Sum(with_band, (high, not_high))]
            for column, key in zip(columns_of, (in_line, with_band, high), strict=True):
                columns_of[column].append(key)
        sums.append(Sum(people, tuple(columns_of["people"])))
        sums.append(Sum(banded, tuple(columns_of["banded"])))
        sums.append(Sum(current[Band.HIGH.value], tuple(columns_of["high"])))
    return values, sums, hidden


def _raw(n: Shown) -> int:
    """A count of figures not yet disclosure-controlled, where none is withheld."""
    assert n is not None, "disclosure control is applied once, to figures with every count shown"
    return n


def _breakdown_controlled(
    rows: Sequence[BreakdownRow], shown: dict[_Key, Shown], name: str
) -> tuple[BreakdownRow, ...]:
    controlled = []
    for i, row in enumerate(rows):
        n, b, h = (shown[(name, i, column)] for column in ("people", "banded", "high"))
        # A share gives away both its count and everyone else's: both must be shown and large enough
        # (with both shown, suppression has already made sure their difference is not small).
        disclosive = h is None or b is None or b - h < SMALL_COUNT
        controlled.append(replace(row, people=n, banded=b, high=h, share_high=None if disclosive else row.share_high))
    # Ordered by what is shown, so the order of withheld rows gives nothing away.
    return tuple(sorted(controlled, key=lambda row: (row.people is None, -(row.people or 0), row.label)))


def _interventions_controlled(figures: InterventionFigures, shown: dict[_Key, Shown]) -> InterventionFigures:
    """Type × status with its row totals (by type), column totals (by status) and grand total."""
    columns = range(len(figures.statuses))
    return replace(
        figures,
        rows=tuple(
            replace(
                row,
                by_status=tuple(shown[("intervention", i, j)] for j in columns),
                total=shown[("intervention", i, None)],
            )
            for i, row in enumerate(figures.rows)
        ),
        status_totals=tuple(shown[("intervention", None, j)] for j in columns),
        total=shown[("intervention", None, None)],
    )


__all__ = [
    "DashboardFigures",
    "dashboard_figures",
    "disclosure_controlled",
    "evaluation_dashboard_figures",
    "team_dashboard_figures",
]
