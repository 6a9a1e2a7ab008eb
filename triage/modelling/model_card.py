"""model_card.md: a plain-words summary, intended use, data, metrics, fairness, limitations, retraining.

The prose is the template templates/model_card.md; this module only formats the figures and renders
the tables, and fills the template with string.Template. A block that applies only to a card fitted
on SYNTHETIC data is an empty string otherwise, and the blank lines it leaves are closed up.

People read this page (advisers, team leads, evaluators), so it names questions and answers in the
checklist's own words, never by their codes (q1_qualifications, 25_34, prefer_not_to_say); the
summary at the top is worked out from the same figures as the tables below it.
"""

import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from string import Template
from typing import Any

from triage.modelling.cohort import AREA_OR_PER_POINT, ODDS_RATIOS
from triage.modelling.dictionary import FAIRNESS_ATTRIBUTES
from triage.modelling.fit import FittedWeights
from triage.modelling.scorecard_file import DATE_KEY
from triage.scoring.checklist import CHECKLIST_VERSION, ITEMS, PREFER_NOT_TO_SAY, QUESTION_BY_NUMBER
from triage.scoring.scorecard import Scorecard, round_half_away_from_zero

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
odds ratios the cohort was drawn from. A fitted card can at best match it here. The comparison that
matters comes with real outcomes."""

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


WITH_DECLINED = "with declined weights"  # train.WITH_DECLINED: the fit before the declined levels were dropped


def _auc_differences(metrics: Metrics) -> str:
    label = metrics["scorecard"]
    cards = metrics["cards"]
    mine = cards[label]["auc"]
    lines = []
    for other, interval in metrics["auc_differences_95ci"].items():
        if other.endswith(" exact"):
            other_auc, name = metrics["exact_model"]["auc"], f"`{other}`"
        elif other.endswith(WITH_DECLINED):
            other_auc = metrics["declined_rule"]["auc_with_declined_weights"]
            name = "the fitted model before the declined answers' weights were dropped"
        else:
            other_auc, name = cards[other]["auc"], f"`{other}`"
        lines.append(f"- {name}: {mine - other_auc:+.4f} (95% interval {interval[0]:+.4f} to {interval[1]:+.4f})")
    return "\n".join(lines)


def item_name(code: str) -> str:
    """A checklist item as a person reads it: its number and question, e.g. 6b. Do you expect to find work?"""
    # The checklist numbers a question's parts 2a, 2b...: the code's first segment without its "q".
    return f"{code.split('_', 1)[0].removeprefix('q')}. {ITEMS[code].label}"


def answer_name(code: str, answer: str) -> str:
    return ITEMS[code].answer(answer).label


def _group_name(attribute: str, group: str) -> str:
    column = FAIRNESS_ATTRIBUTES.get(attribute)
    if column in ITEMS:
        try:
            return answer_name(column, group)
        except KeyError:
            pass
    return group.replace("_", " ").capitalize()


def _in_ten(share: float) -> int:
    return round_half_away_from_zero(10 * share)


def _summary(metrics: Metrics, scorecard: Scorecard) -> str:
    """The plain-words summary for advisers and team leads, from the held-out figures below it."""
    label = metrics["scorecard"]
    result = metrics["cards"][label]
    outcomes = result.get("band_outcomes")
    lines = [
        "**In short, for advisers and team leads.** The score suggests who, among people facing",
        "redundancy, is most likely to be long-term unemployed (still out of work a year later), so that",
        "intensive support reaches them first. It triages; it never decides who gets support, and your",
        "judgement can change the band.",
        "",
    ]
    if metrics["synthetic"]:
        lines += [
            "- **These figures come from made-up people.** The cohort was built from published research,",
            "  not from PACE clients' outcomes: they show that the method works, not yet how well the",
            "  checklist predicts for PACE clients.",
        ]
    if outcomes:
        high, low = outcomes["high"], outcomes["low"]
        # A small held-out set (a retraining on recorded outcomes) can leave a band empty.
        lines.append(
            f"- **High band**: of every 10 people it flags, about {_in_ten(high['ltu_rate'])} become long-term"
            f" unemployed; it finds about {_in_ten(high['share_of_all_ltu'])} in 10 of all who do"
            f" ({_pct(high['n'] / metrics['held_out']['n'], 0)} of people are in it)."
            if high["n"]
            else "- **High band**: none of the held-out people was in it."
        )
        lines.append(
            f"- **Low band**: of every 100 people in it, about {round_half_away_from_zero(100 * low['ltu_rate'])}"
            " become long-term unemployed."
            if low["n"]
            else "- **Low band**: none of the held-out people was in it."
        )
    # Within half a percentage point of what happened counts as right on average.
    on_average = " is right on average: it" if abs(result["mean_probability"] - result["ltu_rate"]) < 0.005 else ""
    lines += [
        f"- **Ranking**: take one person who became long-term unemployed and one who did not; the score puts"
        f" the first higher about {_in_ten(result['auc'])} times in 10 (a coin toss would manage 5).",
        f"- **The chance shown**{on_average} averages {_pct(result['mean_probability'], 0)},"
        f" and {_pct(result['ltu_rate'], 0)} became long-term unemployed.",
    ]
    rule = metrics.get("declined_rule")
    gaps = [
        abs(g["observed_rate"] - g["mean_probability"])
        for g in (rule["calibration_among_decliners"].values() if rule else ())
        if g["n"]
    ]
    if rule and not gaps:
        lines.append(
            "- **Declining a question never raises the score**: ‘Prefer not to say’ scores 0. None of the"
            " held-out people declined a question."
        )
    elif rule:
        gap = max(gaps)
        lines.append(
            "- **Declining a question never raises the score**: ‘Prefer not to say’ scores 0. For people who"
            f" declined a question, the chance shown was within {round_half_away_from_zero(100 * gap)} percentage"
            " points of what happened to them (details under ‘What declining costs’)."
        )
    elif _prices_declining(scorecard):
        lines.append(
            "- **This scorecard gives points for ‘Prefer not to say’**, which the rule that declining never"
            " raises the score now forbids: it can no longer be made live. Assessments it scored keep their"
            " scores."
        )
    lines += ["", "The statistics behind these words follow."]
    return "\n".join(lines)


def _prices_declining(scorecard: Scorecard) -> bool:
    """A card fitted before the rule that a declined answer scores 0 (logistic-1.0)."""
    return any(PREFER_NOT_TO_SAY in table for table in scorecard.points.values())


def _declined_texts(scorecard: Scorecard) -> dict[str, str]:
    if _prices_declining(scorecard):
        return {
            "declined_model_note": "(this card was fitted before the rule that a declined answer scores 0, and kept its weights)",
            "declined_limitation": (
                "- 'Prefer not to say' is scored as its own level, which the rule that a declined answer scores 0\n"
                "  now forbids: this card cannot be made live again. Assessments it scored keep their scores."
            ),
            "rebuilt_by": (
                "This folder was built, before the rule that a declined answer scores 0, by the command below;"
                " the same command now builds a card that follows the rule:"
            ),
        }
    return {
        "declined_model_note": "(then the declined answers' weights are dropped: see What declining costs)",
        "declined_limitation": (
            "- 'Prefer not to say' scores 0 by rule, whatever declining says about risk; see What declining costs\n"
            "  for how far that moves the estimate for people who decline (at random, in the synthetic cohort)."
        ),
        "rebuilt_by": (
            "This exact folder is rebuilt (the same `scorecard.toml` apart from the line giving the training date) by:"
        ),
    }


def _declined_rule_section(metrics: Metrics, scorecard: Scorecard) -> str:
    rule = metrics.get("declined_rule")
    if not rule:
        return ""
    rows = []
    for code, g in rule["calibration_among_decliners"].items():
        rows.append(
            [
                item_name(code),
                f"{g['n']:,}",
                _pct(g["observed_rate"]),
                _pct(g["mean_probability"]),
                _pct(g["mean_probability_with_declined_weights"]),
                f"{g['declined_weight']:+.4f} ({g['declined_weight'] / scorecard.points_scale:+.1f} points)",
            ]
        )
    table = markdown_table(
        [
            "question declined",
            "people",
            "observed LTU rate",
            "estimated, declining scores 0 (as shown)",
            "estimated with the declined weight",
            "declined weight dropped (log-odds)",
        ],
        rows,
    )
    return f"""## What declining costs

