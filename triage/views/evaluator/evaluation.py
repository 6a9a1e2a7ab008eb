"""The evaluator's statistics pages: performance, cut-offs, fairness, overrides, time to work, drift.

Each view reads its page's stored figures through selectors/evaluation.py (computed in the
background, with the time they were computed and whether the data has changed since: decision
0023) and turns them into words, tables and charts (evaluation_charts.py).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

import triage.selectors.evaluation as evaluation
from triage.access import Role, role_required
from triage.forms.evaluation import BY_SHARE, TRAINING, CutoffForm
from triage.lib.bands import BAND_RANK
from triage.lib.charts import number_text
from triage.lib.intervals import MIN_COUNT, MIN_N, NOT_ENOUGH_TEXT, Estimate
from triage.modelling import cutoff_explorer
from triage.modelling.drift import PSI_ACT, PSI_WATCH
from triage.modelling.fairness import GAP_THRESHOLDS
from triage.modelling.override_outcomes import ALL_REASONS
from triage.scoring.checklist import ITEMS
from triage.services.evaluation import evaluation_figures_refresh
from triage.views.evaluator import evaluation_charts as charts

EVALUATORS = (Role.EVALUATOR, Role.ADMIN)
PAGES = (
    ("evaluation-performance", "Performance"),
    ("evaluation-cutoffs", "Cut-off explorer"),
    ("evaluation-fairness", "Fairness"),
    ("evaluation-overrides", "Overrides against outcomes"),
    ("evaluation-time-to-work", "Time to work"),
    ("evaluation-drift", "Drift"),
)


def _figures(name):
    """The page's stored figures; computed here only when none were ever stored (the first view
    after a fresh install, before the worker's first refresh)."""
    today = timezone.localdate()
    version = evaluation.snapshot_version(today)
    computed = evaluation.stored_figures(name, version=version)
    if computed is None:
        computed = evaluation_figures_refresh(names=[name], force=True, today=today)[name]
    return computed


def _page(request, template, name, computed, **context):
    pages = [{"href": reverse(url), "text": text, "active": url == name} for url, text in PAGES]
    return render(
        request,
        template,
        {
            "pages": pages,
            "page_title": dict(PAGES)[name],
            "computed_at": timezone.localtime(computed.computed_at) if computed else None,
            "stale": computed.stale if computed else False,
            "min_n": MIN_N,
            "min_count": MIN_COUNT,
            "not_enough": NOT_ENOUGH_TEXT,
            **context,
        },
    )


@role_required(*EVALUATORS)
def evaluation_performance(request):
    computed = _figures("performance")
    versions = [
        {
            "label": row.scorecard,
            "assessed": charts.count(row.assessed),
            "with_outcome": charts.count(row.performance.n) if row.performance else "0",
            "has_figures": row.performance is not None and row.performance.n >= MIN_N,
            "headline": charts.performance_rows(row.performance, row.training),
            "calibration": charts.calibration_chart(f"calibration-{i}", row.performance, row.training)
            if row.performance or row.training
            else None,
            "cutoffs": charts.cutoff_rows(row.performance, row.training),
            "training": row.training,
            "training_n": f"{row.training.n:,}" if row.training else "",
        }
        for i, row in enumerate(computed.figures)
    ]
    return _page(request, "evaluator/performance.html", "evaluation-performance", computed, versions=versions)


@role_required(*EVALUATORS)
def evaluation_cutoffs(request):
    computed = _figures("explorer")
    data = computed.figures
    form = CutoffForm(request.GET if request.GET else None, initial={"points": int(data.high_from)})
    result = None
    source = "recorded"
    if form.is_valid():
        choice = form.cleaned_data
        source = choice["source"]
        arrays = data.training_arrays() if source == TRAINING else data.arrays()
        if arrays is None:
            form.add_error(
                "source", f"The training cohort of {data.scorecard} cannot be rebuilt: choose recorded outcomes"
            )
        else:
            y, score = arrays
            hours = float(choice["hours"])
            if choice["basis"] == BY_SHARE:
                result = cutoff_explorer.cutoff_by_share(
                    y, score, float(choice["share"]) / 100, hours_per_flagged=hours
                )
            else:
                result = cutoff_explorer.cutoff_by_points(y, score, choice["points"], hours_per_flagged=hours)
    view = result if isinstance(result, cutoff_explorer.CutoffView) else None
    return _page(
        request,
        "evaluator/cutoffs.html",
        "evaluation-cutoffs",
        computed,
        form=form,
        data=data,
        result=result,
        view=view,
        source=source,
        chart=charts.explorer_chart(view) if view else None,
        people=f"{view.n:,}" if view else "",
        adviser_hours=_adviser_hours(view) if view else "",
        shares=_explorer_shares(view) if view else [],
    )


