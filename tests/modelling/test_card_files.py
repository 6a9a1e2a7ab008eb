"""The scorecard.toml writer (tomlkit) and the model card template rebuild the committed files exactly."""

import dataclasses
import json
import math
import tomllib
from string import Template

import pytest

from tests.modelling.conftest import LOGISTIC_DIR
from triage.modelling.fit import FittedWeights
from triage.modelling.model_card import TEMPLATE_PATH, markdown_table, model_card_values, render_model_card
from triage.modelling.points import PointsCard
from triage.modelling.scorecard_file import COMMENT_COLUMN, render_scorecard
from triage.scoring import load_scorecard
from triage.scoring.scorecard import scorecard_from_dict


def _inputs(folder):
    """The inputs render_scorecard was given for a committed card, read back from its scorecard.toml."""
    data = tomllib.loads((folder / "scorecard.toml").read_text(encoding="utf-8"))
    w = data["weights"]
    numeric = list(data["numeric"])
    weights = FittedWeights(
        intercept=w["intercept"],
        choice={item: dict(table) for item, table in w.items() if item != "intercept" and item not in numeric},
        numeric={item: (w[item]["centre"], w[item]["per_unit"]) for item in numeric},
        C=data["meta"]["C"],
    )
    card = PointsCard(
        intercept=data["intercept"],
        points_scale=data["points_scale"],
        points={item: dict(table) for item, table in data["points"].items()},
        numeric={item: (s["centre"], s["points_per_unit"]) for item, s in data["numeric"].items()},
        medium_from=data["bands"]["medium_from"],
        high_from=data["bands"]["high_from"],
    )
    return {
        "name": data["name"],
        "version": data["version"],
        "weights": weights,
        "card": card,
        "meta": data["meta"],
        "synthetic": data["meta"]["synthetic"],
        "source": data["source"],
    }


@pytest.fixture(scope="module")
def committed():
    """The inputs render_scorecard was given for models/logistic-1.1 (the live card)."""
    return _inputs(LOGISTIC_DIR)


def test_the_writer_rebuilds_the_committed_scorecard_toml_byte_for_byte(committed):
    assert render_scorecard(**committed) == (LOGISTIC_DIR / "scorecard.toml").read_text(encoding="utf-8")


def test_the_template_rebuilds_the_committed_model_card_byte_for_byte(committed):
    metrics = json.loads((LOGISTIC_DIR / "metrics.json").read_text(encoding="utf-8"))
    text = render_model_card(metrics=metrics, scorecard=load_scorecard(LOGISTIC_DIR), weights=committed["weights"])
    assert text == (LOGISTIC_DIR / "model_card.md").read_text(encoding="utf-8")


def test_the_retired_card_is_rebuilt_byte_for_byte_and_its_model_card_from_the_same_template():
    """logistic-1.0 gave points for declining (before the rule); its files still rebuild from its inputs."""
    folder = LOGISTIC_DIR.parent / "logistic-1.0"
    inputs = _inputs(folder)
    assert render_scorecard(**inputs) == (folder / "scorecard.toml").read_text(encoding="utf-8")
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    text = render_model_card(metrics=metrics, scorecard=load_scorecard(folder), weights=inputs["weights"])
    assert text == (folder / "model_card.md").read_text(encoding="utf-8")
    assert "cannot be made live again" in text


def test_every_answer_has_its_note_in_the_comment_column(committed):
    text = render_scorecard(**committed)
    point_lines = [line for line in text.splitlines() if "# log-odds" in line or line.endswith("# reference")]
    assert len(point_lines) == 50  # every answer but 'prefer not to say', which scores 0 and has no line
    assert {line.index("#") for line in point_lines if not line.startswith("#")} == {COMMENT_COLUMN}
    assert "scqf_5_6 = 6                # log-odds +0.4150, OR 1.51; generating OR 1.50 [A]" in text


def test_a_card_fitted_on_outcome_data_has_no_synthetic_notes_and_loads(committed):
    meta = {**committed["meta"], "synthetic": False, "evidence": ""}
    text = render_scorecard(**{**committed, "meta": meta, "synthetic": False, "source": "outcome data x.csv"})
    assert "SYNTHETIC" not in text and "generating OR" not in text and "[A]" not in text
    expected = dataclasses.replace(load_scorecard(LOGISTIC_DIR), source="outcome data x.csv")
    assert scorecard_from_dict(tomllib.loads(text)) == expected


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_refused(committed, bad):
    card = dataclasses.replace(committed["card"], intercept=bad)
    with pytest.raises(ValueError, match="cannot write"):
        render_scorecard(**{**committed, "card": card})


def test_an_unknown_meta_type_is_refused(committed):
    with pytest.raises(TypeError, match="cannot write list"):
        render_scorecard(**{**committed, "meta": {"rows": [1, 2]}})


def test_markdown_table_has_a_separator_cell_per_column():
    assert markdown_table(["a", "b"], [["1", "2"]]) == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_the_template_uses_every_value_and_nothing_else(committed):
    metrics = json.loads((LOGISTIC_DIR / "metrics.json").read_text(encoding="utf-8"))
    values = model_card_values(metrics=metrics, scorecard=load_scorecard(LOGISTIC_DIR), weights=committed["weights"])
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    assert template.is_valid()
    assert set(template.get_identifiers()) == set(values)


def test_the_plain_words_summary_is_worked_out_from_the_cards_own_figures(committed):
    metrics = json.loads((LOGISTIC_DIR / "metrics.json").read_text(encoding="utf-8"))
    card = metrics["cards"]["logistic-1.1"]
    card["band_outcomes"]["high"].update(ltu_rate=0.41, share_of_all_ltu=0.37)
    card["band_outcomes"]["low"]["ltu_rate"] = 0.018
    card["auc"] = 0.81
    card["mean_probability"] = 0.15  # 3 points above the observed rate: not "right on average"
    text = render_model_card(metrics=metrics, scorecard=load_scorecard(LOGISTIC_DIR), weights=committed["weights"])
    summary = text[: text.index("The statistics behind these words follow.")]
    assert "of every 10 people it flags, about 4 become long-term unemployed" in summary
    assert "it finds about 4 in 10 of all who do" in summary
    assert "of every 100 people in it, about 2 become long-term unemployed" in summary
    assert "about 8 times in 10" in summary
    assert "The chance shown** averages 15%, and 12% became" in summary
