"""The evaluator's statistics pages at volume: `python benchmarks/evaluation_pages.py [--people 200000]`.

Builds a throwaway SQLite database under --workdir (`manage.py migrate`, then `manage.py
seed_volume --people N --seed 1`; --reuse keeps one already seeded, --keep leaves it), or uses
--database-url as it is. Then, as the demo's evaluator, through Django's test Client with DEBUG
off and the garbage collector tuned as a server worker's (pace_site/tuning.py), it measures each
of the six pages under /evaluation/model/ (the cut-off explorer with a query, by share, on
recorded outcomes and on the training cohort) in the states decision 0023 gives them:

- inline: one view with nothing stored, so the page computes and stores its figures in the
  request. This is what the per-worker cache of decision 0019 paid on the first view after every
  change, in every worker; now only a fresh install's first view pays it.
- stale, new worker: the data has changed since the figures were stored (an audit row of an
  edit moves the data version), and the worker's local cache is cleared before each run, so each
  view reads the row's version, then the payload, and decodes it: a worker that has not read
  this snapshot yet, or one just restarted.
- stale: the same figures, this worker's copy decoded; the page says "being refreshed".
- warm: after the refresh, figures current.

Beside them, in the same run: a page with no figures (the accessibility statement, the same
client and base template: the floor of any page), the data version check every view makes, and
what a write adds (the check that a refresh is already waiting, on the database task backend).
Then one background refresh (`evaluation_figures_refresh`, as the task runs it) of every figure
set, with each set's seconds and stored size, and the process's peak RSS. p50 and p95 over
--runs runs after --warmup runs; the pages' target is a p95 under 1 s.
"""

import argparse
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = (
    ("performance", "evaluation-performance", ""),
    ("explorer", "evaluation-cutoffs", ""),
    ("explorer", "evaluation-cutoffs", "?basis=share&share=20&hours=3&source=recorded"),
    ("explorer", "evaluation-cutoffs", "?basis=points&points=40&hours=3&source=training"),
    ("fairness", "evaluation-fairness", ""),
    ("overrides", "evaluation-overrides", ""),
    ("survival", "evaluation-time-to-work", ""),
    ("drift", "evaluation-drift", ""),
)
FLOOR = "/accessibility/"
STALE_TEXT = "being refreshed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pace-bench-evaluation"))
    parser.add_argument("--database-url", help="a database already seeded (nothing is built or deleted)")
    parser.add_argument("--reuse", action="store_true", help="keep a database this benchmark seeded before")
    parser.add_argument("--keep", action="store_true", help="leave the database under --workdir")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.database_url:
        url, built = args.database_url, False
    else:
        args.workdir.mkdir(parents=True, exist_ok=True)
        path = args.workdir / f"pace-evaluation-{args.people}.sqlite3"
        url, built = f"sqlite:///{path}", True
        marker = path.with_suffix(".seeded")
        if not (args.reuse and marker.exists()):
            for stale in (path, marker):
                stale.unlink(missing_ok=True)
            seed(url, args.people)
            marker.touch()
    try:
        os.environ["DATABASE_URL"] = url
        os.environ.pop("DEBUG", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env(url), cwd=ROOT, check=True)
        measure(args.runs, args.warmup)
    finally:
        if built and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            marker.unlink(missing_ok=True)
    print(f"  whole benchmark {time.perf_counter() - started:.0f} s")


def env(url: str) -> dict:
    values = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="pace_site.settings")
    values.pop("DEBUG", None)
    return values


def seed(url: str, people: int) -> None:
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env(url), cwd=ROOT, check=True)
    began = time.perf_counter()
    command = [*manage, "seed_volume", "--people", str(people), "--seed", "1", "--no-progress"]
    subprocess.run(command, env=env(url), cwd=ROOT, check=True)
    print(f"seed_volume --people {people:,} took {time.perf_counter() - began:.0f} s", flush=True)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(share * len(ordered)) - 1]