def _adviser_hours(view):
    _, flagged = charts.explorer_counts(view)
    return number_text(None) if flagged is None else f"{view.adviser_hours:,.0f} hours"


def _explorer_shares(view):
    """The explorer's figures; a share whose count is withheld is withheld too (it would give the count away)."""
    (caught, found, _), flagged = charts.explorer_counts(view)

    def share(value, *counts):
        return charts.figure(value) if all(c is not None for c in counts) else number_text(None)

    return [
        ("People flagged", number_text(flagged)),
        ("Share of people flagged", share(view.share_flagged, flagged)),
        ("Share of flagged people who became LTU", share(view.share_of_flagged_ltu, caught, found)),
        ("Share of all LTU people caught", share(view.share_of_ltu_caught, caught)),
        ("Share of flagged people who found work anyway", share(view.share_of_flagged_found_work, caught, found)),
    ]


GROUP_NAMES = {
    **{("age band", a.code): a.label for a in ITEMS["q3_age_band"].answers},
    **{("disability", a.code): a.label for a in ITEMS["q9b_disability"].answers},
    ("area unemployment tercile", "low"): "Lowest third of areas",
    ("area unemployment tercile", "middle"): "Middle third of areas",
    ("area unemployment tercile", "high"): "Highest third of areas",
}
MEASURE_NAMES = {
    "auc": "AUC",
    "calibration_in_the_large": "Calibration-in-the-large",
    "share_flagged_high": "Share flagged high",
    "false_positive_rate": "False positive rate",
    "false_negative_rate": "False negative rate",
}


def _measure_text(measure, value):
    return charts.figure(value, charts.decimal if measure == "auc" else charts.percent)


def _gap_text(measure, value):
    return charts.figure(value, charts.decimal if measure == "auc" else charts.signed_points)


@role_required(*EVALUATORS)
def evaluation_fairness(request):
    computed = _figures("fairness")
    figures = computed.figures
    attributes = []
    for name, audit in figures.attributes.items():
        sizes = figures.sizes[name]
        group_counts, total = charts.counts([sizes[g.group] for g in audit.groups], threshold=MIN_N)
        groups = []
        for g, n_text in zip(audit.groups, group_counts, strict=True):
            groups.append(
                {
                    "name": GROUP_NAMES.get((name, g.group), g.group.replace("_", " ")),
                    "n": n_text if isinstance(g.n, int) else "suppressed: too few people",
                    "cells": [
                        {
                            "text": _measure_text(m, g.measures[m]),
                            "gap": _gap_text(m, g.gaps[m]) if isinstance(g.measures[m], Estimate) else "",
                            "flagged": m in g.flagged,
                        }
                        for m in MEASURE_NAMES
                    ],
                }
            )
        attributes.append(
            {
                "name": name,
                "key": name.replace(" ", "-"),
                "total": total,
                "overall": [_measure_text(m, audit.overall[m]) for m in MEASURE_NAMES],
                "groups": groups,
                "flagged": [MEASURE_NAMES[m] for m in audit.flagged],
            }
        )
    thresholds = [
        (MEASURE_NAMES[m], f"{v:.2f}" if m == "auc" else f"{v * 100:.0f} points") for m, v in GAP_THRESHOLDS.items()
    ]
    return _page(
        request,
        "evaluator/fairness.html",
        "evaluation-fairness",
        computed,
        figures=figures,
        n=charts.count(figures.n),
        attributes=attributes,
        measures=[MEASURE_NAMES[m] for m in MEASURE_NAMES],
        thresholds=thresholds,
    )


