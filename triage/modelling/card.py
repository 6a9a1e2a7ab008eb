"""Write a trained scorecard's folder: models/NAME-VERSION/.

- scorecard.toml: the runtime card, read by triage.scoring.load_scorecard on the request path.
  Human-readable: intercept, points_scale, band cut-offs, integer points for every answer with
  its exact log-odds and odds ratio beside it, the exact weights again under [weights] (so a test
  can hold the file to the pipeline), and under [meta] the training-data hash, n, date, library
  versions and the command that built it. Rebuilt by the same command, only the date line changes.
- pipeline.joblib: the fitted scikit-learn pipeline, for audit and retraining; never loaded by a request.
- metrics.json: every held-out figure (evaluate.py), for this card and the comparison card.
- calibration.png: observed LTU rate against estimated risk by decile.
- model_card.md: intended use, data, metrics, fairness, limitations and how to retrain.
"""

import json
import math
import platform
from collections.abc import Mapping
from pathlib import Path

from triage.modelling.cohort import AREA_OR_PER_POINT, ODDS_RATIOS
from triage.modelling.fit import FittedWeights
from triage.modelling.points import BAND_RISKS, PointsCard
from triage.scoring.checklist import CHECKLIST_VERSION, ITEMS, PREFER_NOT_TO_SAY, QUESTION_BY_NUMBER
from triage.scoring.scorecard import SCORECARD_FILENAME, logistic

MAX_MISSING = 4  # as rules-1.0; see models/rules-1.0/README.md for why 4
DATE_KEY = "trained_on"


def library_versions() -> dict[str, str]:
    import joblib
    import numpy
    import pandas
    import sklearn

    return {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "scikit-learn": sklearn.__version__,
        "joblib": joblib.__version__,
    }


def _toml_float(x: float) -> str:
    if not math.isfinite(x):
        raise ValueError(f"cannot write {x!r} to a scorecard")
    return repr(float(x))


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _generating_or(item: str, answer: str) -> str:
    if answer == PREFER_NOT_TO_SAY:
        return "declined (own level)"
    value = ODDS_RATIOS[item][answer]
    return "reference" if value == 1.0 else f"generating OR {value:.2f} [A]"