def measure(runs: int, warmup: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")
    import django

    django.setup()
    from pace_site.tuning import tune_garbage_collector

    tune_garbage_collector()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    import triage.selectors.evaluation as evaluation
    from triage.access import Role
    from triage.models import AuditAction, AuditEvent, EvaluationSnapshot, Person, User
    from triage.services.evaluation import evaluation_figures_refresh
    from triage.services.evaluation_requests import evaluation_refresh_request
    from triage.tasks import refresh_evaluation_figures

    user = User.objects.filter(groups__name=Role.EVALUATOR).order_by("pk").first()
    people = Person.objects.filter(latest_assessment__isnull=False).count()
    with_outcome = Person.objects.filter(ltu_label__isnull=False).count()
    print(
        f"as {user.username}, {connection.vendor}: {people:,} assessed people, {with_outcome:,} with an outcome; "
        f"live card {evaluation.live_label()}",
        flush=True,
    )

    def timed(fn) -> float:
        began = time.perf_counter()
        fn()
        return (time.perf_counter() - began) * 1000

    with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()
        client.force_login(user)
        urls = [(name, reverse(view) + query) for name, view, query in PAGES]

        def get(url: str, *, stale: bool | None = None) -> float:
            began = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - began) * 1000
            html = response.content.decode()
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code}")
            if stale is not None and (STALE_TEXT in html) != stale:
                sys.exit(f"{url}: expected {'stale' if stale else 'current'} figures")
            return elapsed

        def samples(url: str, *, stale: bool, cold: bool) -> tuple[float, float]:
            for _ in range(warmup):
                get(url, stale=stale)
            times = []
            for _ in range(runs):
                if cold:
                    cache.clear()
                times.append(get(url, stale=stale))
            return percentile(times, 0.5), percentile(times, 0.95)

        # One background refresh of every set, from nothing stored, as the task runs it.
        EvaluationSnapshot.objects.all().delete()
        cache.clear()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refresh_ms = timed(lambda: evaluation_figures_refresh())
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refresh = {
            name: (seconds, len(payload))
            for name, seconds, payload in EvaluationSnapshot.objects.values_list("name", "seconds", "payload")
        }

        # Inline: each page with nothing stored (what every worker paid after each change before).
        inline = {}
        for name, url in urls:
            EvaluationSnapshot.objects.filter(name=name).delete()
            cache.clear()
            inline[url] = get(url, stale=False)

        # Stale: a change moves the data version; the stored figures stay.
        AuditEvent.objects.create(user=user, action=AuditAction.PERSON_UPDATED, detail="benchmark: a change")
        rows = []
        for name, url in urls:
            cold = samples(url, stale=True, cold=True)
            warm_stale = samples(url, stale=True, cold=False)
            rows.append([name, url, cold, warm_stale])
        began = time.perf_counter()
        evaluation_figures_refresh()
        second_refresh = time.perf_counter() - began
        for row in rows:
            url = row[1]
            row.append(samples(url, stale=False, cold=False))
            with CaptureQueriesContext(connection) as queries:
                get(url, stale=False)
            row.append(len(queries))
        floor_times = []
        for _ in range(warmup):
            get(FLOOR)
        for _ in range(runs):
            floor_times.append(get(FLOOR))
        floor = (percentile(floor_times, 0.5), percentile(floor_times, 0.95))
        today = timezone.localdate()
        version_times = [timed(lambda: evaluation.snapshot_version(today)) for _ in range(runs)]

        # What a write adds once it commits: the check that a refresh is waiting (one is).
        evaluation_refresh_request()
        check_times = [timed(evaluation_refresh_request) for _ in range(runs)]
        DBTaskResult.objects.filter(task_path=refresh_evaluation_figures.module_path, status="READY").delete()

    def ms(pair: tuple[float, float]) -> str:
        return f"{pair[0]:,.0f} / {pair[1]:,.0f}"

    header = ("page", "inline ms", "stale, new worker p50/p95", "stale p50/p95", "warm p50/p95", "queries")
    table = [
        (url, f"{inline[url]:,.0f}", ms(cold), ms(stale), ms(warm), str(queries))
        for _, url, cold, stale, warm, queries in rows
    ]
    table.append((f"{FLOOR} (no figures: the floor)", "", "", "", ms(floor), ""))
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    for line in [header, *table]:
        print(
            "  ".join(
                str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i]) for i, cell in enumerate(line)
            )
        )
    worst = max(max(cold[1], stale[1], warm[1]) for _, _, cold, stale, warm, _ in rows)
    print(
        f"  worst p95 of any page in any state with figures stored: {worst:,.0f} ms (target under 1,000 ms); "
        f"floor p95 {floor[1]:,.0f} ms"
    )
    print(
        f"  data version check (every view): p50 {percentile(version_times, 0.5):.2f} ms, "
        f"p95 {percentile(version_times, 0.95):.2f} ms; after a write, the waiting-refresh check: "
        f"p50 {percentile(check_times, 0.5):.2f} ms, p95 {percentile(check_times, 0.95):.2f} ms"
    )
    print(
        f"  one background refresh of every figure set: {refresh_ms / 1000:,.1f} s "
        f"(again after the change: {second_refresh:,.1f} s); peak RSS {rss_before / 1024:,.0f} MB before, "
        f"{rss_after / 1024:,.0f} MB after"
    )
    for name, (seconds, size) in refresh.items():
        print(f"    {name}: {seconds:,.1f} s, {size / 1024:,.0f} KiB stored")
    print(f"  p50 / p95 over {runs} runs after {warmup} warm-up runs; inline is one view each.")


if __name__ == "__main__":
    main()
