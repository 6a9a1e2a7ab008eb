"""The anonymised export at volume, beside the database's own CSV dump: `python benchmarks/export.py [--rows N] [--quick] [--postgres]`.

Builds a throwaway database (`manage.py migrate`, then `manage.py seed_volume --people N --seed 1`:
people with assessments, overrides, interventions and follow-ups), then exports every assessment
as CSV and as Parquet, and the newest `--xlsx-rows` (100,000 unless told) as XLSX, each through
the real code path: export_request (the job row, enqueued on the database backend and never
picked up) and then the task function itself (triage.tasks.run_export.call), without the worker,
in a child process of its own, so its wall time and peak RSS (os.wait4's ru_maxrss) are the
export's alone. k is 5, as the service's default; the PACE ID is keyed.

The floor, measured in the same run on the same database: the same columns by one SQL statement
(the assessment, the person and place columns, and the interventions, latest override reason and
follow-ups aggregated per row) dumped to CSV by the database's own client: `sqlite3 -csv` on
SQLite, `psql \\copy (...) TO ... CSV` on PostgreSQL (--postgres). It does no pseudonymising,
k-anonymity, formula neutralising or type checks: what is left is the I/O and the joins.
Target: each CSV and Parquet export within 3x the floor's time, peak RSS under 200 MB.

--quick seeds 200,000 people instead of 1,000,000. Databases live under --workdir (SQLite) or as
pace_bench_export on the PostgreSQL server; deleted afterwards unless --keep; --reuse keeps one
already seeded.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
TARGET_RSS_MB = 200
BENCH_KEY = "benchmark-only-pseudonym-key-not-a-secret-0123456789"

_INTERVENTIONS = {
    "sqlite": "(SELECT group_concat(t.code || ':' || coalesce(pa.abbreviation, 'other') || ':' || i.status, '; ') "
    "FROM triage_intervention i JOIN triage_interventiontype t ON t.id = i.intervention_type_id "
    "LEFT JOIN triage_partner pa ON pa.id = i.partner_id WHERE i.person_id = a.person_id)",
    "postgresql": "(SELECT string_agg(t.code || ':' || coalesce(pa.abbreviation, 'other') || ':' || i.status, '; ' "
    "ORDER BY i.agreed_on, i.id) "
    "FROM triage_intervention i JOIN triage_interventiontype t ON t.id = i.intervention_type_id "
    "LEFT JOIN triage_partner pa ON pa.id = i.partner_id WHERE i.person_id = a.person_id)",
}
_FOLLOW_UPS = {
    "sqlite": "(SELECT group_concat(f.months || ':' || f.status, '; ') FROM triage_followup f "
    "WHERE f.person_id = a.person_id AND f.months IS NOT NULL)",
    "postgresql": "(SELECT string_agg(f.months || ':' || f.status, '; ' ORDER BY f.months) FROM triage_followup f "
    "WHERE f.person_id = a.person_id AND f.months IS NOT NULL)",
}
_DAYS_TO_WORK = {
    "sqlite": "(SELECT CAST(julianday(min(coalesce(f.started_on, f.contacted_on))) - julianday(p.leaving_date) AS INTEGER) "
    "FROM triage_followup f WHERE f.person_id = a.person_id AND f.status IN ('employed', 'self_employed'))",
    "postgresql": "(SELECT min(coalesce(f.started_on, f.contacted_on)) - p.leaving_date "
    "FROM triage_followup f WHERE f.person_id = a.person_id AND f.status IN ('employed', 'self_employed'))",
}


def floor_sql(vendor: str) -> str:
    """The export's columns as one statement: what the database alone does to dump them."""
    return (
        "SELECT a.id, p.ref, p.sex, s.sector, c.code, c.region, a.area_unemployment_rate, a.answers, a.created_at, "
        "a.scorecard_name, a.scorecard_version, a.total_points, a.probability, a.model_band, a.effective_band, "
        "(SELECT o.reason_category FROM triage_override o WHERE o.assessment_id = a.id "
        "ORDER BY o.created_at DESC, o.id DESC LIMIT 1), "
        f"{_INTERVENTIONS[vendor]}, {_FOLLOW_UPS[vendor]}, {_DAYS_TO_WORK[vendor]}, p.ltu_label "
        "FROM triage_assessment a JOIN triage_person p ON p.id = a.person_id "
        "JOIN triage_redundancysituation s ON s.id = p.situation_id "
        "JOIN triage_councilarea c ON c.id = a.council_area_id ORDER BY a.id"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="people to seed (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="seed 200,000 people instead")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the XLSX export (the newest)")
    parser.add_argument("--formats", nargs="+", default=["csv", "parquet", "xlsx"], help="the formats to export")
    parser.add_argument("--postgres", action="store_true", help="on PostgreSQL instead of SQLite")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "pace_bench_export"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a database already seeded (with --keep)")
    parser.add_argument("--measure", nargs=2, metavar=("FORMAT", "DATE_FROM"), help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    people = 200_000 if args.quick else args.rows
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.postgres:
        url = f"{args.postgres_url.rstrip('/')}/pace_bench_export"
        vendor = "postgresql"
    else:
        url = f"sqlite:///{workdir / 'export.sqlite3'}"
        vendor = "sqlite"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="pace_site.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "benchmark-only-secret-key-not-used-for-anything-real",
        PSEUDONYM_KEY=BENCH_KEY,
        EXPORT_DIR=str(workdir / "exports"),
        DEBUG="false",
    )
    try:
        seeded = seed(env, vendor, url, people, workdir, args)
        if seeded is not None:
            print(f"Seeded {people:,} people in {seeded:.0f} s", file=sys.stderr)
        results = []
        total, xlsx_from = counts(env, args.xlsx_rows)
        for fmt in args.formats:
            results.append(run_child(env, fmt, xlsx_from if fmt == "xlsx" else ""))
        floor = run_floor(env, vendor, url, workdir)
        print_report(results, floor, total, people, vendor)
    finally:
        if not args.keep:
            drop(vendor, url, workdir, args)