def render_scorecard(
    *,
    name: str,
    version: str,
    weights: FittedWeights,
    card: PointsCard,
    meta: Mapping[str, object],
    synthetic: bool,
    source: str,
) -> str:
    """The scorecard.toml text. Deterministic: the same inputs give the same bytes."""
    lines = [f"# Scorecard {name}-{version}: a logistic regression, shown as integer points."]
    if synthetic:
        lines += [
            "# FITTED ON SYNTHETIC DATA: a cohort drawn from EVIDENCE.md §4-§7 (triage/modelling/cohort.py),",
            "# whose odds ratios are [A] assumptions. These weights recover those assumptions; they are not",
            "# evidence about PACE clients. Refit on real outcomes before relying on any number here.",
        ]
    lines += [
        "# Built by the command under [meta]; held-out metrics, fairness and limitations: model_card.md.",
        "",
        f"name = {_toml_str(name)}",
        f"version = {_toml_str(version)}",
        'kind = "logistic"',
        f"checklist_version = {_toml_str(CHECKLIST_VERSION)}",
        f"source = {_toml_str(source)}",
        "",
        "# Log-odds of LTU at 0 points: the fitted model's intercept (weights.intercept below), refitted on the",
        "# training rows with the points total as offset, so the average estimated risk matches the LTU rate.",
        f"intercept = {_toml_float(card.intercept)}",
        "# ln(2)/10: 10 points double the odds. Probability shown = logistic(intercept + points_scale * total).",
        f"points_scale = {_toml_float(card.points_scale)}",
        f"# Incomplete (no band, no probability) when MORE than {MAX_MISSING} items are unanswered, as rules-1.0.",
        f"max_missing = {MAX_MISSING}",
        "",
        "[bands]",
        f"# low < medium_from <= medium < high_from <= high: the first totals whose estimated risk reaches "
        f"{BAND_RISKS[0]:.0%} and {BAND_RISKS[1]:.0%}.",
        f"medium_from = {card.medium_from}  # risk {logistic(card.intercept + card.points_scale * card.medium_from):.1%}",
        f"high_from = {card.high_from}  # risk {logistic(card.intercept + card.points_scale * card.high_from):.1%}",
        "",
        "# Points = round-half-away-from-zero(exact log-odds / points_scale); the reference answer scores 0.",
        "# prefer_not_to_say is its own level in the model: an unanswered item scores its points.",
    ]
    for item_code, table in card.points.items():
        item = ITEMS[item_code]
        question = QUESTION_BY_NUMBER[item.question_number]
        lines += ["", f"[points.{item_code}]  # Q{item.question_number} {question.evidence}"]
        for answer, points in table.items():
            w = weights.choice[item_code][answer]
            note = "reference" if answer == item.reference.code else f"log-odds {w:+.4f}, OR {math.exp(w):.2f}"
            if synthetic and answer != item.reference.code:
                note += f"; {_generating_or(item_code, answer)}"
            lines.append(f"{f'{answer} = {points}':<28}# {note}")
    for item_code, (centre, per_unit) in card.numeric.items():
        item = ITEMS[item_code]
        exact = weights.numeric[item_code][1]
        note = f"log-odds {exact:+.4f} per percentage point, OR {math.exp(exact):.3f}"
        if synthetic:
            note += f"; generating OR {AREA_OR_PER_POINT} [A]"
        lines += [
            "",
            f"[numeric.{item_code}]  # Q{item.question_number} {QUESTION_BY_NUMBER[item.question_number].evidence}",
            f"# {note}. Points = round-half-away-from-zero(points_per_unit * (rate - centre)); unknown area 0.",
            f"centre = {_toml_float(centre)}",
            f"points_per_unit = {_toml_float(per_unit)}",
        ]
    lines += [
        "",
        "# Exact log-odds the points were rounded from: logistic(intercept + sum of weights) reproduces",
        "# pipeline.joblib's predict_proba (tests/modelling). Not used to score people.",
        "[weights]",
        f"intercept = {_toml_float(weights.intercept)}",
    ]
    for item_code, table in weights.choice.items():
        lines += ["", f"[weights.{item_code}]"]
        lines += [f"{answer} = {_toml_float(w)}" for answer, w in table.items()]
    for item_code, (centre, per_unit) in weights.numeric.items():
        lines += [
            "",
            f"[weights.{item_code}]",
            f"centre = {_toml_float(centre)}",
            f"per_unit = {_toml_float(per_unit)}",
        ]
    lines += ["", "[meta]"]
    for key, value in meta.items():
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _toml_float(value)
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_str(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _json_ready(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if hasattr(value, "item"):  # NumPy scalar
        return _json_ready(value.item())
    return value


def write_metrics(path: Path, metrics: Mapping[str, object]) -> None:
    path.write_text(json.dumps(_json_ready(metrics), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_calibration_png(path: Path, curves: Mapping[str, list[dict]], *, title: str) -> None:
    """Observed rate against mean estimated risk by decile, one line per card, with the diagonal."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.5, 5), dpi=100)
    axes = figure.add_subplot()
    top = 0.0
    for (label, rows), marker in zip(curves.items(), ("o", "s", "^"), strict=False):
        x = [r["mean_probability"] for r in rows]
        y = [r["observed_rate"] for r in rows]
        top = max(top, *x, *y)
        axes.plot(x, y, marker=marker, label=label)
    top = min(1.0, top * 1.1)
    axes.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    axes.set_xlim(0, top)
    axes.set_ylim(0, top)
    axes.set_xlabel("Mean estimated risk of LTU in decile")
    axes.set_ylabel("Observed LTU rate in decile")
    axes.set_title(title, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")


def scorecard_path(folder: Path) -> Path:
    return folder / SCORECARD_FILENAME


def _pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _ci(interval: list[float]) -> str:
    return f"{interval[0]:.3f} to {interval[1]:.3f}"


def render_model_card(*, metrics: Mapping, scorecard, weights: FittedWeights) -> str:
    """model_card.md: intended use, data, metrics, fairness, limitations, how to retrain."""
    label = metrics["scorecard"]
    synthetic = metrics["synthetic"]
    cards = metrics["cards"]
    mine = cards[label]
    others = [name for name in cards if name != label]
    exact = metrics["exact_model"]
    rounding = metrics["rounding"]
    rows = metrics["rows"]
    out: list[str] = [f"# Model card: scorecard `{label}`", ""]
    if synthetic:
        out += [
            "> **SYNTHETIC DATA.** This scorecard was fitted and evaluated on a synthetic cohort drawn by",
            "> `triage/modelling/cohort.py` from `EVIDENCE.md` (§4 odds ratios, §5 distributions, §6",
            "> correlations, §7 recipe), not on outcomes of PACE clients. Every odds ratio the cohort was",
            "> drawn from is tagged **[A] (assumed)** in EVIDENCE.md, so the weights below *recover those",
            "> assumptions*; they are **not evidence**, and every figure on this page describes how the model",
            "> behaves on assumed data. Refit on real outcomes before relying on any number here.",
            "",
        ]
    out += [
        f"Trained {metrics[DATE_KEY]} by `{metrics['command']}`. Checklist version `{CHECKLIST_VERSION}`.",
        "",
        "## Intended use: triage, never exclusion",
        "",
        "- The score **triages; it never excludes**. Every band leads to a support pathway (low: universal PACE",
        "  support; medium: adviser-led support and referrals; high: intensive early support). No one is",
        "  refused support because of a score.",
        "- The adviser has **final discretion**: an override with a reason is always possible and kept.",
        "- People with three or more complex needs are flagged for the adviser's judgement, where a model is",
        "  weakest.",
        "- Not for: deciding eligibility, refusing or rationing support, sanctions, or judging advisers or teams.",
        "- The adviser sees integer points that add up to the total; the estimated risk and the band come from",
        f"  that total: risk = logistic({scorecard.intercept:.4f} + {scorecard.points_scale:.5f} × total), "
        f"bands low < {scorecard.cutoffs.medium_from} ≤ medium < {scorecard.cutoffs.high_from} ≤ high.",
        "",
        "## Data",
        "",
    ]
    if synthetic:
        out += [
            f"- **Synthetic** cohort: {rows['all']:,} people; `{metrics['source']}`.",
            "- Tags, from EVIDENCE.md: every odds ratio (§4 'value' column), the base rate of 12% (§1) and",
            "  most distributions and correlations (§5–§6) are **[A] assumed**; the council-area unemployment",
            "  rates and working-age populations are **[S] sourced** (`reference_data/council_areas.csv`);",
            "  the generator's intercept is **[D] derived** (solved so the average risk is 12%). The [S] anchors",
            "  in EVIDENCE.md set directions and rough sizes only; no number here is a published estimate.",
            "- 'Prefer not to say' is drawn at random (§5 rates); the true answer still drives the outcome.",
            "  Sex is drawn but never scored; the generator's optional §4 row 5 interaction (dependants: OR 1.35",
            "  for women, 1.1 for men, [A]) is on, so the fairness audit has something real to find.",
        ]
    else:
        out += [f"- Outcome data: `{metrics['source']}` in the columns of `triage/modelling/dictionary.py`."]
    out += [
        f"- Split: {rows['training']:,} training rows and {rows['held_out']:,} held-out rows (25%, stratified on"
        " the outcome). Every figure below is on the held-out rows only.",
        f"- Training data SHA-256 (row hashes of the dictionary columns): `{metrics['training_data_sha256']}`.",
        f"- Held-out LTU rate: {_pct(metrics['held_out']['ltu_rate'])}.",
        "",
        "## Model",
        "",
        "- scikit-learn pipeline (`pipeline.joblib`, for audit and retraining; the service reads only",
        "  `scorecard.toml` and never unpickles a file): each choice item one-hot encoded with the categories",
        "  of the checklist definition, 'prefer not to say' as its own level and the reference answer dropped;",
        "  the area rate as a number (unknown area = 3.4%, adding nothing); logistic regression with an L2",
        f"  penalty whose strength was chosen by {metrics['model']['cv_folds']}-fold stratified cross-validation"
        f" on log loss over C in {metrics['model']['Cs']}: **C = {metrics['model']['C']:g}**.",
        "- Integer points = round(exact log-odds / (ln 2 / 10)): 10 points double the odds, as on the rules card.",
        f"  The intercept shown ({scorecard.intercept:.4f}; the fitted model's own is {weights.intercept:.4f}) is refitted"
        " on the training rows with the points total as offset, so rounding does not shift the average risk.",
        "",
        "## Metrics on held-out data",
        "",
        f"| measure | {label} (integer points, as shown) | exact model (unrounded) | " + " | ".join(others) + " |",
        "|---|---|---|" + "---|" * len(others),
    ]

    def row(name, fn):
        return f"| {name} | {fn(mine)} | {fn(exact)} | " + " | ".join(fn(cards[o]) for o in others) + " |"

    out += [
        row("ROC AUC", lambda m: f"**{m['auc']:.3f}**"),
        row("AUC 95% bootstrap interval", lambda m: _ci(m["auc_95ci"])),
        row("Brier score", lambda m: _num(m["brier"], 4)),
        row("calibration slope", lambda m: _num(m["calibration"]["slope"])),
        row("calibration intercept", lambda m: _num(m["calibration"]["intercept"])),
        row("calibration-in-the-large (logit)", lambda m: _num(m["calibration"]["in_the_large"])),
        row("mean estimated risk", lambda m: _pct(m["mean_probability"])),
        row("observed LTU rate", lambda m: _pct(m["ltu_rate"])),
        "",
        f"AUC intervals: {metrics['bootstrap_replicates']} bootstrap replicates of the held-out rows. "
        "Paired difference in AUC, this card minus:",
        "",
    ]
    for other, interval in metrics["auc_differences_95ci"].items():
        other_auc = exact["auc"] if other.endswith(" exact") else cards[other]["auc"]
        out.append(
            f"- `{other}`: {mine['auc'] - other_auc:+.4f} (95% interval {interval[0]:+.4f} to {interval[1]:+.4f})"
        )
    if synthetic and others:
        out += [
            "",
            f"On this synthetic cohort `{others[0]}` is close to the true model: its points were set from the very",
            "odds ratios the cohort was drawn from. A fitted card can at best match it here; what it adds is pricing",
            "'prefer not to say', which a rules card scores as 0. The comparison that matters comes with real outcomes.",
        ]
    out += [
        "",
        f"**Rounding to integer points** costs {rounding['cost']:.4f} AUC (exact model {rounding['auc_exact']:.4f},"
        f" integer points {rounding['auc_points']:.4f}; the limit is {rounding['max_allowed']}).",
        "",
    ]
    if synthetic:
        out += [
            "EVIDENCE.md §3 targets a held-out AUC of 0.70–0.76 on this cohort [A] (above 0.80 would mean the",
            "generator has too much signal). Here that is a check of the generator and the fitting code, not of",
            "how well the checklist predicts LTU for PACE clients.",
            "",
        ]
    out += ["### Bands", "", "| card | low | medium | high | incomplete (no band) |", "|---|---|---|---|---|"]
    for name, result in cards.items():
        b = result["bands"]
        out.append(
            f"| {name} | {_pct(b['low'])} | {_pct(b['medium'])} | {_pct(b['high'])} | {_pct(b['incomplete'], 2)} |"
        )
    out += [
        "",
        "### Cut-off table (as DWP 2013 reported it)",
        "",
        "For the highest-risk share of people: precision (share who became LTU) and recall (share of all LTU",
        "caught). For the lowest-risk share: the share who did not become LTU. DWP 2013 reported 33% for the",
        "top 8%, 20% for the top 30%, and 94% / 96% for the bottom 8% / 30% (EVIDENCE.md §2, [S], with the",
        "caveats given there).",
        "",
        "| band | " + " | ".join(cards) + " |",
        "|---|" + "---|" * len(cards),
    ]
    for i, share in enumerate(mine["cutoffs"]["highest"]):
        cells = [
            f"precision {_pct(c['cutoffs']['highest'][i]['precision'])}, recall {_pct(c['cutoffs']['highest'][i]['recall'])}"
            for c in cards.values()
        ]
        out.append(f"| highest-risk {share['share']:.0%} | " + " | ".join(cells) + " |")
    for i, share in enumerate(mine["cutoffs"]["lowest"]):
        cells = [f"not LTU {_pct(c['cutoffs']['lowest'][i]['share_not_ltu'])}" for c in cards.values()]
        out.append(f"| lowest-risk {share['share']:.0%} | " + " | ".join(cells) + " |")
    out += [
        "",
        "### Calibration by decile",
        "",
        "![Observed LTU rate against estimated risk by decile](calibration.png)",
        "",
        "| decile | " + " | ".join(f"{n}: estimated / observed" for n in cards) + " |",
        "|---|" + "---|" * len(cards),
    ]
    for i in range(len(mine["calibration_by_decile"])):
        cells = [
            f"{_pct(c['calibration_by_decile'][i]['mean_probability'])} / {_pct(c['calibration_by_decile'][i]['observed_rate'])}"
            for c in cards.values()
        ]
        out.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    out += [
        "",
        "## Fairness",
        "",
        "By group on the held-out rows. 'Flagged' means the high band. Calibration-in-the-large is the observed",
        "LTU rate minus the mean estimated risk: positive means the card under-estimates the group's risk. FPR:",
        "flagged among those who found work; FNR: not flagged among those who became LTU. Sex is never scored.",
    ]
    for name, result in cards.items():
        out += [
            "",
            f"### {name}",
            "",
            "| attribute | group | n | LTU rate | AUC | calibration-in-the-large | flagged high | FPR | FNR |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for attribute, groups in result["fairness"].items():
            for group, m in groups.items():
                out.append(
                    f"| {attribute} | {group} | {m['n']:,} | {_pct(m['ltu_rate'])} | {_num(m['auc'])} | "
                    f"{m['calibration_in_the_large'] * 100:+.1f} pp | {_pct(m['share_flagged_high'])} | "
                    f"{_pct(m['false_positive_rate'])} | {_pct(m['false_negative_rate'])} |"
                )
    out += ["", "## Points", ""]
    out += [
        "| item | answer | points | exact log-odds | odds ratio"
        + (" | generating OR (EVIDENCE.md §4, [A]) |" if synthetic else " |"),
        "|---|---|---|---|---|" + ("---|" if synthetic else ""),
    ]
    for item_code, table in scorecard.points.items():
        for answer, pts in table.items():
            w = weights.choice[item_code][answer]
            cells = [item_code, answer, str(pts), f"{w:+.4f}", f"{math.exp(w):.2f}"]
            if synthetic:
                cells.append(
                    "own level (declined)" if answer == PREFER_NOT_TO_SAY else f"{ODDS_RATIOS[item_code][answer]:.2f}"
                )
            out.append("| " + " | ".join(cells) + " |")
    for item_code, scale in scorecard.numeric.items():
        per_unit = weights.numeric[item_code][1]
        cells = [
            item_code,
            f"per percentage point from {scale.centre:g}%",
            f"{scale.points_per_unit:g} (rounded per person)",
        ]
        cells += [f"{per_unit:+.4f}", f"{math.exp(per_unit):.3f}"]
        if synthetic:
            cells.append(f"{AREA_OR_PER_POINT}")
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "## Limitations",
        "",
    ]
    if synthetic:
        out += [
            "- **Synthetic data.** The cohort encodes EVIDENCE.md's assumptions, so a good fit here shows only that",
            "  the code recovers what was put in. The published sources could not give UK odds ratios for LTU",
            "  (EVIDENCE.md 'Two limits'); some anchors come from other countries or other outcomes.",
        ]
    out += [
        "- 'Prefer not to say' is modelled as its own level, which assumes people decline for the same reasons",
        "  in future as in the training data (at random, in the synthetic cohort).",
        "- Main effects only: no interactions. Where risk differs by group in ways the checklist does not",
        "  capture (the generator's dependants × sex interaction is one), calibration by group drifts; see",
        "  Fairness.",
        "- People with multiple complex needs are where profiling models are weakest (report §2.3.4); the",
        "  complex-needs flag sends them to adviser judgement.",
        "- Area rates are a single period (Apr 2024–Mar 2025, inferred; reference_data/README.md); the island",
        "  rates rest on very small samples.",
        "- Retirement is not LTU; real outcome data must record it separately (EVIDENCE.md §1).",
        "- Calibration drifts as the labour market changes: re-check it on new outcomes at least yearly.",
        "",
        "## How to retrain",
        "",
        "This exact folder is rebuilt (the same `scorecard.toml` apart from its `trained_on` line) by:",
        "",
        "```",
        metrics["command"],
        "```",
        "",
        "With real outcomes, export them in the data dictionary's columns (`triage/modelling/dictionary.py`;",
        "bad rows are refused with the column and row named) and train a **new version**, never editing one in",
        "place, because assessments keep the name and version of the card that scored them:",
        "",
        "```",
        "python manage.py train_model --data outcomes.csv --seed 20261125 --name logistic --version 2.0",
        "```",
        "",
        "Then compare its model card with this one before making it live.",
        "",
    ]
    return "\n".join(out)