@role_required(*EVALUATORS)
def evaluation_overrides(request):
    computed = _figures("overrides")
    n, rows = computed.figures
    reasons = evaluation.REASON_LABELS
    shown = charts.nested_counts({(row.direction, row.reason): row.n for row in rows}, total=n, all_key=ALL_REASONS)
    directions = []
    for direction in ("raised", "lowered"):
        part = [row for row in rows if row.direction == direction]
        table = []
        for row in part:
            people = shown[(row.direction, row.reason)]
            table.append(
                (
                    "All reasons" if row.reason == ALL_REASONS else reasons.get(row.reason, row.reason),
                    people,
                    charts.figure(row.model_right),
                    charts.figure(row.adviser_right),
                    charts.figure(row.difference, charts.signed_points),
                    charts.figure(row.toward_outcome),
                )
            )
        directions.append({"direction": direction, "rows": table})
    return _page(
        request,
        "evaluator/overrides.html",
        "evaluation-overrides",
        computed,
        n=shown[None],
        directions=directions,
    )


@role_required(*EVALUATORS)
def evaluation_time_to_work(request):
    computed = _figures("survival")
    # The curves have a step per day someone started work: each worker draws the charts once per computation.
    charts_of = evaluation.derived(computed, "charts", _survival_charts)
    return _page(request, "evaluator/time_to_work.html", "evaluation-time-to-work", computed, **charts_of)


def _survival_charts(figures):
    # Highest risk first, as everywhere else in the service; people without a band last.
    order = {band: -rank for band, rank in BAND_RANK.items() if band}
    bands = {
        name.capitalize(): curve
        for name, curve in sorted(figures.by_band.items(), key=lambda item: order.get(item[0], 1))
    }
    types = {name[:1].upper() + name[1:]: curve for name, curve in figures.by_type.items()}
    return {
        "n": charts.count(figures.n),
        "started": charts.count(figures.started),
        "by_band": charts.survival_chart(
            "by-band", "Time to work by band", bands, group="Band", days=evaluation.SURVIVAL_DAYS, total=figures.n
        ),
        "by_type": charts.survival_chart(
            "by-type",
            "Time to work by intervention type",
            types,
            group="Intervention type",
            days=evaluation.SURVIVAL_DAYS,
            drawn=4,
        ),
    }


def _bins(result):
    return [
        (b.label, charts.percent(b.expected_share), charts.percent(b.actual_share), f"{b.contribution:.3f}")
        for b in getattr(result, "bins", ())
    ]


ANSWER_NAMES = {(code, a.code): a.label for code, item in ITEMS.items() for a in item.answers}


@role_required(*EVALUATORS)
def evaluation_drift(request):
    computed = _figures("drift")
    figures = computed.figures
    labels = {code: item.label for code, item in ITEMS.items()}
    items = [
        {
            "code": code,
            "label": labels.get(code, code),
            "result": result,
            "psi": f"{result.psi:.3f}" if hasattr(result, "psi") else result.reason,
            "bins": [
                (
                    ANSWER_NAMES.get((code, b.label), b.label.replace("_", " ")),
                    charts.percent(b.expected_share),
                    charts.percent(b.actual_share),
                    f"{b.contribution:.3f}",
                )
                for b in getattr(result, "bins", ())
            ],
        }
        for code, result in figures.items.items()
    ]
    return _page(
        request,
        "evaluator/drift.html",
        "evaluation-drift",
        computed,
        figures=figures,
        n=charts.count(figures.n),
        reference_rows=f"{figures.reference.rows:,}" if figures.reference else "",
        items=items,
        chart=charts.drift_chart(figures.items, labels) if figures.items else None,
        numeric=[
            {"title": title, "unit": unit, "result": result, "bins": _bins(result)}
            for title, unit, result in (
                ("Points total", "Points", figures.points),
                ("Area unemployment rate", "Rate (%)", figures.area_rate),
            )
            if result is not None
        ],
        watch=PSI_WATCH,
        act=PSI_ACT,
    )
