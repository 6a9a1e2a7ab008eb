"""The dashboard figures as charts, each with its table: the team lead's and the evaluator's pages."""

from triage.lib.charts import Chart, Table, bar_chart, number_text
from triage.selectors.dashboard import DashboardFigures


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def headline(figures: DashboardFigures) -> tuple[tuple[str, str], ...]:
    return (
        ("People registered", number_text(figures.people)),
        ("Assessed at least once", number_text(figures.assessed)),
        ("Band changed by an adviser", number_text(figures.overridden)),
        (f"Assessments in the last {len(figures.weeks)} weeks", number_text(figures.weekly_total)),
        ("Interventions recorded", number_text(figures.interventions.total)),
        ("Redundancy situations", f"{figures.situations_count:,}"),
    )


def charts(figures: DashboardFigures, *, release: bool) -> dict[str, Chart]:
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
            rows=tuple((row.label, number_text(row.checklist), number_text(row.current)) for row in figures.bands),
            foot=("All people", number_text(figures.people), number_text(figures.people)),
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
                (f"Week {week.iso_week}, from {week.starts_on:%-d %B %Y}", number_text(week.assessments))
                for week in figures.weeks
            ),
            foot=("All weeks", number_text(figures.weekly_total)),
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
                (row.label, *(number_text(n) for n in row.by_status), number_text(row.total))
                for row in interventions.rows
            ),
            foot=("Total", *(number_text(n) for n in interventions.status_totals), number_text(interventions.total)),
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
            rows=tuple((row.label, number_text(row.count)) for row in interventions.by_status),
            foot=("All statuses", number_text(interventions.total)),
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
                (
                    row.employer,
                    row.sector,
                    row.council_area,
                    number_text(row.number_affected),
                    number_text(row.registered),
                )
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
                (row.label, number_text(row.situations), number_text(row.number_affected), number_text(row.registered))
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
            (number_text(row.people) + (f" ({row.share_high:.0%} high)" if row.share_high is not None else ""),)
            for row in rows
        ],
        table=Table(
            caption=title,
            head=(column, "People", "With a band", "High band", "Share high"),
            rows=tuple(
                (
                    row.label,
                    number_text(row.people),
                    number_text(row.banded),
                    number_text(row.high),
                    _percent(row.share_high),
                )
                for row in rows
            ),
        ),
    )
