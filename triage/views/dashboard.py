"""Dashboards: the team lead's (their team) and the evaluator's (every team, aggregate only).

Charts are inline SVG drawn on the server: the CSP forbids inline styles and scripts, so every
bar's size is an SVG geometry attribute worked out here, and templates only place what they get.
Every chart comes with a table holding the same numbers: no chart is the only way to read a figure.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone

from triage.access import Role, role_required
from triage.selectors.dashboard import DashboardFigures, evaluation_dashboard_figures, team_dashboard_figures

WITHHELD = "fewer than 10"


@role_required(Role.TEAM_LEAD)
def dashboard(request):
    today = timezone.localdate()
    figures = team_dashboard_figures(user=request.user, today=today)
    context = {"today": today, "headline": _headline(figures), "charts": _charts(figures, release=False)}
    return render(request, "team/dashboard.html", context)


@role_required(Role.EVALUATOR, Role.ADMIN)
def evaluation_dashboard(request):
    today = timezone.localdate()
    figures = evaluation_dashboard_figures(today=today)
    context = {"today": today, "headline": _headline(figures), "charts": _charts(figures, release=True)}
    return render(request, "evaluation/dashboard.html", context)


# Chart geometry, in SVG user units: the SVG scales to its column through its viewBox.

WIDTH = 640
FONT_SIZE = 16  # about 15px in a two-thirds column on a desktop, 17px full width at 768px
LABEL_END = 252  # labels are right-aligned here
BAR_START = 260
BAR_SPACE = 200  # the longest bar; the rest of the width (180) holds its value, up to about 21 characters
BAR_HEIGHT = 22
BAR_GAP = 12
LEGEND_HEIGHT = 36
MAX_LABEL = 31  # characters; longer labels are cut in the chart and given in full in the table
TEXT = "#0b0c0c"  # GOV.UK black: 19:1 on white
# Two series are told apart by shape as well as colour (hollow against solid) and every bar is
# labelled with its series in words; both outlines are over 3:1 against white (WCAG 1.4.11).
SERIES_STYLES = (
    {"fill": "#1d70b8", "stroke": "#1d70b8"},  # GOV.UK blue, 5.2:1 on white
    {"fill": "#ffffff", "stroke": "#0b0c0c"},
)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    fill: str
    stroke: str
    text: str  # the value in words, beside the bar
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Legend:
    x: int
    text: str
    fill: str
    stroke: str

    @property
    def text_x(self) -> int:
        return self.x + 26


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]  # the first column holds row headers
    rows: tuple[tuple[str, ...], ...]
    foot: tuple[str, ...] | None = None
    numeric_from: int = 1  # columns from this one on are numbers, aligned right

    @property
    def wide(self) -> bool:
        """Five columns or more: set in smaller type, so the table fits 768px without scrolling."""
        return len(self.head) >= 5

    @property
    def body(self) -> tuple[tuple[tuple[str, bool], ...], ...]:
        """Each row's cells with whether each is numeric, for the template."""
        return tuple(tuple((cell, i >= self.numeric_from) for i, cell in enumerate(row)) for row in self.rows)

    @property
    def header(self) -> tuple[tuple[str, bool], ...]:
        return tuple((cell, i >= self.numeric_from) for i, cell in enumerate(self.head))

    @property
    def footer(self) -> tuple[tuple[str, bool], ...]:
        return tuple((cell, i >= self.numeric_from) for i, cell in enumerate(self.foot or ()))


