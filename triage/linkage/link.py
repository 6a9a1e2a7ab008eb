"""Link identifier records into clusters: exact on the NI number's keyed hash where both sides
have one, otherwise Splink 5 (Fellegi–Sunter) on DuckDB, or on Spark by a setting.

`link(records, settings=..., model=None)` trains a model once when none is given (u by random
sampling with a fixed seed, m by expectation maximisation on two blocking rules) and returns it
as Splink's JSON settings in the result; passed back as `model=`, it is reused without training.
"""

import importlib.util
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from triage.linkage.records import prepare

Engine = Literal["duckdb", "spark"]

SPARK_MISSING = (
    "The Spark engine needs pyspark and a Java runtime, which are not in the default install: "
    "`.venv/bin/pip install pyspark` and `apt-get install default-jre-headless` (Debian's Java)."
)

# Pairs both of whose records carry an NI hash are decided by the hash alone (equal: linked;
# different: not the same person), so Splink never scores them.
_NOT_BOTH_NI = "(l.ni_hash IS NULL OR r.ni_hash IS NULL)"

# Blocking rules for prediction: a pair is scored when one of these holds. Each is an equi-join
# (DuckDB hash-joins it), narrow enough at 1M x 200k on 2 cores.
PREDICTION_BLOCKS = (
    "l.date_of_birth = r.date_of_birth",
    "l.family_name = r.family_name AND l.postcode_outward = r.postcode_outward",
    "l.given_name = r.given_name AND l.family_name = r.family_name",
    "substr(l.given_name, 1, 1) = substr(r.given_name, 1, 1)"
    " AND substr(l.family_name, 1, 1) = substr(r.family_name, 1, 1)"
    " AND substr(l.date_of_birth, 1, 4) = substr(r.date_of_birth, 1, 4)"
    " AND l.postcode = r.postcode",
    "l.postcode = r.postcode AND substr(l.date_of_birth, 1, 7) = substr(r.date_of_birth, 1, 7)",
)


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (Spark without pyspark)."""


@dataclass(frozen=True)
class LinkageSettings:
    engine: Engine = "duckdb"
    upper_threshold: float = 0.95  # at or above: linked
    lower_threshold: float = 0.50  # at or above, below upper: clerical review; below: dropped
    seed: int = 27
    u_max_pairs: float = 5e6
    em_max_pairs: float | None = 2e6
    threads: int | None = None  # DuckDB's threads; None: DuckDB's default (all cores)
    memory_limit: str | None = None  # DuckDB's memory_limit, "3GB"; None: DuckDB's default
    temp_directory: str | None = None  # where DuckDB spills when over memory_limit
    spark_session: Any = None  # an existing SparkSession for engine="spark"; None: local mode


@dataclass(frozen=True)
class LinkResult:
    """`pairs`: unique_id_l, unique_id_r, match_probability, method ("ni" or "splink"), linked.
    `review`: the Splink pairs between the thresholds, for clerical review, same columns.
    `clusters`: unique_id, cluster (an integer, stable only within this result).
    `model`: Splink's JSON settings, trained; `trained`: whether this call trained it."""

    pairs: pd.DataFrame
    review: pd.DataFrame
    clusters: pd.DataFrame
    model: dict[str, Any]
    trained: bool
    seconds: Mapping[str, float] = field(default_factory=dict)

    @property
    def model_json(self) -> str:
        return json.dumps(self.model, sort_keys=True)

    def cluster_members(self) -> dict[int, list[str]]:
        ordered = self.clusters.sort_values("cluster", kind="stable")
        ids, labels = ordered["unique_id"].to_numpy(), ordered["cluster"].to_numpy()
        bounds = np.flatnonzero(np.diff(labels)) + 1
        starts = np.concatenate([[0], bounds]).astype(int)
        return {int(labels[start]): part.tolist() for start, part in zip(starts, np.split(ids, bounds), strict=True)}


def spark_available() -> bool:
    return importlib.util.find_spec("pyspark") is not None


