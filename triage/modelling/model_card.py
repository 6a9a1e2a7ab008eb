"""model_card.md: intended use, data, metrics, fairness, limitations and how to retrain.

The prose is the template templates/model_card.md; this module only formats the figures and renders
the tables, and fills the template with string.Template. A block that applies only to a card fitted
on SYNTHETIC data is an empty string otherwise, and the blank lines it leaves are closed up.
"""

import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from string import Template
from typing import Any

from triage.modelling.cohort import AREA_OR_PER_POINT, ODDS_RATIOS
from triage.modelling.fit import FittedWeights
from triage.modelling.scorecard_file import DATE_KEY
from triage.scoring.checklist import CHECKLIST_VERSION, PREFER_NOT_TO_SAY
from triage.scoring.scorecard import Scorecard

TEMPLATE_PATH = Path(__file__).with_name("templates") / "model_card.md"
_BLANK_LINES = re.compile(r"\n{3,}")

SYNTHETIC_WARNING = """\
> **SYNTHETIC DATA.** This scorecard was fitted and evaluated on a synthetic cohort drawn by
> `triage/modelling/cohort.py` from `EVIDENCE.md` (§4 odds ratios, §5 distributions, §6
> correlations, §7 recipe), not on outcomes of PACE clients. Every odds ratio the cohort was
> drawn from is tagged **[A] (assumed)** in EVIDENCE.md, so the weights below *recover those
> assumptions*; they are **not evidence**, and every figure on this page describes how the model
> behaves on assumed data. Refit on real outcomes before relying on any number here."""

SYNTHETIC_DATA_SOURCE = """\
- **Synthetic** cohort: {rows} people; `{source}`.
- Tags, from EVIDENCE.md: every odds ratio (§4 'value' column), the base rate of 12% (§1) and
  most distributions and correlations (§5–§6) are **[A] assumed**; the council-area unemployment
  rates and working-age populations are **[S] sourced** (`reference_data/council_areas.csv`);
  the generator's intercept is **[D] derived** (solved so the average risk is 12%). The [S] anchors
  in EVIDENCE.md set directions and rough sizes only; no number here is a published estimate.
- 'Prefer not to say' is drawn at random (§5 rates); the true answer still drives the outcome.
  Sex is drawn but never scored; the generator's optional §4 row 5 interaction (dependants: OR 1.35
  for women, 1.1 for men, [A]) is on, so the fairness audit has something real to find."""

OUTCOME_DATA_SOURCE = "- Outcome data: `{source}` in the columns of `triage/modelling/dictionary.py`."

SYNTHETIC_COMPARISON = """\
On this synthetic cohort `{other}` is close to the true model: its points were set from the very
odds ratios the cohort was drawn from. A fitted card can at best match it here; what it adds is pricing
'prefer not to say', which a rules card scores as 0. The comparison that matters comes with real outcomes."""

SYNTHETIC_AUC_TARGET = """\
EVIDENCE.md §3 targets a held-out AUC of 0.70–0.76 on this cohort [A] (above 0.80 would mean the
generator has too much signal). Here that is a check of the generator and the fitting code, not of
how well the checklist predicts LTU for PACE clients."""

SYNTHETIC_LIMITATION = """\
- **Synthetic data.** The cohort encodes EVIDENCE.md's assumptions, so a good fit here shows only that
  the code recovers what was put in. The published sources could not give UK odds ratios for LTU
  (EVIDENCE.md 'Two limits'); some anchors come from other countries or other outcomes."""


def _pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _ci(interval: Sequence[float]) -> str:
    return f"{interval[0]:.3f} to {interval[1]:.3f}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (the `tables` extension's syntax), no trailing newline."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


Metrics = Mapping[str, Any]  # the metrics.json dict train.py builds


