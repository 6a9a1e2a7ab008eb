"""The adviser's heaviest requests beside a bare insert, in one process: `python benchmarks/journey.py [--postgres]`.

A probe that a busy machine disturbs less than the load test (benchmarks/load.py): each request
goes through Django's whole stack (middleware, session, sign-in, view, template) by the test
Client, with DEBUG off, on a fresh database with the demo data (SQLite under /tmp, or PostgreSQL
database `pace_perf`). Timed as wall time and as this process's CPU time (time.process_time,
which other processes on the machine do not add to), p50 over --runs rounds after warm-up, the
cases interleaved in a turning order:

- bare insert: the benchmark-only view of benchmarks/bench_urls.py (one INSERT, no session);
- checklist submit: a signed-in adviser's checklist POST (urlencoded, as a browser sends it);
- checklist form, registration form, result: the pages as an adviser opens them.

Each line also gives the request's SQL statements. `--app DIR` measures another checkout (for
example the commit before a change, from `git archive`) the same way.
"""

import argparse
import math
import os
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG = "postgres://postgres@127.0.0.1:5432/pace_perf"


def p50(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.5 * len(ordered)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL database pace_perf, not SQLite")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--app", default=str(ROOT), help="the checkout to measure (default: this one)")
    parser.add_argument("--pages", action="store_true", help="also the home, person, caseload and a plain page")
    parser.add_argument("--profile", metavar="CASE", help="instead of timing, cProfile --runs calls of one case")
    args = parser.parse_args()

    app = Path(args.app).resolve()
    os.chdir(app)
    sys.path[:0] = [str(app), str(HERE)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ["DEBUG"] = "false"
    if args.postgres:
        import psycopg

        with psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS pace_perf WITH (FORCE)")
            conn.execute("CREATE DATABASE pace_perf")
        os.environ["DATABASE_URL"] = PG
    else:
        path = Path("/tmp/pace-journey.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"

    import django

    django.setup()
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from pace_site.tuning import tune_garbage_collector
    from triage.models import Assessment, Person, User
    from triage.scoring import ITEMS, PREFER_NOT_TO_SAY

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=StringIO())
    tune_garbage_collector()  # as each gunicorn worker does (pace_site/gunicorn_conf.py)

    adviser = User.objects.get(username="adviser")
    people = list(Person.objects.filter(team=adviser.team).order_by("pk"))
    answers = {
        code: next(a.code for a in item.answers if a.code != PREFER_NOT_TO_SAY)
        for code, item in ITEMS.items()
        if item.kind == "choice"
    }
    turn = {"i": 0}

    with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client, anonymous = Client(), Client()
        client.force_login(adviser)
        latest = Assessment.objects.filter(person__in=people).order_by("-pk").first()

        def person() -> Person:
            turn["i"] += 1
            return people[turn["i"] % len(people)]

        def submit():
            body = urlencode({**answers, "submission_token": str(uuid.uuid4())})
            response = client.post(
                f"/people/{person().ref}/assessments/add/", body, content_type="application/x-www-form-urlencoded"
            )
            # A browser follows the redirect, and the result page takes the "Checklist saved"
            # message out of its cookie. Not followed here, the messages would pile up in the
            # cookie and every submit would pay to trim it to size.
            client.cookies.pop("messages", None)
            return response

        cases = {
            "bare insert": lambda: anonymous.post("/bench/bare-insert/"),
            "checklist submit": submit,
            "checklist form": lambda: client.get(f"/people/{person().ref}/assessments/add/"),
            "registration form": lambda: client.get("/people/add/"),
            "result": lambda: client.get(f"/people/{latest.person.ref}/assessments/{latest.pk}/"),
        }
        if args.pages:  # more pages, to see where a page's time goes beside the layout's alone
            cases |= {
                "layout only": lambda: client.get("/accessibility/"),
                "home": lambda: client.get("/"),
                "person": lambda: client.get(f"/people/{latest.person.ref}/"),
                "caseload": lambda: client.get("/caseload/"),
            }
        expected = {"bare insert": 200, "checklist submit": 302}
        statements = {}
        for name, case in cases.items():
            for _ in range(5):
                case()
            with CaptureQueriesContext(connection) as queries:
                response = case()
            assert response.status_code == expected.get(name, 200), (name, response.status_code)
            statements[name] = len(queries)
        if args.profile and args.profile.startswith("compile:"):
            # How much of one case is spent compiling SQL (the ORM's as_sql), timed without a profiler.
            from django.db.models.sql import compiler as sql_compiler

            spent = {"as_sql": 0.0, "depth": 0, "calls": 0}
            classes = [sql_compiler.SQLCompiler, sql_compiler.SQLInsertCompiler, sql_compiler.SQLUpdateCompiler]
            originals = {cls: cls.__dict__["as_sql"] for cls in classes}

            def timed(original):
                def as_sql(self, *a, **k):
                    spent["depth"] += 1
                    started = time.perf_counter()
                    try:
                        return original(self, *a, **k)
                    finally:
                        spent["depth"] -= 1
                        if spent["depth"] == 0:
                            spent["as_sql"] += time.perf_counter() - started
                            spent["calls"] += 1

                return as_sql

            for cls, original in originals.items():
                cls.as_sql = timed(original)
            case = cases[args.profile.split(":", 1)[1]]
            started = time.perf_counter()
            for _ in range(args.runs):
                case()
            total = time.perf_counter() - started
            print(
                f"{total / args.runs * 1000:.2f} ms a request, {spent['as_sql'] / args.runs * 1000:.2f} ms compiling SQL"
                f" in {spent['calls'] / args.runs:.1f} statements"
            )
            return
        if args.profile and args.profile.startswith("sample:"):
            from pyinstrument import Profiler  # not a dependency: pip install pyinstrument to use it

            case = cases[args.profile.split(":", 1)[1]]
            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.runs):
                case()
            profiler.stop()
            print(profiler.output_text(unicode=False, show_all=False))
            return
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                cases[args.profile]()
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
            return
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        names = list(cases)
        for run in range(args.runs):
            for name in names[run % len(names) :] + names[: run % len(names)]:
                started, started_cpu = time.perf_counter(), time.process_time()
                cases[name]()
                cpu[name].append((time.process_time() - started_cpu) * 1000)
                wall[name].append((time.perf_counter() - started) * 1000)

    bare_wall, bare_cpu = p50(wall["bare insert"]), p50(cpu["bare insert"])
    print(f"{connection.vendor}, {app}, p50 over {args.runs} runs")
    print(f"{'':20} {'wall ms':>8} {'CPU ms':>8} {'× bare (wall, CPU)':>20} {'statements':>10}")
    for name in cases:
        w, c = p50(wall[name]), p50(cpu[name])
        print(f"{name:20} {w:8.2f} {c:8.2f} {w / bare_wall:9.2f} {c / bare_cpu:9.2f} {statements[name]:10}")


if __name__ == "__main__":
    main()
