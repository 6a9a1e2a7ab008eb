"""The evaluator's statistics as words, tables and charts: every figure with its 95% interval, or the reason it is not shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from triage.lib.charts import Chart, LineChart, Table, bar_chart, line_chart, number_text
from triage.lib.disclosure import Sum, suppress, suppress_counts, suppress_table
from triage.lib.intervals import Estimate, NotEnough, Suppressed
from triage.modelling.drift import Drift

SMALL_COUNT = 10  # decision 0007's threshold: a count below it is never shown
FEWER = "withheld"  # one word for every withheld count, as on the dashboard
NOT_SHOWN = "not shown"


def percent(value: float, places: int = 1) -> str:
    return f"{value * 100:.{places}f}%"


def decimal(value: float, places: int = 3) -> str:
    return f"{value:.{places}f}".replace("-", "−")


def signed_points(value: float) -> str:
    return f"{value * 100:+.1f} points".replace("-", "−")


def figure(value: Estimate | NotEnough | Suppressed | float | None, form: Callable[[float], str] = percent) -> str:
    """A figure with its 95% interval, or the words that stand in for it."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed | NotEnough):
        return str(value)
    if isinstance(value, Estimate):
        return f"{form(value.value)} ({form(value.low)} to {form(value.high)})"
    return form(value)


def count(value: int) -> str:
    """A count, or "fewer than 10" below the disclosure threshold."""
    return FEWER if value < SMALL_COUNT else f"{value:,}"


def counts(values: Sequence[int], *, threshold: int = SMALL_COUNT) -> tuple[tuple[str, ...], str]:
    """Counts released with their total through disclosure control: (each count, the total)."""
    release = suppress_counts(list(values), threshold=threshold)
    return tuple(number_text(v) for v in release.counts), number_text(release.total)


def nested_counts(counts: dict[tuple[str, str], int], *, total: int, all_key: str) -> dict:
    """Counts of (group, part) rows, each group's (group, all_key) row the sum of its parts and `total`
    (key None) the sum of the groups, released together through disclosure control, as text."""
    values: dict = {**counts, None: total}
    groups = sorted({group for group, _ in counts})
    sums = [Sum(None, tuple((g, all_key) for g in groups))] if groups else []
    for g in groups:
        parts = tuple(key for key in counts if key[0] == g and key[1] != all_key)
        if parts:
            sums.append(Sum((g, all_key), parts))
    release = suppress(values, sums, threshold=SMALL_COUNT)
    return {key: number_text(value) for key, value in release.published.items()}


def n_of(value: Estimate | NotEnough | Suppressed) -> str:
    return f"{value.n:,}" if isinstance(value, Estimate) else NOT_SHOWN


# Performance


def performance_rows(now, trained) -> tuple[tuple[str, str, str], ...]:
    """(measure, on recorded outcomes, on the training data) for the headline table."""

    def t(attribute: str, form: Callable[[float], str]) -> str:
        return figure(getattr(trained, attribute), form) if trained is not None else "no model card figures"

    def r(attribute: str, form: Callable[[float], str]) -> str:
        return figure(getattr(now, attribute), form) if now is not None else NotEnough(0, 30).reason

    return (
        ("AUC (0.5 is chance, 1 is perfect ranking)", r("auc", decimal), t("auc", decimal)),
        ("Brier score (lower is better)", r("brier", decimal), t("brier", decimal)),
        ("Calibration slope (1 is ideal)", r("calibration_slope", decimal), t("calibration_slope", decimal)),
        (
            "Calibration intercept (0 is ideal)",
            r("calibration_intercept", decimal),
            t("calibration_intercept", decimal),
        ),
        (
            "Calibration-in-the-large, on the log-odds scale (0 is ideal; above 0, risk under-estimated)",
            r("calibration_in_the_large", decimal),
            t("calibration_in_the_large", decimal),
        ),
        ("Share who became LTU", r("ltu_rate", percent), t("ltu_rate", percent)),
    )