def seed(env: dict, vendor: str, url: str, people: int, workdir: Path, args) -> float | None:
    marker = workdir / f"seeded-{vendor}-{people}"
    if args.reuse and marker.exists():
        return None
    drop(vendor, url, workdir, args)
    if vendor == "postgresql":
        import psycopg

        with psycopg.connect(f"{args.postgres_url.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE pace_bench_export")
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "seed_volume", "--people", str(people), "--seed", "1", "--no-progress"], env=env, cwd=ROOT, check=True
    )
    marker.write_text("seeded")
    return time.perf_counter() - started


def drop(vendor: str, url: str, workdir: Path, args) -> None:
    for marker in workdir.glob(f"seeded-{vendor}-*"):
        marker.unlink()
    shutil.rmtree(workdir / "exports", ignore_errors=True)
    if vendor == "postgresql":
        import psycopg

        with psycopg.connect(f"{args.postgres_url.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS pace_bench_export")
        return
    for path in workdir.glob("export.sqlite3*"):
        path.unlink()
    for path in workdir.glob("floor-*.csv"):
        path.unlink()


def counts(env: dict, xlsx_rows: int) -> tuple[int, str]:
    """The assessments, and the first day of a month from which at most about `xlsx_rows` of the
    newest were made."""
    code = (
        "import django, json; django.setup()\n"
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from triage.models import Assessment\n"
        "total = Assessment.objects.count()\n"
        f"row = Assessment.objects.order_by('-created_at').values_list('created_at', flat=True)[{xlsx_rows}:{xlsx_rows + 1}]\n"
        "day = timezone.localtime(row[0]).date() if row else None\n"
        # An export's period starts on the 1st (decision 0024): the first month start after it.
        "day = (day if day.day == 1 else (day.replace(day=28) + timedelta(days=4)).replace(day=1)).isoformat() if day else ''\n"
        "print(json.dumps([total, day]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    total, day = json.loads(out.stdout.strip().splitlines()[-1])
    return total, day


def run_child(env: dict, fmt: str, date_from: str) -> dict:
    command = [sys.executable, __file__, "--measure", fmt, date_from or "-"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"the {fmt} export failed (exit {process.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(fmt=fmt, process_seconds=time.perf_counter() - started, rss_mb=usage.ru_maxrss / 1024)
    return result


def run_floor(env: dict, vendor: str, url: str, workdir: Path) -> dict:
    path = workdir / f"floor-{vendor}.csv"
    if vendor == "sqlite":
        database = url.removeprefix("sqlite:///")
        command = ["sqlite3", "-csv", "-header", database, floor_sql(vendor)]
    else:
        command = ["psql", url, "-X", "-q", "-c", f"\\copy ({floor_sql(vendor)}) TO '{path}' WITH (FORMAT csv, HEADER)"]
    started = time.perf_counter()
    with path.open("w") as out:
        process = subprocess.Popen(command, stdout=out if vendor == "sqlite" else subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit("the floor's dump failed")
    with path.open("rb") as f:
        rows = sum(1 for _ in f) - 1  # an answers cell holds no newline: JSON on one line
    size = path.stat().st_size
    path.unlink()
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "rows": rows, "bytes": size, "command": command[0]}


def print_report(results: list[dict], floor: dict, total: int, people: int, vendor: str) -> None:
    print(f"\nAnonymised export on {vendor}: {people:,} people, {total:,} assessments (k = 5)")
    print(
        f"  floor ({floor['command']} CSV of the same columns): {floor['rows']:,} rows in {floor['seconds']:.1f} s, "
        f"{floor['bytes'] / 1e6:.0f} MB, peak RSS {floor['rss_mb']:.0f} MB"
    )
    header = f"  {'format':<8} {'rows':>10} {'export s':>9} {'process s':>10} {'rows/s':>9} {'MB':>6} {'RSS MB':>7} {'x floor':>8}"
    print(header)
    for r in results:
        per_row_floor = floor["seconds"] / max(1, floor["rows"])
        ratio = r["seconds"] / (per_row_floor * max(1, r["rows_read"]))
        rss_ok = "ok" if r["rss_mb"] < TARGET_RSS_MB else "OVER"
        time_ok = "ok" if ratio <= TARGET_RATIO or r["fmt"] == "xlsx" else "OVER"
        print(
            f"  {r['fmt']:<8} {r['rows']:>10,} {r['seconds']:>9.1f} {r['process_seconds']:>10.1f} "
            f"{r['rows'] / r['seconds']:>9,.0f} {r['bytes'] / 1e6:>6.0f} {r['rss_mb']:>7.0f} {ratio:>7.1f}x"
            f"  time {time_ok}, RSS {rss_ok}"
        )
        if r["summary"]:
            print(f"           {r['summary']}")
    print(
        f"  target: CSV and Parquet within {TARGET_RATIO:g}x the floor's time, peak RSS under {TARGET_RSS_MB} MB "
        "(x floor: against the floor's time for the same number of rows; XLSX reported, no target)"
    )


# The child: Django set up on DATABASE_URL; one export, timed.
def measure(fmt: str, date_from: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")
    django.setup()
    from datetime import date

    from django.contrib.auth.models import Group

    from triage.access import Role
    from triage.models import ExportJob, User
    from triage.selectors.export import ExportFilters, export_row_count
    from triage.services.exports import export_file_path, export_request
    from triage.tasks import run_export

    user, _ = User.objects.get_or_create(username="bench_evaluator")
    user.groups.add(Group.objects.get(name=Role.EVALUATOR))
    filters = ExportFilters(date_from=date.fromisoformat(date_from) if date_from != "-" else None)
    rows_read = export_row_count(filters=filters)
    job = export_request(acting_user=user, filters=filters, fmt=fmt, k=5)  # enqueued; no worker runs it
    started = time.perf_counter()
    run_export.call(job.pk)
    seconds = time.perf_counter() - started
    job = ExportJob.objects.get(pk=job.pk)
    path = export_file_path(job)
    if path is None:
        raise SystemExit(f"export failed: {job.error}")
    result = {"seconds": seconds, "rows": job.rows, "rows_read": rows_read, "bytes": path.stat().st_size}
    result["summary"] = job.summary
    path.unlink()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