Every scorecard follows one rule: a declined answer (‘Prefer not to say’, or ‘Don't know / prefer
not to say’) scores 0 points, so a person told they may decline is never pushed up a band for it.
The model was fitted with each declined answer as an answer of its own, so that the other weights are
estimated among the people who answered; then the declined answers' weights were dropped and the
intercept alone refitted on the training rows, so the average estimated risk still matches.

- Held-out AUC with the declined answers' weights: **{rule["auc_with_declined_weights"]:.4f}**; without
  them (this card's exact weights): **{rule["auc_without_declined_weights"]:.4f}**; the rule costs
  {rule["cost"]:.4f} AUC.
- Intercept before the rule {rule["intercept_with_declined_weights"]:.4f}; refitted
  {scorecard.weights.intercept if scorecard.weights else math.nan:.4f}.

Calibration among the held-out people who declined each question, observed against estimated:

{table}

Where declining says something about risk, the estimate for those who decline is a little off; the
incomplete rule (more than {scorecard.max_missing} unanswered: no band) and the adviser's judgement
cover people who decline much."""


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
                _group_name(attribute, group),
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
    header = ["question", "answer", "points", "exact log-odds", "odds ratio"]
    if synthetic:
        header.append("generating OR (EVIDENCE.md §4, [A])")
    rows = []
    for item_code, table in scorecard.points.items():
        for answer, pts in table.items():
            w = weights.choice[item_code][answer]
            cells = [item_name(item_code), answer_name(item_code, answer), str(pts), f"{w:+.4f}", f"{math.exp(w):.2f}"]
            if synthetic:
                cells.append(
                    "own level (declined)" if answer == PREFER_NOT_TO_SAY else f"{ODDS_RATIOS[item_code][answer]:.2f}"
                )
            rows.append(cells)
    for item_code, scale in scorecard.numeric.items():
        per_unit = weights.numeric[item_code][1]
        cells = [
            f"{ITEMS[item_code].question_number}. {QUESTION_BY_NUMBER[ITEMS[item_code].question_number].title}: area unemployment rate",
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
        "summary": _summary(metrics, scorecard),
        "declined_rule": _declined_rule_section(metrics, scorecard),
        **_declined_texts(scorecard),
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
