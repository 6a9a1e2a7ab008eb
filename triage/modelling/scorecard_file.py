"""Write a trained scorecard's scorecard.toml: the runtime card, read by triage.scoring.load_scorecard.

Human-readable: intercept, points_scale, band cut-offs, integer points for every answer with its exact
log-odds and odds ratio in a comment beside it, the exact weights again under [weights] (so a test can
hold the file to the pipeline), and under [meta] the training-data hash, n, date, library versions and
the command that built it. Rebuilt by the same command, only the date line changes.

The document is built with tomlkit, which quotes the strings, writes the numbers (a float as its
shortest round-tripping repr) and keeps the comments. Set here is only the layout tomlkit leaves
open: the blank lines, the column the points' comments line up at, and the quoted, padded keys of
the versions inline table.
"""

import math
from collections.abc import Mapping

import tomlkit
from tomlkit.items import InlineTable, Item, KeyType, SingleKey, Table

from triage.modelling.cohort import AREA_OR_PER_POINT, ODDS_RATIOS
from triage.modelling.fit import FittedWeights
from triage.modelling.points import BAND_RISKS, PointsCard
from triage.scoring.checklist import CHECKLIST_VERSION, ITEMS, PREFER_NOT_TO_SAY, QUESTION_BY_NUMBER
from triage.scoring.scorecard import logistic

MAX_MISSING = 4  # as rules-1.0; see models/rules-1.0/README.md for why 4
DATE_KEY = "trained_on"
COMMENT_COLUMN = 28  # the points' comments line up here, so the column of notes reads as a table

MetaValue = bool | int | float | str | Mapping[str, "MetaValue"]

SYNTHETIC_WARNING = (
    "FITTED ON SYNTHETIC DATA: a cohort drawn from EVIDENCE.md §4-§7 (triage/modelling/cohort.py),",
    "whose odds ratios are [A] assumptions. These weights recover those assumptions; they are not",
    "evidence about PACE clients. Refit on real outcomes before relying on any number here.",
)


def _float(x: float) -> float:
    if not math.isfinite(x):
        raise ValueError(f"cannot write {x!r} to a scorecard")
    return float(x)  # a NumPy scalar would otherwise keep its own repr


def _with_comment(value: object, comment: str, *, space: str = "  ") -> Item:
    item = tomlkit.item(value)
    item.comment(comment)
    item.trivia.comment_ws = space
    return item


def _table(comment: str | None = None) -> Table:
    table = tomlkit.table()
    if comment is not None:
        table.comment(comment)
        table.trivia.comment_ws = "  "
    return table


def _comments(container: tomlkit.TOMLDocument | Table, *lines: str) -> None:
    for line in lines:
        container.add(tomlkit.comment(line))


def _generating_or(item: str, answer: str) -> str:
    if answer == PREFER_NOT_TO_SAY:
        return "declined (own level)"
    value = ODDS_RATIOS[item][answer]
    return "reference" if value == 1.0 else f"generating OR {value:.2f} [A]"