def comparisons() -> list[Any]:
    """Names (typos, swapped given and family names), date of birth (typos, day and month
    swapped, within a year) and postcode (exact, the same outward code after a move)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    given, family = "given_name", "family_name"
    names = cl.CustomComparison(
        output_column_name="name",
        comparison_description="Given and family names",
        comparison_levels=[
            cll.Or(cll.NullLevel(given), cll.NullLevel(family)),
            cll.And(cll.ExactMatchLevel(given), cll.ExactMatchLevel(family)).configure(
                label_for_charts="Both names exact"
            ),
            cll.ColumnsReversedLevel(given, family, symmetrical=True).configure(
                label_for_charts="Given and family names swapped"
            ),
            cll.And(cll.JaroWinklerLevel(given, 0.92), cll.JaroWinklerLevel(family, 0.92)).configure(
                label_for_charts="Both names Jaro-Winkler >= 0.92"
            ),
            cll.Or(
                cll.And(cll.DamerauLevenshteinLevel(given, 2), cll.DamerauLevenshteinLevel(family, 1)),
                cll.And(cll.DamerauLevenshteinLevel(given, 1), cll.DamerauLevenshteinLevel(family, 2)),
            ).configure(label_for_charts="Names within a few typos"),
            cll.JaroWinklerLevel(family, 0.92).configure(label_for_charts="Family name alike, given name not"),
            cll.JaroWinklerLevel(given, 0.92).configure(label_for_charts="Given name alike, family name not"),
            cll.ElseLevel(),
        ],
    )
    dob = "date_of_birth"
    date_of_birth = cl.CustomComparison(
        output_column_name=dob,
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel(dob),
            cll.ExactMatchLevel(dob),
            cll.CustomLevel(
                "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4)"
                " AND substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2)"
                " AND substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2)",
                label_for_charts="Day and month swapped",
            ),
            cll.LevenshteinLevel(dob, 1).configure(label_for_charts="One digit different"),
            cll.AbsoluteDateDifferenceLevel(dob, input_is_string=True, threshold=1, metric="year").configure(
                label_for_charts="Within a year"
            ),
            cll.ElseLevel(),
        ],
    )
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("postcode_outward").configure(label_for_charts="Same outward code"),
            cll.ElseLevel(),
        ],
    )
    return [names, date_of_birth, postcode]


def splink_settings() -> Any:
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    return SettingsCreator(
        link_type="link_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[CustomRule(f"{rule} AND {_NOT_BOTH_NI}") for rule in PREDICTION_BLOCKS],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def _duckdb_api(settings: LinkageSettings) -> Any:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    if settings.threads is not None:
        connection.execute(f"SET threads = {int(settings.threads)}")
    if settings.memory_limit is not None:
        connection.execute("SET memory_limit = ?", [settings.memory_limit])
    if settings.temp_directory is not None:
        connection.execute("SET temp_directory = ?", [settings.temp_directory])
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection)


def _spark_api(settings: LinkageSettings) -> Any:
    if not spark_available():
        raise EngineUnavailable(SPARK_MISSING)
    from pyspark.sql import SparkSession
    from splink import SparkAPI

    session = settings.spark_session or (SparkSession.builder.master("local[*]").appName("pace-linkage").getOrCreate())
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="pace-linkage-spark-"))
    return SparkAPI(spark_session=session)


def db_api(settings: LinkageSettings) -> Any:
    if settings.engine == "duckdb":
        return _duckdb_api(settings)
    if settings.engine == "spark":
        return _spark_api(settings)
    raise ValueError(f"Unknown linkage engine {settings.engine!r}")


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


def ni_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """Pairs of records in different sources with the same NI hash: each record of a hash joined
    to the first of that hash (enough to cluster them)."""
    with_ni = frame.loc[frame["ni_hash"].notna(), ["unique_id", "source_dataset", "ni_hash"]]
    first = with_ni.drop_duplicates("ni_hash").rename(
        columns={"unique_id": "unique_id_l", "source_dataset": "source_l"}
    )
    joined = with_ni.merge(first, on="ni_hash")
    joined = joined[joined["unique_id"] != joined["unique_id_l"]]
    pairs = pd.DataFrame(
        {"unique_id_l": joined["unique_id_l"].to_numpy(), "unique_id_r": joined["unique_id"].to_numpy()}
    )
    pairs["match_probability"] = 1.0
    pairs["method"] = "ni"
    return pairs


def train(linker: Any, settings: LinkageSettings) -> None:
    """u by random sampling (fixed seed); the prior from a strict deterministic rule; m by EM
    blocked on date of birth (estimating names and postcode) and on both names (date of birth)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    for rule in (block_on("date_of_birth"), block_on("given_name", "family_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=settings.em_max_pairs
        )


def _register_inputs(api: Any, frame: pd.DataFrame, settings: LinkageSettings) -> list[Any]:
    """One input table per source: with exactly two, Splink joins them as a two-dataset link."""
    tables = []
    for number, (_, part) in enumerate(frame.groupby("source_dataset", sort=True)):
        table = part.reset_index(drop=True)
        if settings.engine == "spark":
            table = api.spark.createDataFrame(table)
        tables.append(api.register(table, table_name=f"linkage_input_{number}"))
    return tables


def splink_pairs(
    frame: pd.DataFrame, *, settings: LinkageSettings, model: Mapping[str, Any] | None, seconds: dict[str, float]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Scored pairs at or above the lower threshold, and the model (trained here if None)."""
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    api = db_api(settings)
    tables = _register_inputs(api, frame, settings)
    if len(tables) < 2:
        return _empty_pairs(), dict(model) if model is not None else {}
    linker = Linker(tables, dict(model) if model is not None else splink_settings(), log_level=None)
    if model is None:
        with _timed(seconds, "train"):
            train(linker, settings)
    with _timed(seconds, "predict"):
        predictions = linker.inference.predict(threshold_match_probability=settings.lower_threshold)
        pairs = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    trained_model = linker.misc.save_model_to_json()
    trained_model.pop("linker_uid", None)
    pairs = pairs.astype({"unique_id_l": str, "unique_id_r": str, "match_probability": float})
    pairs["method"] = "splink"
    return pairs, trained_model


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unique_id_l": pd.Series(dtype=object),
            "unique_id_r": pd.Series(dtype=object),
            "match_probability": pd.Series(dtype=float),
            "method": pd.Series(dtype=object),
        }
    )


def clusters_of(unique_ids: pd.Series, linked: pd.DataFrame) -> pd.DataFrame:
    """Connected components (union-find) of the linked pairs; every record in one cluster,
    a record linked to nothing alone in its own."""
    index = pd.Index(unique_ids)
    left = index.get_indexer(linked["unique_id_l"])
    right = index.get_indexer(linked["unique_id_r"])
    size = len(index)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    return pd.DataFrame({"unique_id": index.to_numpy(), "cluster": labels})


def link(
    records: Any,
    *,
    settings: LinkageSettings,
    model: Mapping[str, Any] | str | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> LinkResult:
    """Link identifier records (`triage.linkage.records`) across sources into clusters."""
    if settings.engine == "spark" and not spark_available():
        raise EngineUnavailable(SPARK_MISSING)
    if not settings.lower_threshold <= settings.upper_threshold:
        raise ValueError("The lower threshold must not be above the upper one")
    given: Mapping[str, Any] | None = json.loads(model) if isinstance(model, str) else model
    seconds: dict[str, float] = {}
    with _timed(seconds, "prepare"):
        frame = prepare(records)
    if on_stage:
        on_stage("exact")
    with _timed(seconds, "exact"):
        exact = ni_pairs(frame)
    if on_stage:
        on_stage("probabilistic")
    scored, trained_model = splink_pairs(frame, settings=settings, model=given, seconds=seconds)
    with _timed(seconds, "cluster"):
        scored["linked"] = scored["match_probability"] >= settings.upper_threshold
        exact["linked"] = True
        pairs = pd.concat([exact, scored], ignore_index=True) if len(scored) else exact
        review = scored[~scored["linked"]].sort_values("match_probability", ascending=False)
        clusters = clusters_of(frame["unique_id"], pairs[pairs["linked"]])
    return LinkResult(
        pairs=pairs.reset_index(drop=True),
        review=review.reset_index(drop=True),
        clusters=clusters,
        model=trained_model,
        trained=given is None,
        seconds=seconds,
    )
