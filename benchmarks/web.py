"""Web pages at volume, each beside hand-written SQL: `python benchmarks/web.py [--people 200000 1000000] [--postgres]`.

For each size and database (SQLite; PostgreSQL too with --postgres, when one answers) this builds a
throwaway database (`manage.py migrate`, then `manage.py seed_volume --people N --seed 1`), then
times, as the first team's team lead, through Django's test Client (the whole view: session, auth,
filters, paginator COUNT, audit row, template), with DEBUG off:

- the caseload's first page, filtered and sorted: /caseload/?scope=team&band=high&sort=-assessed
- a deep page of the same list (page=2000, or the last page when there are fewer)
- a search by a surname: /caseload/?scope=team&q=Docherty
- the team lead's home page, whose figures are the four queue counts
- the team dashboard (/team/dashboard/)

Three timings of each, interleaved run by run in a turning order, so that drift on a busy machine
hits all alike and none always runs on caches another has just warmed:

- page: the whole response;
- ORM: the page's data alone, through the selectors the view calls (filters, COUNT, the page's rows
  as model instances; the queue counts; the dashboard's figures);
- raw: a baseline that fetches what the page shows by one hand-written SQL statement through
  connection.cursor(): the page's rows and the total it prints (a scalar subquery), the four
  queue counts, the dashboard's figures.

A check that the page shows the references (and the total) the baseline returns keeps them honest.
The client keeps one database connection, as a server with CONN_MAX_AGE would, and the process
runs the garbage collector as a server worker does (pace_site/tuning.py; --python-gc for Python's
defaults, to compare). p50 and p95 over --runs runs (30 unless told) after --warmup runs; each
ratio is a p95 over the raw p95.

Databases live under --workdir (SQLite) or as pace_bench_<N> on the PostgreSQL server (never
test_*); they are deleted afterwards unless --keep. --reuse keeps a database already seeded.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE_SIZE = 25
DEEP_PAGE = 2000
SURNAME = "Docherty"
CASELOAD_FIRST = "/caseload/?scope=team&band=high&sort=-assessed"
CASELOAD_DEEP = CASELOAD_FIRST + "&page={page}"
SEARCH = f"/caseload/?scope=team&q={SURNAME}"
DASHBOARD = "/team/dashboard/"

# The caseload row: the person's summary columns and the three names the table shows.
ROW_SQL = """
SELECT p.id, p.ref, p.given_name, p.family_name, p.band, p.model_band, p.band_rank, p.overridden,
       p.incomplete, p.assessed_at, p.interventions_count, p.latest_intervention_status,
       p.support_started, u.first_name, u.last_name, u.username, s.employer, a.name