def calibration_chart(key: str, now, trained) -> LineChart:
    series = []
    if now is not None:
        series.append(
            ("Recorded", [(row.mean_probability, _value(row.observed_rate)) for row in now.calibration_table])
        )
    if trained is not None:
        series.append(
            ("Training", [(row.mean_probability, _value(row.observed_rate)) for row in trained.calibration_table])
        )
    peak = max(
        [0.2]
        + [x for _, points in series for x, y in points if y is not None]
        + [y for _, points in series for _, y in points if y is not None]
    )
    step = 0.1 if peak <= 0.5 else 0.2
    top = min(1.0, (int(peak / step) + 1) * step)
    ticks = [round(step * i, 3) for i in range(round(top / step) + 1)]
    deciles = max(len(now.calibration_table) if now else 0, len(trained.calibration_table) if trained else 0)
    rows = []
    for i in range(deciles):
        a = now.calibration_table[i] if now and i < len(now.calibration_table) else None
        b = trained.calibration_table[i] if trained and i < len(trained.calibration_table) else None
        rows.append(
            (
                f"Decile {i + 1}",
                percent(a.mean_probability) if a else "–",
                figure(a.observed_rate) if a else "–",
                percent(b.mean_probability) if b else "–",
                figure(b.observed_rate) if b else "–",
            )
        )
    return line_chart(
        key=key,
        title="Calibration: estimated risk against what happened",
        description=(
            "People in tenths (deciles) of estimated risk. Each point is a decile’s mean estimated risk "
            "(across) and the share of them who became LTU (up). Points on the dashed diagonal mean the "
            "estimates were right on average; a decile with too few people is left out."
        ),
        series=series,
        x_range=(0, top),
        y_range=(0, top),
        x_label="Estimated risk",
        y_label="Share who became LTU",
        x_ticks=ticks,
        y_ticks=ticks,
        tick_text=lambda v: f"{v * 100:.0f}%",
        diagonal=True,
        table=Table(
            caption="Calibration by decile of estimated risk",
            head=(
                "Decile",
                "Estimated risk, recorded",
                "Became LTU, recorded (95% interval)",
                "Estimated risk, training",
                "Became LTU, training (95% interval)",
            ),
            rows=tuple(rows),
        ),
    )


def _value(value) -> float | None:
    return value.value if isinstance(value, Estimate) else None


def cutoff_rows(now, trained) -> tuple[tuple[str, ...], ...]:
    if now is None and trained is None:
        return ()
    rows = []
    for i, share in enumerate(row.share for row in (now or trained).highest):
        a = now.highest[i] if now else None
        b = trained.highest[i] if trained else None
        rows.append(
            (
                f"Highest-risk {share:.0%}",
                figure(a.share_ltu) if a else "–",
                figure(b.share_ltu) if b else "–",
                figure(a.share_of_all_ltu) if a else "–",
                figure(b.share_of_all_ltu) if b else "–",
            )
        )
    for i, share in enumerate(row.share for row in (now or trained).lowest):
        a = now.lowest[i] if now else None
        b = trained.lowest[i] if trained else None
        rows.append(
            (
                f"Lowest-risk {share:.0%}: did not become LTU",
                figure(a.share_not_ltu) if a else "–",
                figure(b.share_not_ltu) if b else "–",
                "",
                "",
            )
        )
    return tuple(rows)


# Cut-off explorer


def explorer_counts(view) -> tuple[list[int | None], int | None]:
    """The explorer's counts through disclosure control, as the table of flagged (or not) by outcome
    with the number flagged and everyone published: ([caught, found work anyway, missed], flagged)."""
    rest = view.n - view.flagged - view.ltu_missed
    release = suppress_table(
        [[view.ltu_caught, view.found_work_anyway], [view.ltu_missed, rest]],
        threshold=SMALL_COUNT,
        column_totals=False,
    )
    cells = release.cells
    flagged = release.row_totals[0] if release.row_totals else None
    return [cells[0][0], cells[0][1], cells[1][0]], flagged


