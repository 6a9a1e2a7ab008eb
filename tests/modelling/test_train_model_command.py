"""`manage.py train_model`: bad input stops with a message naming the column or row and writes nothing."""

import io
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from tests.modelling.conftest import tree
from triage.modelling.cohort import synthetic_cohort
from triage.scoring import load_scorecard


@pytest.fixture(scope="module")
def good_csv(tmp_path_factory):
    """2,000 SYNTHETIC rows written as the data dictionary's CSV."""
    path = tmp_path_factory.mktemp("data") / "outcomes.csv"
    synthetic_cohort(2_000, seed=9).to_csv(path, index=False)
    return path


def _broken_csv(tmp_path, good_csv, change):
    import pandas as pd

    df = pd.read_csv(good_csv, dtype=str, keep_default_na=False)
    df = change(df)
    path = tmp_path.parent / f"{tmp_path.name}-broken.csv"  # outside SCORECARD_DIR
    df.to_csv(path, index=False)
    return path


def _train(*args, **options):
    call_command("train_model", *args, stdout=io.StringIO(), **options)


def test_training_on_a_small_csv_writes_a_loadable_logistic_card(models_dir, good_csv):
    _train(data=str(good_csv), name="logistic", version="0.1")
    folder = models_dir / "logistic-0.1"
    assert sorted(p.name for p in folder.iterdir()) == [
        "calibration.png",
        "metrics.json",
        "model_card.md",
        "pipeline.joblib",
        "scorecard.toml",
    ]
    card = load_scorecard(folder)
    assert card.kind == "logistic" and card.weights is not None
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["synthetic"] is False  # read from a file: the card does not claim to be synthetic
    assert set(metrics["cards"]) == {"logistic-0.1", "rules-1.0"}
    assert not [p for p in models_dir.iterdir() if p.name.startswith(".")]  # no temporary folder left


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda df: df.drop(columns=["q9c_mental"]), "column 'q9c_mental' is missing"),
        (lambda df: df.assign(q2b_vehicle=["bicycle", *list(df["q2b_vehicle"][1:])]), "row 1, column 'q2b_vehicle'"),
        (lambda df: df.assign(ltu=[*list(df["ltu"][:-1]), "2"]), "row 2000, column 'ltu'"),
        (lambda df: df.head(300), "too few rows: 300"),
        (lambda df: df.assign(ltu=["1"] * 10 + ["0"] * (len(df) - 10)), "ltu = 1: 10"),
        (lambda df: df.assign(ltu=["0"] * 10 + ["1"] * (len(df) - 10)), "ltu = 0: 10"),
    ],
    ids=["missing column", "unknown answer", "label not 0/1", "too few rows", "too few LTU", "too few not LTU"],
)
def test_bad_data_is_refused_by_name_and_nothing_is_written(models_dir, tmp_path, good_csv, change, message):
    path = _broken_csv(tmp_path, good_csv, change)
    before = tree(models_dir)
    with pytest.raises(CommandError, match=message):
        _train(data=str(path), version="1.0")
    assert tree(models_dir) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "absent.csv", "no such file"),
        (
            lambda d: (d / "scan.csv").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe") and d / "scan.csv",
            "not a UTF-8 text file",
        ),
        (lambda d: (d / "empty.csv").write_text("") or d / "empty.csv", "empty"),
    ],
    ids=["no file", "binary file", "empty file"],
)
def test_unreadable_file_is_refused_and_nothing_is_written(models_dir, tmp_path_factory, make, message):
    path = make(tmp_path_factory.mktemp("input"))
    before = tree(models_dir)
    with pytest.raises(CommandError, match=message):
        _train(data=str(path), version="1.0")
    assert tree(models_dir) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"synthetic": 0, "version": "1.0"}, "positive number"),
        ({"synthetic": 100, "version": "1.0"}, "too few rows: 100"),
        ({"synthetic": 1000, "version": "1.0", "name": "Logistic Model"}, "name 'Logistic Model'"),
        ({"synthetic": 1000, "version": "v1"}, "version 'v1'"),
        ({"synthetic": 1000, "version": "1.0", "compare_with": "rules-9.9"}, "cannot compare with rules-9.9"),
        ({"synthetic": 1000, "version": "1.0", "name": "rules"}, "already exists"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(models_dir, options, message):
    options = {"name": "logistic"} | options
    if options["name"] == "rules":
        options["compare_with"] = "none"
    before = tree(models_dir)
    with pytest.raises(CommandError, match=message):
        _train(**options)
    assert tree(models_dir) == before


def test_force_replaces_an_existing_card(models_dir, good_csv):
    _train(data=str(good_csv), version="0.1", seed=1)
    first = (models_dir / "logistic-0.1" / "scorecard.toml").read_text()
    _train(data=str(good_csv), version="0.1", seed=2, force=True)
    second = (models_dir / "logistic-0.1" / "scorecard.toml").read_text()
    assert first != second
    assert "seed = 2" in second
    assert sorted(p.name for p in models_dir.iterdir()) == ["logistic-0.1", "rules-1.0"]


def test_progress_is_shown_stage_by_stage(models_dir):
    import io

    out = io.StringIO()
    call_command("train_model", synthetic=2_000, version="0.2", seed=3, stdout=out)
    text = out.getvalue()
    for stage in ("Generating 2,000 rows of the SYNTHETIC cohort", "Fitting on 1,500 rows", "Evaluating", "Writing"):
        assert stage in text
    assert "done in" in text
    assert np.isfinite(json.loads((models_dir / "logistic-0.2" / "metrics.json").read_text())["rounding"]["cost"])