@dataclass(frozen=True)
class Chart:
    key: str  # id stem: the heading is "<key>-heading"
    title: str
    description: str
    height: int
    rows: tuple[Row, ...]
    legend: tuple[Legend, ...]
    table: Table
    table_open: bool = False  # show the table under the chart rather than behind a toggle

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def axis_x(self) -> int:
        return BAR_START

    @property
    def label_end(self) -> int:
        return LABEL_END

    @property
    def font_size(self) -> int:
        return FONT_SIZE

    @property
    def axis_top(self) -> int:
        return LEGEND_HEIGHT if self.legend else 0


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    rows: list[tuple[str, tuple[int | None, ...]]],
    series: tuple[str, ...] = ("",),
    texts: list[tuple[str, ...]] | None = None,
    table: Table,
    table_open: bool = False,
) -> Chart:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest shown value.

    A withheld value (None) draws no bar at all, so its size cannot be read off the picture.
    """
    values = [v for _, row_values in rows for v in row_values if v is not None]
    largest = max(values, default=0)
    top = LEGEND_HEIGHT if len(series) > 1 else 0
    group_height = BAR_HEIGHT * len(series) + 2 * (len(series) - 1)
    chart_rows = []
    for i, (label, row_values) in enumerate(rows):
        y = top + BAR_GAP // 2 + i * (group_height + BAR_GAP)
        bars = []
        for j, value in enumerate(row_values):
            bar_y = y + j * (BAR_HEIGHT + 2)
            width = round(BAR_SPACE * value / largest, 1) if value and largest else 0
            text = texts[i][j] if texts else _number(value)
            prefix = f"{series[j]}: " if series[j] else ""
            style = SERIES_STYLES[j % len(SERIES_STYLES)] if len(series) > 1 else SERIES_STYLES[0]
            bars.append(
                Bar(
                    x=BAR_START,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=style["fill"],
                    stroke=style["stroke"],
                    text=prefix + text,
                    text_x=BAR_START + width + 6,
                    text_y=bar_y + BAR_HEIGHT / 2,
                )
            )
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"
        chart_rows.append(Row(short, y + group_height / 2, tuple(bars)))
    legend = ()
    if len(series) > 1:
        legend = tuple(
            Legend(BAR_START + k * 160, name, **SERIES_STYLES[k % len(SERIES_STYLES)]) for k, name in enumerate(series)
        )
    height = top + len(rows) * (group_height + BAR_GAP)
    return Chart(key, title, description, height, tuple(chart_rows), legend, table, table_open)


def _number(value: int | None) -> str:
    return WITHHELD if value is None else f"{value:,}"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _headline(figures: DashboardFigures) -> tuple[tuple[str, str], ...]:
    return (
        ("People registered", _number(figures.people)),
        ("Assessed at least once", _number(figures.assessed)),
        ("Band changed by an adviser", _number(figures.overridden)),
        (f"Assessments in the last {len(figures.weeks)} weeks", _number(figures.weekly_total)),
        ("Interventions recorded", _number(figures.interventions.total)),
        ("Redundancy situations", f"{figures.situations_count:,}"),
    )


def _charts(figures: DashboardFigures, *, release: bool) -> dict[str, Chart]:
    """Every chart on the page, each with its table; `release` gives the evaluator's set."""
    return {
        "bands": _bands_chart(figures),
        "weeks": _weeks_chart(figures),
        "intervention_types": _intervention_types_chart(figures),
        "intervention_statuses": _intervention_statuses_chart(figures),
        "situations": _situation_sizes_chart(figures) if release else _largest_situations_chart(figures),
        "sectors": _breakdown_chart(figures.sectors, key="sectors", title="People by sector", column="Sector"),
        "areas": _breakdown_chart(figures.areas, key="areas", title="People by council area", column="Council area"),
    }


def _bands_chart(figures: DashboardFigures) -> Chart:
    rows = [(row.label, (row.checklist, row.current)) for row in figures.bands]
    return bar_chart(
        key="bands",
        title="Bands: checklist and current",
        description=(
            "The checklist band is the one the scorecard gave at the latest assessment; the current band "
            "includes any change an adviser made."
        ),
        rows=rows,
        series=("Checklist", "Current"),
        table=Table(
            caption="People by band",
            head=("Band", "Checklist band", "Current band"),
            rows=tuple((row.label, _number(row.checklist), _number(row.current)) for row in figures.bands),
            foot=("All people", _number(figures.people), _number(figures.people)),
        ),
    )