FROM triage_person p
JOIN triage_redundancysituation s ON s.id = p.situation_id
JOIN triage_councilarea a ON a.id = p.council_area_id
LEFT JOIN triage_user u ON u.id = p.adviser_id
"""
HIGH_BAND = "p.team_id = %(team)s AND p.band = 'high'"
TOTAL = "(SELECT COUNT(*) FROM triage_person p WHERE {where}) AS total"
FILTERED_SQL = f"""
{ROW_SQL.replace("FROM triage_person p", ", " + TOTAL.format(where=HIGH_BAND) + " FROM triage_person p")}
WHERE {HIGH_BAND}
ORDER BY p.assessed_at DESC, p.id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""
# A deep page as one careful query: the offset skips entries of the (team, band, assessed_at) index
# in a subquery, and only the page's rows are read and joined.
DEEP_SQL = f"""
{ROW_SQL.replace("FROM triage_person p", ", " + TOTAL.format(where=HIGH_BAND) + " FROM triage_person p")}
WHERE p.id IN (
    SELECT id FROM triage_person p WHERE {HIGH_BAND}
    ORDER BY assessed_at DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s
)
ORDER BY p.assessed_at DESC, p.id DESC
"""
SEARCH_WHERE = {
    # The search reads the name keys (lower case, no accents), with Django's contains: LIKE.
    "sqlite": "p.team_id = %(team)s AND (p.given_name_key LIKE %(like)s OR p.family_name_key LIKE %(like)s)",
    "postgresql": "p.team_id = %(team)s AND (p.given_name_key::text LIKE %(like)s "
    "OR p.family_name_key::text LIKE %(like)s)",
}
SEARCH_SQL = {
    vendor: f"""
{ROW_SQL.replace("FROM triage_person p", ", " + TOTAL.format(where=where) + " FROM triage_person p")}
WHERE {where}
ORDER BY p.band_rank DESC, p.assessed_at DESC, p.id DESC LIMIT %(limit)s
"""
    for vendor, where in SEARCH_WHERE.items()
}
# The team lead's home: the four queue counts (the queues' rules, written out by hand).
HOME_SQL = """
SELECT
  (SELECT COUNT(*) FROM triage_person WHERE team_id = %(team)s AND band = 'high' AND support_started = %(false)s
     AND assessed_at < %(support_due)s),
  (SELECT COUNT(*) FROM triage_override WHERE team_id = %(team)s AND review_status IN ('pending', 'answered')),
  (SELECT COUNT(*) FROM triage_person WHERE team_id = %(team)s AND incomplete = %(true)s),
  (SELECT COUNT(*) FROM triage_person WHERE team_id = %(team)s AND found_work_on IS NULL
     AND assessed_at < %(reassess_due)s)
"""
# The dashboard's figures in one statement: people by area and bands, people by situation and band,
# assessments per week (12 weeks), interventions by type and status, and the team's situations.
DASHBOARD_SQL = """
SELECT 'area' AS kind, p.council_area_id AS k1, p.band AS k2, p.model_band AS k3,
       CAST(p.incomplete AS INTEGER) AS k4, NULL AS k5, COUNT(*) AS n
FROM triage_person p WHERE p.team_id = %(team)s GROUP BY p.council_area_id, p.band, p.model_band, p.incomplete
UNION ALL
SELECT 'situation', p.situation_id, p.band, NULL, NULL, NULL, COUNT(*)
FROM triage_person p WHERE p.team_id = %(team)s GROUP BY p.situation_id, p.band
UNION ALL
SELECT 'week', w.week, NULL, NULL, NULL, NULL, COUNT(*) FROM (
    SELECT CASE {weeks} END AS week FROM triage_assessment x
    WHERE x.team_id = %(team)s AND x.created_at >= %(start)s AND x.created_at < %(end)s
) w GROUP BY w.week
UNION ALL
SELECT 'intervention', i.intervention_type_id, i.status, NULL, NULL, NULL, COUNT(*)
FROM triage_intervention i WHERE i.team_id = %(team)s
GROUP BY i.intervention_type_id, i.status
UNION ALL
SELECT 'situation_row', s.id, s.sector, c.name, NULL, s.employer, s.number_affected
FROM triage_redundancysituation s JOIN triage_councilarea c ON c.id = s.council_area_id WHERE s.team_id = %(team)s
"""
REF = re.compile(r"\bP-[0-9A-Z]{6}\b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL, when one answers")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--teams", type=int, default=None, help="passed to seed_volume (default: the demo teams)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pace-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a database this script seeded before")
    parser.add_argument("--no-dashboard", action="store_true", help="skip the dashboard (slow at 1M people)")
    parser.add_argument(
        "--python-gc",
        action="store_true",
        help="keep Python's garbage-collector defaults (else a server worker's: pace_site/tuning.py)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child: DATABASE_URL is set
    args = parser.parse_args()
    if args.runs < 30:
        parser.error("--runs must be at least 30")
    if args.measure:
        print(json.dumps(measure(args.runs, args.warmup, dashboard=not args.no_dashboard, python_gc=args.python_gc)))
        return

    started = time.perf_counter()
    databases = [("SQLite", None)]
    if args.postgres:
        if postgres_answers(args.postgres_url):
            databases.append(("PostgreSQL", args.postgres_url))
        else:
            print(f"PostgreSQL: no answer at {args.postgres_url}; measuring SQLite only.", file=sys.stderr)
    rows, notes = [], []
    for label, server in databases:
        for people in args.people:
            url, drop = prepare(label, server, people, args)
            try:
                seeded = seed(url, people, args)
                if seeded is not None:
                    notes.append(f"{label} {people:,}: seed_volume took {seeded:.0f} s")
                child = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--measure",
                        "--runs",
                        str(args.runs),
                        "--warmup",
                        str(args.warmup),
                        *(["--no-dashboard"] if args.no_dashboard else []),
                        *(["--python-gc"] if args.python_gc else []),
                    ],
                    env=env_for(url),
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                )
                if child.returncode:
                    sys.exit(f"{label} {people:,}: the measuring process failed:\n{child.stderr}")
                result = json.loads(child.stdout.strip().splitlines()[-1])
                notes.extend(f"{label} {people:,}: {note}" for note in result["notes"])
                rows.extend({"database": label, "people": people, **row} for row in result["rows"])
            finally:
                if not args.keep:
                    drop()
    print_table(rows)
    for note in notes:
        print(f"  {note}")
    print(
        f"  ratio: p95 over raw p95. {args.runs} timed runs per page after {args.warmup} warm-up runs "
        f"(2 for the dashboard); whole benchmark {time.perf_counter() - started:.0f} s."
    )
    print(
        "  garbage collector: Python's defaults (--python-gc)"
        if args.python_gc
        else "  garbage collector: as a server worker's (pace_site/tuning.py; --python-gc for Python's defaults)"
    )