def _metrics_table(label: str, cards: Metrics, exact: Metrics) -> str:
    others = [name for name in cards if name != label]
    columns = [cards[label], exact, *(cards[o] for o in others)]
    measures: list[tuple[str, Callable[[Metrics], str]]] = [
        ("ROC AUC", lambda m: f"**{m['auc']:.3f}**"),
        ("AUC 95% bootstrap interval", lambda m: _ci(m["auc_95ci"])),
        ("Brier score", lambda m: _num(m["brier"], 4)),
        ("calibration slope", lambda m: _num(m["calibration"]["slope"])),
        ("calibration intercept", lambda m: _num(m["calibration"]["intercept"])),
        ("calibration-in-the-large (logit)", lambda m: _num(m["calibration"]["in_the_large"])),
        ("mean estimated risk", lambda m: _pct(m["mean_probability"])),
        ("observed LTU rate", lambda m: _pct(m["ltu_rate"])),
    ]
    header = ["measure", f"{label} (integer points, as shown)", "exact model (unrounded)", *others]
    return markdown_table(header, [[name, *(fn(m) for m in columns)] for name, fn in measures])


def _auc_differences(metrics: Metrics) -> str:
    label = metrics["scorecard"]
    cards = metrics["cards"]
    mine = cards[label]["auc"]
    lines = []
    for other, interval in metrics["auc_differences_95ci"].items():
        other_auc = metrics["exact_model"]["auc"] if other.endswith(" exact") else cards[other]["auc"]
        lines.append(f"- `{other}`: {mine - other_auc:+.4f} (95% interval {interval[0]:+.4f} to {interval[1]:+.4f})")
    return "\n".join(lines)


def _bands_table(cards: Metrics) -> str:
    rows = []
    for name, result in cards.items():
        b = result["bands"]
        rows.append([name, _pct(b["low"]), _pct(b["medium"]), _pct(b["high"]), _pct(b["incomplete"], 2)])
    return markdown_table(["card", "low", "medium", "high", "incomplete (no band)"], rows)


def _cutoff_table(label: str, cards: Metrics) -> str:
    rows = []
    for i, share in enumerate(cards[label]["cutoffs"]["highest"]):
        cells = [
            f"precision {_pct(c['cutoffs']['highest'][i]['precision'])}, recall {_pct(c['cutoffs']['highest'][i]['recall'])}"
            for c in cards.values()
        ]
        rows.append([f"highest-risk {share['share']:.0%}", *cells])
    for i, share in enumerate(cards[label]["cutoffs"]["lowest"]):
        cells = [f"not LTU {_pct(c['cutoffs']['lowest'][i]['share_not_ltu'])}" for c in cards.values()]
        rows.append([f"lowest-risk {share['share']:.0%}", *cells])
    return markdown_table(["band", *cards], rows)


def _calibration_table(label: str, cards: Metrics) -> str:
    rows = []
    for i in range(len(cards[label]["calibration_by_decile"])):
        cells = [
            f"{_pct(c['calibration_by_decile'][i]['mean_probability'])} / {_pct(c['calibration_by_decile'][i]['observed_rate'])}"
            for c in cards.values()
        ]
        rows.append([str(i + 1), *cells])
    return markdown_table(["decile", *(f"{n}: estimated / observed" for n in cards)], rows)


def _fairness_tables(cards: Metrics) -> str:
    header = [
        "attribute",
        "group",
        "n",
        "LTU rate",
        "AUC",
        "calibration-in-the-large",
        "flagged high",
        "FPR",
        "FNR",
    ]
    sections = []
    for name, result in cards.items():
        rows = [
            [
                attribute,
                group,
                f"{m['n']:,}",
                _pct(m["ltu_rate"]),
                _num(m["auc"]),
                f"{m['calibration_in_the_large'] * 100:+.1f} pp",
                _pct(m["share_flagged_high"]),
                _pct(m["false_positive_rate"]),
                _pct(m["false_negative_rate"]),
            ]
            for attribute, groups in result["fairness"].items()
            for group, m in groups.items()
        ]
        sections.append(f"### {name}\n\n" + markdown_table(header, rows))
    return "\n\n".join(sections)


