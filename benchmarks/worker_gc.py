"""A gunicorn worker with and without the tuned garbage collector, over HTTP:
`DATABASE_URL=… python benchmarks/worker_gc.py [--requests 5000]`.

On a database already seeded (for example one `benchmarks/web.py --keep` left under /tmp/pace-bench),
this starts one worker twice on 127.0.0.1:8013: with Python's defaults, then with
pace_site/gunicorn_conf.py (whose post_worker_init hook applies pace_site/tuning.py). Each time it
sends --requests requests as the first team's team lead, turning through the caseload's first page,
a search, the home page, a deep page and Find a person, and prints the worker's resident memory
before, at each quarter and at the end, and the caseload first page's p50 and p95 over HTTP.
"""

import argparse
import math
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1:8013"
URLS = [
    "/caseload/?scope=team&band=high&sort=-assessed",
    "/caseload/?scope=team&q=Docherty",
    "/",
    "/caseload/?scope=team&band=high&sort=-assessed&page=2000",
    "/people/",
]


def session_cookie() -> str:
    """A signed-in session for the first team lead, made through Django (no password needed)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from triage.access import Role
    from triage.models import User

    client = Client()
    client.force_login(User.objects.filter(groups__name=Role.TEAM_LEAD, team__isnull=False).order_by("pk").first())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    raise RuntimeError(pid)


def run(label: str, config: list[str], cookie: str, requests: int) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *config, "pace_site.wsgi", "--bind", BASE.removeprefix("http://"),
         "--workers", "1", "--max-requests", "0"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", cookie)]
        for _ in range(100):
            try:
                opener.open(BASE + "/").read()
                break
            except OSError:
                time.sleep(0.2)
        worker = int(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()[0])
        memory, first_page = [rss_mb(worker)], []
        for i in range(requests):
            started = time.perf_counter()
            response = opener.open(BASE + URLS[i % len(URLS)])
            response.read()
            if response.status != 200 or response.url != BASE + URLS[i % len(URLS)]:
                sys.exit(f"{URLS[i % len(URLS)]}: {response.status} at {response.url} (not signed in?)")
            if i % len(URLS) == 0:
                first_page.append((time.perf_counter() - started) * 1000)
            if (i + 1) % (requests // 4) == 0:
                memory.append(rss_mb(worker))
        first_page.sort()
        p50, p95 = (first_page[max(0, math.ceil(p * len(first_page)) - 1)] for p in (0.5, 0.95))
        print(f"{label:24s} RSS MB {' → '.join(map(str, memory)):28s} caseload p1 p50 {p50:5.1f} ms  p95 {p95:5.1f} ms")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to a seeded database")
    cookie = session_cookie()
    print(f"one worker, {args.requests:,} requests each; memory before, at each quarter")
    run("Python's defaults", [], cookie, args.requests)
    run("tuned (gunicorn_conf.py)", ["-c", "pace_site/gunicorn_conf.py"], cookie, args.requests)


if __name__ == "__main__":
    main()