def explorer_chart(view) -> Chart:
    labels = ("Flagged, became LTU (caught)", "Flagged, found work anyway", "Not flagged, became LTU (missed)")
    shown, _ = explorer_counts(view)
    return bar_chart(
        key="explorer",
        title="What this cut-off would have meant",
        description="People with a recorded outcome, by whether the cut-off flags them and what happened.",
        rows=[(label, (value,)) for label, value in zip(labels, shown, strict=True)],
        table=Table(
            caption="People by flag and outcome",
            head=("Group", "People"),
            rows=tuple((label, number_text(v)) for label, v in zip(labels, shown, strict=True)),
        ),
        table_open=True,
    )


# Time to work


def survival_chart(
    key: str,
    title: str,
    curves: dict,
    *,
    group: str,
    days: Sequence[int],
    total: int | None = None,
    drawn: int | None = None,
) -> LineChart:
    """Kaplan-Meier curves with their table. With `total` (the groups partition it) the groups' sizes
    are released with it through disclosure control; without, each size below 10 is withheld. With
    `drawn`, only that many of the largest groups are drawn (more lines cannot be told apart, and
    their legend would not fit); the table has every group."""
    shown = {name: curve for name, curve in curves.items() if not isinstance(curve, NotEnough)}
    description = (
        "The share still out of work, day by day after leaving their job (Kaplan–Meier). People "
        "not yet in work leave the curve at their last follow-up. A group with too few people is left out."
    )
    if drawn is not None and len(shown) > drawn:
        largest = sorted(shown, key=lambda name: -shown[name].n)[:drawn]
        shown = {name: shown[name] for name in largest}
        description += f" The chart draws the {drawn} largest groups; the table below has them all."
    names = list(curves)
    sizes = [curves[name].n for name in names]
    if total is not None:
        released = suppress_counts(sizes, threshold=SMALL_COUNT).counts
        size_text = {name: number_text(value) for name, value in zip(names, released, strict=True)}
    else:
        size_text = {name: count(size) for name, size in zip(names, sizes, strict=True)}
    longest = max([365.0] + [curve.steps[-1].day for _, curve in shown.items() if curve.steps])
    top = float(((int(longest) // 100) + 1) * 100)
    rows = []
    for name, curve in curves.items():
        if isinstance(curve, NotEnough):
            rows.append((name, size_text[name], curve.reason, *([curve.reason] * len(days))))
            continue
        median = "not reached" if curve.median is None else f"{curve.median:g} days"
        at = []
        for day, at_risk in curve.at_risk:
            at.append(f"{percent(curve.survival_at(day), 0)} ({count(at_risk)} still followed)")
        rows.append((name, size_text[name], median, *at))
    return line_chart(
        key=key,
        title=title,
        description=description,
        series=[(name, [(day, share * 100) for day, share in curve.points()]) for name, curve in shown.items()],
        x_range=(0, top),
        y_range=(0, 100),
        x_label="Days since leaving",
        y_label="Per cent still out of work",
        x_ticks=[round(top * i / 4) for i in range(5)],
        y_ticks=[0, 25, 50, 75, 100],
        tick_text=lambda v: f"{v:g}",
        steps=True,
        table=Table(
            caption=title,
            head=(group, "People", "Median days to work", *(f"Still out of work at {d} days" for d in days)),
            rows=tuple(rows),
        ),
    )


# Drift


def drift_chart(items: dict, labels: dict[str, str]) -> Chart:
    shown = [(code, result) for code, result in items.items() if isinstance(result, Drift)]
    return bar_chart(
        key="drift",
        title="Population stability index by question",
        description="How far this quarter’s answers have moved from the training data’s: under 0.1 stable, 0.1 to 0.25 watch, 0.25 or more act.",
        rows=[(labels.get(code, code), (max(round(result.psi * 1000), 1),)) for code, result in shown],
        texts=[(f"{result.psi:.3f} {result.status}",) for _, result in shown],
        table=Table(
            caption="Population stability index by question",
            head=("Question", "Index", "Reading"),
            rows=tuple((labels.get(code, code), f"{result.psi:.3f}", result.status) for code, result in shown),
        ),
    )