# ---------------------------------------------------------------------------------------------
# The parent: databases, seeding, the table.


def env_for(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="pace_site.settings")
    env.pop("DEBUG", None)
    return env


def postgres_answers(server: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return True
    except Exception:  # any failure means no PostgreSQL to measure
        return False


def prepare(label: str, server: str | None, people: int, args) -> tuple[str, callable]:
    """A database URL for this size, emptied unless reused, and how to drop it."""
    if server is None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        path = args.workdir / f"pace-{people}.sqlite3"
        files = [
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
            marker(args, label, people),
        ]

        def drop():
            for file in files:
                file.unlink(missing_ok=True)

        if not (args.reuse and marker(args, label, people).exists()):
            drop()
        return f"sqlite:///{path}", drop

    import psycopg

    name = f"pace_bench_{people}"

    def drop_pg():
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        marker(args, label, people).unlink(missing_ok=True)

    if not (args.reuse and marker(args, label, people).exists()):
        drop_pg()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", drop_pg


def marker(args, label: str, people: int) -> Path:
    return args.workdir / f"seeded-{label.lower()}-{people}"


def seed(url: str, people: int, args) -> float | None:
    """migrate and seed_volume, unless --reuse found this database seeded; the seconds seeding took."""
    done = marker(args, "PostgreSQL" if url.startswith("postgres") else "SQLite", people)
    if args.reuse and done.exists():
        return None
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env_for(url), cwd=ROOT, check=True)
    command = [*manage, "seed_volume", "--people", str(people), "--seed", "1"]
    if args.teams:
        command += ["--teams", str(args.teams)]
    started = time.perf_counter()
    subprocess.run(command, env=env_for(url), cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    args.workdir.mkdir(parents=True, exist_ok=True)
    done.touch()
    return seconds


def print_table(rows: list[dict]) -> None:
    headers = [
        "database",
        "people",
        "page",
        "p50 ms",
        "p95 ms",
        "ORM p50",
        "ORM p95",
        "raw p50",
        "raw p95",
        "page/raw",
        "ORM/raw",
    ]
    lines = []
    for row in rows:
        if row.get("not_built"):
            lines.append([row["database"], f"{row['people']:,}", row["page"], "not built", *[""] * 7])
            continue
        lines.append(
            [
                row["database"],
                f"{row['people']:,}",
                row["page"],
                *(f"{row[key]:.1f}" for key in ("p50", "p95", "orm_p50", "orm_p95", "raw_p50", "raw_p95")),
                f"{row['p95'] / row['raw_p95']:.1f}x" if row["raw_p95"] else "",
                f"{row['orm_p95'] / row['raw_p95']:.1f}x" if row["raw_p95"] else "",
            ]
        )
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *lines, strict=True)]

    def fmt(cells):
        return "  ".join(
            str(c).ljust(w) if i in {0, 2} else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print(fmt(headers))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(fmt(line))


# ---------------------------------------------------------------------------------------------
# The child: Django set up on DATABASE_URL; times the pages, their data and their baselines.


def measure(runs: int, warmup: int, dashboard: bool = True, python_gc: bool = False) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")
    import django

    django.setup()
    if not python_gc:
        from pace_site.tuning import tune_garbage_collector

        tune_garbage_collector()  # as each gunicorn worker does (pace_site/gunicorn_conf.py)
    from django.conf import settings
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client, override_settings
    from django.utils import timezone

    from triage import selectors
    from triage.access import Role
    from triage.lib.text import name_key
    from triage.models import Person, User
    from triage.selectors.caseload import caseload_page
    from triage.selectors.dashboard import team_dashboard_figures

    lead = (
        User.objects.filter(groups__name=Role.TEAM_LEAD, team__isnull=False, username="teamlead").first()
        or User.objects.filter(groups__name=Role.TEAM_LEAD, team__isnull=False).order_by("pk").first()
    )
    team = lead.team_id
    vendor = connection.vendor
    today = timezone.localdate()
    notes = [f"as {lead.username}, team of {Person.objects.filter(team_id=team).count():,} people"]

    def raw(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def caseload_data(url):
        """What the caseload view asks of the database, through the same selectors."""
        data = QueryDict(url.split("?", 1)[1])

        def run():
            filterset = selectors.caseload_filter(user=lead, data=data, today=today, scope="team")
            selectors.caseload_filter_options(filterset)  # the form's select options, as the view lists them
            page = caseload_page(filterset.qs, data.get("page"), PAGE_SIZE)
            return page.paginator.count, [
                (row["ref"], row["adviser"], row["employer"], row["area"]) for row in page.object_list
            ]

        return run

    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        client = Client()
        client.force_login(lead)
        high = Person.objects.filter(team_id=team, band="high").count()
        deep = min(DEEP_PAGE, max(1, math.ceil(high / PAGE_SIZE)))
        if deep != DEEP_PAGE:
            notes.append(
                f"page {DEEP_PAGE} does not exist ({high:,} high-band people): the deep page is the last, {deep}"
            )
        first = {"team": team, "limit": PAGE_SIZE, "offset": 0}
        pages = [
            ("caseload p1 band=high sort=-assessed", CASELOAD_FIRST, FILTERED_SQL, first),
            (
                f"caseload p{deep} (deep)",
                CASELOAD_DEEP.format(page=deep),
                DEEP_SQL,
                {**first, "offset": (deep - 1) * PAGE_SIZE},
            ),
            (f"search q={SURNAME}", SEARCH, SEARCH_SQL[vendor], {**first, "like": f"%{name_key(SURNAME)}%"}),
        ]
        rows = []
        for label, url, sql, params in pages:
            same_rows(client, url, raw(sql, params), label)
            rows.append({"page": label, **timed(client, url, caseload_data(url), raw(sql, params), runs, warmup)})

        sql, params = home_sql(team, today)
        same_counts(client, raw(sql, params))
        queues = lambda: selectors.queue_counts(user=lead, today=today)  # noqa: E731
        rows.append(
            {"page": "team lead home (queue counts)", **timed(client, "/", queues, raw(sql, params), runs, warmup)}
        )

        if dashboard:
            sql, params = dashboard_sql(team)
            same_people_registered(client, raw(sql, params))
            figures = lambda: team_dashboard_figures(user=lead, today=today)  # noqa: E731
            rows.append(
                {"page": "dashboard", **timed(client, DASHBOARD, figures, raw(sql, params), runs, min(warmup, 2))}
            )
    return {"rows": rows, "notes": notes}


def same_rows(client, url: str, baseline, label: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (label, response.status_code)
    page = response.content.decode()
    shown = list(dict.fromkeys(REF.findall(page)))  # each row links its reference too
    fetched = baseline()
    if shown != [row[1] for row in fetched]:
        raise AssertionError(f"{label}: the page and its baseline disagree: {shown[:3]}… vs {fetched[:3]}…")
    total = fetched[0][-1] if fetched else 0
    if f"<strong>{total:,}</strong>".replace(",", "") not in page.replace(",", ""):
        raise AssertionError(f"{label}: the page does not show the baseline's total, {total}")


def same_counts(client, baseline) -> None:
    page = client.get("/").content.decode()
    shown = [int(n.replace(",", "")) for n in re.findall(r'id="queue-[a-z_]+">([\d,]+)</strong>', page)]
    if shown != list(baseline()[0]):
        raise AssertionError(f"home: the page shows {shown}, the baseline counts {baseline()[0]}")


def same_people_registered(client, baseline) -> None:
    """The dashboard's headline, people registered, against the sum of the baseline's area counts."""
    page = client.get(DASHBOARD).content.decode()
    registered = sum(row[-1] for row in baseline() if row[0] == "area")
    if f"{registered:,}" not in page:
        raise AssertionError(f"dashboard: the page does not show the baseline's {registered:,} people registered")


def timed(client, url: str, data, baseline, runs: int, warmup: int) -> dict:
    for _ in range(warmup):
        client.get(url)
        data()
        baseline()
    view, orm, raw = [], [], []

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    timings = [(page, view), (data, orm), (baseline, raw)]
    for run in range(runs):
        # Interleaved, so drift on a busy machine hits all alike, and in a turning order, so that
        # none always runs on the caches another has just warmed.
        for call, samples in timings[run % 3 :] + timings[: run % 3]:
            started = time.perf_counter()
            call()
            samples.append(time.perf_counter() - started)
    return {
        "p50": percentile(view, 50),
        "p95": percentile(view, 95),
        "orm_p50": percentile(orm, 50),
        "orm_p95": percentile(orm, 95),
        "raw_p50": percentile(raw, 50),
        "raw_p95": percentile(raw, 95),
    }


def percentile(samples: list[float], p: int) -> float:
    """Nearest rank, in milliseconds."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000


def home_sql(team: int, today) -> tuple[str, dict]:
    """The queue counts' statement, with the cut-offs the rules give for today."""
    from datetime import timedelta

    from django.db import connection

    from triage.filters import local_start_of_day
    from triage.lib.dates import working_days_before
    from triage.models import CaseloadRules

    rules = CaseloadRules.current()

    def start_of(day):
        return connection.ops.adapt_datetimefield_value(local_start_of_day(day))

    due = working_days_before(today, rules.support_due_working_days)
    return HOME_SQL, {
        "team": team,
        "true": True,
        "false": False,
        "support_due": start_of(due + timedelta(days=1)),
        "reassess_due": start_of(today - timedelta(days=rules.reassess_after_days - 1)),
    }


def dashboard_sql(team: int) -> tuple[str, dict]:
    """The dashboard's statement, with its week boundaries: Mondays at local midnight, 12 weeks to this one."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from triage.filters import local_start_of_day

    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    edges = [
        # As the ORM would pass them: UTC text on SQLite, aware datetimes on PostgreSQL.
        connection.ops.adapt_datetimefield_value(local_start_of_day(this_monday - timedelta(weeks=11 - i)))
        for i in range(13)
    ]
    weeks = " ".join(f"WHEN x.created_at >= %(e{i})s THEN {i}" for i in range(11, -1, -1))
    params = {"team": team, "start": edges[0], "end": edges[-1]} | {f"e{i}": edges[i] for i in range(12)}
    return DASHBOARD_SQL.format(weeks=weeks), params


if __name__ == "__main__":
    main()