def _meta_value(value: MetaValue) -> Item:
    if isinstance(value, bool | int | str):
        return tomlkit.item(value)
    if isinstance(value, float):
        return tomlkit.item(_float(value))
    if isinstance(value, Mapping):
        table: InlineTable = tomlkit.inline_table()
        for i, (key, each) in enumerate(value.items()):
            item = _meta_value(each)
            if i == 0:
                item.trivia.indent = " "  # { "a" = 1, "b" = 2 }: padded inside the braces
            table.add(SingleKey(str(key), KeyType.Basic), item)
        table.add(tomlkit.ws(" "))
        return table
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def render_scorecard(
    *,
    name: str,
    version: str,
    weights: FittedWeights,
    card: PointsCard,
    meta: Mapping[str, MetaValue],
    synthetic: bool,
    source: str,
) -> str:
    """The scorecard.toml text, comments and blank lines included. Deterministic: the same inputs
    give the same bytes."""
    doc = tomlkit.document()
    _comments(doc, f"Scorecard {name}-{version}: a logistic regression, shown as integer points.")
    if synthetic:
        _comments(doc, *SYNTHETIC_WARNING)
    _comments(doc, "Built by the command under [meta]; held-out metrics, fairness and limitations: model_card.md.")
    doc.add(tomlkit.nl())
    doc.add("name", name)
    doc.add("version", version)
    doc.add("kind", "logistic")
    doc.add("checklist_version", CHECKLIST_VERSION)
    doc.add("source", source)
    doc.add(tomlkit.nl())
    _comments(
        doc,
        "Log-odds of LTU at 0 points: the fitted model's intercept (weights.intercept below), refitted on the",
        "training rows with the points total as offset, so the average estimated risk matches the LTU rate.",
    )
    doc.add("intercept", _float(card.intercept))
    _comments(
        doc, "ln(2)/10: 10 points double the odds. Probability shown = logistic(intercept + points_scale * total)."
    )
    doc.add("points_scale", _float(card.points_scale))
    _comments(
        doc, f"Incomplete (no band, no probability) when MORE than {MAX_MISSING} items are unanswered, as rules-1.0."
    )
    doc.add("max_missing", MAX_MISSING)
    doc.add(tomlkit.nl())

    def risk(total: int) -> str:
        return f"risk {logistic(card.intercept + card.points_scale * total):.1%}"

    bands = _table()
    _comments(
        bands,
        "low < medium_from <= medium < high_from <= high: the first totals whose estimated risk reaches "
        f"{BAND_RISKS[0]:.0%} and {BAND_RISKS[1]:.0%}.",
    )
    bands.add("medium_from", _with_comment(card.medium_from, risk(card.medium_from)))
    bands.add("high_from", _with_comment(card.high_from, risk(card.high_from)))
    bands.add(tomlkit.nl())
    prices_declined = any(PREFER_NOT_TO_SAY in answers for answers in card.points.values())
    _comments(
        bands,
        "Points = round-half-away-from-zero(exact log-odds / points_scale); the reference answer scores 0.",
        *(
            ("prefer_not_to_say is its own level in the model: an unanswered item scores its points.",)
            if prices_declined  # cards trained before the rule that a declined answer scores 0
            else (
                "prefer_not_to_say scores 0, as on every scorecard: fitted as its own level, its weight was then",
                "dropped and the intercept refitted. What that costs: model_card.md.",
            )
        ),
    )
    bands.add(tomlkit.nl())
    doc.add("bands", bands)
    last = bands  # the table just above [weights], whose end holds [weights]' heading comments

    points = tomlkit.table(is_super_table=True)
    for item_code, answers in card.points.items():
        item = ITEMS[item_code]
        reference = item.reference.code if item.reference is not None else None  # a choice item always has one
        table = _table(f"Q{item.question_number} {QUESTION_BY_NUMBER[item.question_number].evidence}")
        for answer, points_value in answers.items():
            w = weights.choice[item_code][answer]
            note = "reference" if answer == reference else f"log-odds {w:+.4f}, OR {math.exp(w):.2f}"
            if synthetic and answer != reference:
                note += f"; {_generating_or(item_code, answer)}"
            width = len(f"{answer} = {points_value}")
            table.add(answer, _with_comment(points_value, note, space=" " * max(1, COMMENT_COLUMN - width)))
        table.add(tomlkit.nl())
        points.add(item_code, table)
        last = table
    if points:
        doc.add("points", points)

    numeric = tomlkit.table(is_super_table=True)
    for item_code, (centre, per_unit) in card.numeric.items():
        item = ITEMS[item_code]
        exact = weights.numeric[item_code][1]
        note = f"log-odds {exact:+.4f} per percentage point, OR {math.exp(exact):.3f}"
        if synthetic:
            note += f"; generating OR {AREA_OR_PER_POINT} [A]"
        table = _table(f"Q{item.question_number} {QUESTION_BY_NUMBER[item.question_number].evidence}")
        _comments(
            table,
            f"{note}. Points = round-half-away-from-zero(points_per_unit * (rate - centre)); unknown area 0.",
        )
        table.add("centre", _float(centre))
        table.add("points_per_unit", _float(per_unit))
        table.add(tomlkit.nl())
        numeric.add(item_code, table)
        last = table
    _comments(
        last,
        "Exact log-odds the points were rounded from: logistic(intercept + sum of weights) reproduces",
        "pipeline.joblib's predict_proba (tests/modelling). Not used to score people.",
    )
    if numeric:
        doc.add("numeric", numeric)

    exact_weights = _table()
    exact_weights.add("intercept", _float(weights.intercept))
    exact_weights.add(tomlkit.nl())
    for item_code, answer_weights in weights.choice.items():
        table = _table()
        for answer, w in answer_weights.items():
            table.add(answer, _float(w))
        table.add(tomlkit.nl())
        exact_weights.add(item_code, table)
    for item_code, (centre, per_unit) in weights.numeric.items():
        table = _table()
        table.add("centre", _float(centre))
        table.add("per_unit", _float(per_unit))
        table.add(tomlkit.nl())
        exact_weights.add(item_code, table)
    doc.add("weights", exact_weights)
    # tomlkit puts a blank line between a table and a comment line just above it; these comments are
    # the heading of [weights], so keep them together.
    exact_weights.trivia.indent = ""

    meta_table = _table()
    for key, meta_value in meta.items():
        meta_table.add(key, _meta_value(meta_value))
    doc.add("meta", meta_table)
    return tomlkit.dumps(doc)