def _points_table(scorecard: Scorecard, weights: FittedWeights, *, synthetic: bool) -> str:
    header = ["item", "answer", "points", "exact log-odds", "odds ratio"]
    if synthetic:
        header.append("generating OR (EVIDENCE.md §4, [A])")
    rows = []
    for item_code, table in scorecard.points.items():
        for answer, pts in table.items():
            w = weights.choice[item_code][answer]
            cells = [item_code, answer, str(pts), f"{w:+.4f}", f"{math.exp(w):.2f}"]
            if synthetic:
                cells.append(
                    "own level (declined)" if answer == PREFER_NOT_TO_SAY else f"{ODDS_RATIOS[item_code][answer]:.2f}"
                )
            rows.append(cells)
    for item_code, scale in scorecard.numeric.items():
        per_unit = weights.numeric[item_code][1]
        cells = [
            item_code,
            f"per percentage point from {scale.centre:g}%",
            f"{scale.points_per_unit:g} (rounded per person)",
            f"{per_unit:+.4f}",
            f"{math.exp(per_unit):.3f}",
        ]
        if synthetic:
            cells.append(f"{AREA_OR_PER_POINT}")
        rows.append(cells)
    return markdown_table(header, rows)


def model_card_values(*, metrics: Metrics, scorecard: Scorecard, weights: FittedWeights) -> dict[str, str]:
    """Every placeholder of templates/model_card.md, formatted; the tables already rendered."""
    label = metrics["scorecard"]
    synthetic = bool(metrics["synthetic"])
    cards = metrics["cards"]
    others = [name for name in cards if name != label]
    rounding = metrics["rounding"]
    rows = metrics["rows"]
    model = metrics["model"]
    data_source = SYNTHETIC_DATA_SOURCE if synthetic else OUTCOME_DATA_SOURCE
    return {
        "label": label,
        "synthetic_warning": SYNTHETIC_WARNING if synthetic else "",
        "trained_on": str(metrics[DATE_KEY]),
        "command": str(metrics["command"]),
        "checklist_version": CHECKLIST_VERSION,
        "intercept": f"{scorecard.intercept:.4f}",
        "points_scale": f"{scorecard.points_scale:.5f}",
        "medium_from": str(scorecard.cutoffs.medium_from),
        "high_from": str(scorecard.cutoffs.high_from),
        "data_source": data_source.format(rows=f"{rows['all']:,}", source=metrics["source"]),
        "training_rows": f"{rows['training']:,}",
        "held_out_rows": f"{rows['held_out']:,}",
        "training_data_sha256": str(metrics["training_data_sha256"]),
        "held_out_ltu_rate": _pct(metrics["held_out"]["ltu_rate"]),
        "cv_folds": str(model["cv_folds"]),
        "Cs": str(model["Cs"]),
        "C": f"{model['C']:g}",
        "model_intercept": f"{weights.intercept:.4f}",
        "metrics_table": _metrics_table(label, cards, metrics["exact_model"]),
        "bootstrap_replicates": str(metrics["bootstrap_replicates"]),
        "auc_differences": _auc_differences(metrics),
        "synthetic_comparison": SYNTHETIC_COMPARISON.format(other=others[0]) if synthetic and others else "",
        "rounding_cost": f"{rounding['cost']:.4f}",
        "auc_exact": f"{rounding['auc_exact']:.4f}",
        "auc_points": f"{rounding['auc_points']:.4f}",
        "max_rounding_cost": str(rounding["max_allowed"]),
        "synthetic_auc_target": SYNTHETIC_AUC_TARGET if synthetic else "",
        "bands_table": _bands_table(cards),
        "cutoff_table": _cutoff_table(label, cards),
        "calibration_table": _calibration_table(label, cards),
        "fairness_tables": _fairness_tables(cards),
        "points_table": _points_table(scorecard, weights, synthetic=synthetic),
        "synthetic_limitation": SYNTHETIC_LIMITATION if synthetic else "",
    }


def render_model_card(*, metrics: Metrics, scorecard: Scorecard, weights: FittedWeights) -> str:
    """model_card.md's text: the template filled in."""
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    text = template.substitute(model_card_values(metrics=metrics, scorecard=scorecard, weights=weights))
    return _BLANK_LINES.sub("\n\n", text)
