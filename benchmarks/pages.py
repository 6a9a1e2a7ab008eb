"""Time any pages as a team lead: `DATABASE_URL=… python benchmarks/pages.py URL [URL …] [--runs 30]`.

A probe for a database already seeded (for example one `benchmarks/web.py --keep` left under
/tmp/pace-bench): each URL is fetched through Django's test client as the first team's team lead,
with DEBUG off, after 3 warm-up fetches; prints p50 and p95, the status and the query count.
Run it at two commits to compare a change.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", help="username (default: the first team lead with a team)")
    parser.add_argument(
        "--python-gc",
        action="store_true",
        help="keep Python's garbage-collector defaults (else a server worker's: pace_site/tuning.py)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")
    import django

    django.setup()
    if not args.python_gc:
        from pace_site.tuning import tune_garbage_collector

        tune_garbage_collector()  # as each gunicorn worker does (pace_site/gunicorn_conf.py)
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from triage.access import Role
    from triage.models import User

    users = (
        User.objects.filter(username=args.user)
        if args.user
        else User.objects.filter(groups__name=Role.TEAM_LEAD, team__isnull=False).order_by("pk")
    )
    user = users.first()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()
        client.force_login(user)
        print(f"as {user.username}, {connection.vendor}")
        for url in args.urls:
            for _ in range(3):
                client.get(url)
            samples = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            samples.sort()
            p50 = samples[math.ceil(0.5 * len(samples)) - 1]
            p95 = samples[math.ceil(0.95 * len(samples)) - 1]
            print(f"{url}: {response.status_code}, p50 {p50:.1f} ms, p95 {p95:.1f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