def _weeks_chart(figures: DashboardFigures) -> Chart:
    labels = [f"Week {week.iso_week}, from {week.starts_on:%-d %b}" for week in figures.weeks]
    return bar_chart(
        key="weeks",
        title=f"Assessments per week, last {len(figures.weeks)} weeks",
        description="Checklists completed each week (Monday to Sunday), reassessments included.",
        rows=[(label, (week.assessments,)) for label, week in zip(labels, figures.weeks, strict=True)],
        table=Table(
            caption="Assessments per week",
            head=("Week", "Assessments"),
            rows=tuple(
                (f"Week {week.iso_week}, from {week.starts_on:%-d %B %Y}", _number(week.assessments))
                for week in figures.weeks
            ),
            foot=("All weeks", _number(figures.weekly_total)),
        ),
    )


def _intervention_types_chart(figures: DashboardFigures) -> Chart:
    interventions = figures.interventions
    return bar_chart(
        key="intervention-types",
        title="Interventions by type",
        description="Every intervention recorded, whatever its status. The table gives each type by status.",
        rows=[(row.label, (row.count,)) for row in interventions.by_type],
        table=Table(
            caption="Interventions by type and status",
            head=("Type", *interventions.statuses, "Total"),
            rows=tuple(
                (row.label, *(_number(n) for n in row.by_status), _number(row.total)) for row in interventions.rows
            ),
            foot=("Total", *(_number(n) for n in interventions.status_totals), _number(interventions.total)),
        ),
        table_open=True,
    )


def _intervention_statuses_chart(figures: DashboardFigures) -> Chart:
    interventions = figures.interventions
    return bar_chart(
        key="intervention-statuses",
        title="Interventions by status",
        description="The current status of every intervention recorded.",
        rows=[(row.label, (row.count,)) for row in interventions.by_status],
        table=Table(
            caption="Interventions by status",
            head=("Status", "Interventions"),
            rows=tuple((row.label, _number(row.count)) for row in interventions.by_status),
            foot=("All statuses", _number(interventions.total)),
        ),
    )


def _largest_situations_chart(figures: DashboardFigures) -> Chart:
    situations = figures.largest_situations
    shown = len(situations)
    return bar_chart(
        key="situations",
        title="Redundancy situations by people affected",
        description=(
            f"The {shown} largest of the team's {figures.situations_count:,} redundancy situations: "
            "people the employer notified as affected, and people registered with PACE Triage."
        ),
        rows=[(row.employer, (row.number_affected, row.registered)) for row in situations],
        series=("Affected", "Registered"),
        table=Table(
            caption="Largest redundancy situations",
            head=("Employer", "Sector", "Council area", "People affected", "People registered"),
            rows=tuple(
                (row.employer, row.sector, row.council_area, _number(row.number_affected), _number(row.registered))
                for row in situations
            ),
            numeric_from=3,
        ),
    )


def _situation_sizes_chart(figures: DashboardFigures) -> Chart:
    sizes = figures.situation_sizes
    return bar_chart(
        key="situations",
        title="Redundancy situations by people affected",
        description=(
            f"All {figures.situations_count:,} redundancy situations, grouped by how many people the employer "
            "notified as affected, with the people registered with PACE Triage."
        ),
        rows=[(f"{row.label} affected", (row.number_affected, row.registered)) for row in sizes],
        series=("Affected", "Registered"),
        table=Table(
            caption="Redundancy situations by size",
            head=("People affected per situation", "Situations", "People affected", "People registered"),
            rows=tuple(
                (row.label, _number(row.situations), _number(row.number_affected), _number(row.registered))
                for row in sizes
            ),
        ),
    )


def _breakdown_chart(rows, *, key: str, title: str, column: str) -> Chart:
    return bar_chart(
        key=key,
        title=title,
        description="People registered, and the share of those with a band whose current band is high.",
        rows=[(row.label, (row.people,)) for row in rows],
        texts=[
            (_number(row.people) + (f" ({row.share_high:.0%} high)" if row.share_high is not None else ""),)
            for row in rows
        ],
        table=Table(
            caption=title,
            head=(column, "People", "With a band", "High band", "Share high"),
            rows=tuple(
                (row.label, _number(row.people), _number(row.banded), _number(row.high), _percent(row.share_high))
                for row in rows
            ),
        ),
    )
