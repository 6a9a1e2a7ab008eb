"""Linkage on small generated sets: a model trained once per module, reused by each case."""

import pandas as pd
import pytest

from triage.linkage.generate import accuracy, generate
from triage.linkage.link import SPARK_MISSING, EngineUnavailable, LinkageSettings, link, spark_available
from triage.linkage.records import COLUMNS, PACE, partner_source

SETTINGS = LinkageSettings(u_max_pairs=2e5, em_max_pairs=2e5, threads=2)
DWP = partner_source("DWP")


@pytest.fixture(scope="module")
def generated():
    return generate(people_count=5000, partner_count=2000, seed=11)


@pytest.fixture(scope="module")
def trained(generated):
    return link(generated.records, settings=SETTINGS)


def _with(generated, *rows):
    extra = pd.DataFrame([dict(zip(COLUMNS, row, strict=True)) for row in rows], columns=list(COLUMNS))
    return pd.concat([generated.records, extra], ignore_index=True)


def _same_cluster(result, left, right):
    cluster = result.clusters.set_index("unique_id")["cluster"]
    return cluster[left] == cluster[right]


def _pace(uid, given, family, dob, postcode, ni=None):
    return (uid, PACE, uid, ni, given, family, dob, postcode, postcode and postcode.split()[0])


def _partner(uid, given, family, dob, postcode, ni=None):
    return (uid, DWP, uid, ni, given, family, dob, postcode, postcode and postcode.split()[0])


def test_precision_and_recall_on_a_seeded_set(generated, trained):
    overall = accuracy(trained.clusters, generated.truth)
    without_ni = generated.partner.loc[generated.partner["ni_hash"].isna(), "unique_id"].tolist()
    no_ni = accuracy(trained.clusters, generated.truth, partner_ids=without_ni)
    assert overall.precision >= 0.99 and overall.recall >= 0.97
    assert no_ni.precision >= 0.99 and no_ni.recall >= 0.95
    assert trained.trained and "train" in trained.seconds


def test_exact_ni_matches_link_whatever_the_names(generated, trained):
    records = _with(
        generated,
        _pace("pace-x1", "ann", "lee", "1970-01-01", "LS6 2AB", ni="hash-x1"),
        _partner("dwp-x1", "bartholomew", "quigley", "1999-12-31", None, ni="hash-x1"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert _same_cluster(result, "pace-x1", "dwp-x1")
    pair = result.pairs[(result.pairs["unique_id_r"] == "dwp-x1") & (result.pairs["unique_id_l"] == "pace-x1")]
    assert list(pair["method"]) == ["ni"]


def test_different_ni_hashes_never_link(generated, trained):
    records = _with(
        generated,
        _pace("pace-x2", "ann", "lee", "1970-01-01", "LS6 2AB", ni="hash-a"),
        _partner("dwp-x2", "ann", "lee", "1970-01-01", "LS6 2AB", ni="hash-b"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert not _same_cluster(result, "pace-x2", "dwp-x2")


def test_a_typo_in_a_name_with_the_same_dob_and_postcode_links(generated, trained):
    records = _with(
        generated,
        _pace("pace-x3", "siobhan", "oneill", "1985-03-14", "SW1A 1AA"),
        _partner("dwp-x3", "siobhan", "onelil", "1985-03-14", "SW1A 1AA"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert _same_cluster(result, "pace-x3", "dwp-x3")


def test_day_and_month_swapped_links(generated, trained):
    records = _with(
        generated,
        _pace("pace-x4", "wojciech", "kowalski", "1985-03-07", "M1 1AE"),
        _partner("dwp-x4", "wojciech", "kowalski", "1985-07-03", "M1 1AE"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert _same_cluster(result, "pace-x4", "dwp-x4")


def test_swapped_given_and_family_names_link(generated, trained):
    records = _with(
        generated,
        _pace("pace-x5", "imran", "hussain", "1979-11-23", "B12 9QT"),
        _partner("dwp-x5", "hussain", "imran", "1979-11-23", "B12 9QT"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert _same_cluster(result, "pace-x5", "dwp-x5")


def test_an_unrelated_person_with_the_same_dob_does_not_link(generated, trained):
    records = _with(
        generated,
        _pace("pace-x6", "gemma", "ashworth", "1988-08-08", "YO1 7HH"),
        _partner("dwp-x6", "tariq", "rahman", "1988-08-08", "SE15 4QX"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert not _same_cluster(result, "pace-x6", "dwp-x6")
    assert "dwp-x6" not in set(result.review["unique_id_r"]) | set(result.review["unique_id_l"])


def test_a_trained_model_reused_gives_the_same_result_without_training(generated, trained):
    again = link(generated.records, settings=SETTINGS, model=trained.model_json)
    assert not again.trained and "train" not in again.seconds
    assert again.model["comparisons"] == trained.model["comparisons"]
    key = ["unique_id_l", "unique_id_r"]
    assert again.pairs.sort_values(key)[key].values.tolist() == trained.pairs.sort_values(key)[key].values.tolist()
    assert sorted(map(sorted, again.cluster_members().values())) == sorted(
        map(sorted, trained.cluster_members().values())
    )


def test_pairs_between_thresholds_go_to_review(trained):
    review = trained.review["match_probability"]
    assert ((review >= SETTINGS.lower_threshold) & (review < SETTINGS.upper_threshold)).all()
    assert not trained.review["linked"].any()


def test_spark_without_pyspark_names_what_to_install(generated):
    if spark_available():
        pytest.skip("pyspark is installed: the Spark path runs in test_spark_engine_links")
    with pytest.raises(EngineUnavailable, match="pip install pyspark"):
        link(generated.records, settings=LinkageSettings(engine="spark"))


def test_spark_engine_links(generated):
    if not spark_available():
        pytest.skip(SPARK_MISSING)
    small = generate(people_count=500, partner_count=200, seed=5)
    result = link(small.records, settings=LinkageSettings(engine="spark", u_max_pairs=1e5, em_max_pairs=1e5))
    assert accuracy(result.clusters, small.truth).precision >= 0.95


def test_a_partners_second_upload_links_to_its_first(generated, trained):
    first, second = partner_source("DWP", upload=1), partner_source("DWP", upload=2)
    records = _with(
        generated,
        ("dwp1-x7", first, "R7", None, "priya", "chapman", "1991-05-17", "LE3 8PD", "LE3"),
        ("dwp2-x7", second, "R7", None, "priya", "chapmen", "1991-05-17", "LE3 8PD", "LE3"),
    )
    result = link(records, settings=SETTINGS, model=trained.model)
    assert _same_cluster(result, "dwp1-x7", "dwp2-x7")


def test_the_saved_model_carries_no_identifier(generated, trained):
    """The model is saved with the job, beyond the life of the linkage fields: parameters only."""
    text = trained.model_json
    values = generated.records[["ni_hash", "given_name", "family_name", "date_of_birth", "postcode"]]
    sample = {str(value) for value in values.head(500).to_numpy().ravel() if value is not None and len(str(value)) > 3}
    assert not [value for value in sample if f'"{value}"' in text or f"'{value}'" in text]
