"""Partner linkage at volume: `python benchmarks/linkage.py [--people N] [--partner M] [--quick]`.

Generates `--people` PACE people (default 1,000,000) and a partner file of `--partner` records
(default 200,000; a third without NI numbers, typos, swapped day and month, moves, missing
postcodes; 15% of people PACE does not hold) with `triage.linkage.generate` (seeded), then links
them with `triage.linkage.link` on DuckDB as the indexing job would: train, predict, cluster;
then gives every cluster a PACE ID (`registry.assign_pace_ids`), and links once more with the
saved model (no training), as a later upload would. `--quick`: 100,000 and 20,000.

Printed: seconds per stage, peak RSS of the process (resource's ru_maxrss: it includes the
generated tables), and precision and recall against the generator's truth, overall and for the
partner records without an NI hash. Beside them, measured in the same run:

- the baseline of exact-NI-only linkage (what linking on the NI hash alone finds: its recall);
- a DuckDB scan of the inputs (both tables written to Parquet, read back and joined on ni_hash):
  the floor for touching the data at all on this machine.

Targets (issue 13): precision >= 0.99 and recall >= 0.95 on the records without NI; the 200k x 1M
run under 10 minutes and 4 GB.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from triage.linkage.generate import accuracy, generate  # noqa: E402
from triage.linkage.link import LinkageSettings, clusters_of, link  # noqa: E402
from triage.linkage.registry import assign_pace_ids  # noqa: E402

TARGET_SECONDS = 600
TARGET_RSS_MB = 4096


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--partner", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="100,000 people and a 20,000-record file")
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB's memory_limit")
    args = parser.parse_args()
    people, partner = (100_000, 20_000) if args.quick else (args.people, args.partner)

    started = time.perf_counter()
    generated = generate(people_count=people, partner_count=partner, seed=args.seed)
    records = generated.records
    generate_seconds = time.perf_counter() - started
    rss_inputs = _rss_mb()
    print(
        f"{people:,} PACE people, {partner:,} partner records: generated in {generate_seconds:.1f} s, "
        f"peak RSS {rss_inputs:,.0f} MB"
    )

    with tempfile.TemporaryDirectory(prefix="pace-linkage-bench-") as workdir:
        started = time.perf_counter()
        generated.pace.to_parquet(f"{workdir}/pace.parquet")
        generated.partner.to_parquet(f"{workdir}/partner.parquet")
        write_seconds = time.perf_counter() - started
        started = time.perf_counter()
        connection = duckdb.connect()
        connection.execute(f"SET threads = {args.threads}")
        scanned = connection.execute(
            f"SELECT count(*), count(DISTINCT p.given_name || p.family_name || p.date_of_birth) "
            f"FROM '{workdir}/pace.parquet' p LEFT JOIN '{workdir}/partner.parquet' r USING (ni_hash)"
        ).fetchone()
        scan_seconds = time.perf_counter() - started
    print(
        f"Baseline, DuckDB scan: Parquet written in {write_seconds:.1f} s, read and joined on ni_hash in "
        f"{scan_seconds:.2f} s ({scanned[0]:,} rows)"
    )

    settings = LinkageSettings(
        threads=args.threads, memory_limit=args.memory_limit, u_max_pairs=1e7, em_max_pairs=5e6, seed=args.seed
    )
    started = time.perf_counter()
    result = link(records, settings=settings, on_stage=lambda stage: print(f"  {stage}...", flush=True))
    link_seconds = time.perf_counter() - started
    rss_link = _rss_mb()

    without_ni = generated.partner.loc[generated.partner["ni_hash"].isna(), "unique_id"].tolist()
    overall = accuracy(result.clusters, generated.truth)
    no_ni = accuracy(result.clusters, generated.truth, partner_ids=without_ni)
    ni_only = clusters_of(records["unique_id"], result.pairs[result.pairs["method"] == "ni"])
    baseline = accuracy(ni_only, generated.truth)

    started = time.perf_counter()
    assignment = assign_pace_ids(result.cluster_members().values(), {})
    registry_seconds = time.perf_counter() - started

    started = time.perf_counter()
    again = link(records, settings=settings, model=result.model)
    reuse_seconds = time.perf_counter() - started
    second = assign_pace_ids(again.cluster_members().values(), dict(assignment.pace_ids))
    kept = sum(second.pace_ids[key] == pace_id for key, pace_id in assignment.pace_ids.items())
    rss_end = _rss_mb()

    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in result.seconds.items())
    print(f"Linkage: {link_seconds:.1f} s ({stages}); peak RSS {rss_link:,.0f} MB")
    print(
        f"  pairs: {int((result.pairs['method'] == 'ni').sum()):,} exact on NI, "
        f"{int(((result.pairs['method'] == 'splink') & result.pairs['linked']).sum()):,} by Splink, "
        f"{len(result.review):,} for review"
    )
    for label, figures in (("all partner records", overall), ("without NI", no_ni), ("baseline, NI only", baseline)):
        print(
            f"  {label}: precision {figures.precision:.4f}, recall {figures.recall:.4f} "
            f"({figures.true_links:,} right, {figures.false_links:,} wrong, {figures.missed:,} missed)"
        )
    print(f"PACE IDs for {len(assignment.pace_ids):,} records in {registry_seconds:.1f} s")
    print(
        f"Again with the saved model: {reuse_seconds:.1f} s (no training); {kept:,} of "
        f"{len(assignment.pace_ids):,} records kept their PACE ID, {len(second.issued):,} new, "
        f"{len(second.splits)} splits; peak RSS {rss_end:,.0f} MB"
    )
    ok = link_seconds < TARGET_SECONDS and rss_end < TARGET_RSS_MB and no_ni.precision >= 0.99 and no_ni.recall >= 0.95
    print(
        f"Targets (under {TARGET_SECONDS} s, {TARGET_RSS_MB} MB, precision >= 0.99 and recall >= 0.95 without NI): "
        f"{'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
