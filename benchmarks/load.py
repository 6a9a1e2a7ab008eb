"""The adviser journey under load, against the real server: `python benchmarks/load.py [--postgres]`.

Builds a fresh database (SQLite under --workdir, or PostgreSQL database `pace_perf`, never a
test_* one), migrates it and loads the demo data (its adviser logins), then starts the server as
`make run` does: gunicorn with pace_site/gunicorn_conf.py (2 workers), its access log to a file.
The only difference is the settings module, benchmarks/bench_settings.py, which adds one
benchmark-only page: a bare Django view that inserts one row (benchmarks/bench_urls.py).

Then, with locust (headless, as a library), in this order:

1. pair: one client alternating a checklist submit with a bare insert, one request at a time
   (p50 of each, the server's mean CPU for each, and their ratios: the submit's cost over the
   cheapest write Django can do);
2. bare: 50 clients posting to the bare view with no pause (the server's ceiling, same run);
3. saturation: 50 advisers doing the journey with no pause between steps;
4. event: the same 50 advisers pausing 5-15 s between steps, as at a redundancy event.

The journey, for one person: home page, registration form, register, the person's page,
checklist form, checklist submit, the result, the caseload, a search by surname. Each adviser
signs in once, before any measuring. For each phase: requests per second, p50/p95/p99 (ms),
errors, and server CPU ms per request (the gunicorn master's and workers' user+system time,
psutil, including workers replaced during the run). PostgreSQL's own backends' CPU is not counted.

`--app DIR` serves another checkout (for example the commit before a change, from `git archive`)
with this checkout's load test, so before and after are measured the same way.
"""

import argparse
import json
import os
import random
import re
import signal
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from statistics import mean, median

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "pace_perf"
ADVISERS = ["adviser", "adviser2", "adviser_tay"]  # the demo data's advisers (triage/devtools/demo.py)

INPUT = re.compile(r"<input\b[^>]*>", re.S)
SELECT = re.compile(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option\b[^>]*\bvalue="([^"]+)"')
ATTR = re.compile(r'([a-z_-]+)="([^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REF = re.compile(r"/people/(P-[A-Z0-9]+)/")


def form_fields(page: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The page's hidden and text inputs (name: value) and its radio groups and selects (name: values)."""
    values: dict[str, str] = {}
    choices: dict[str, list[str]] = {}
    for tag in INPUT.findall(page):
        attrs = dict(ATTR.findall(tag))
        name = attrs.get("name")
        if not name:
            continue
        if attrs.get("type") == "radio":
            choices.setdefault(name, []).append(attrs.get("value", ""))
        elif attrs.get("type") != "checkbox":
            values[name] = attrs.get("value", "")
    for name, body in SELECT.findall(page):
        choices[name] = OPTION_VALUE.findall(body)
    return values, choices


def run(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare_database(args, env: dict[str, str]) -> str:
    if args.postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        return f"{PG_SERVER}/{PG_DATABASE}"
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{workdir}/load.sqlite3{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{workdir}/load.sqlite3"


def start_server(app: Path, env: dict[str, str], port: int, workdir: Path) -> subprocess.Popen:
    log = workdir / "access.log"
    server = subprocess.Popen(
        [
            str(app / ".venv" / "bin" / "gunicorn"),
            "-c",
            "pace_site/gunicorn_conf.py",
            "pace_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        ],
        cwd=app,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "server.log", "w"),  # noqa: SIM115 -- lives as long as the server
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server did not answer on port {port}: see {workdir / 'server.log'}")


def server_cpu_seconds(master) -> float:
    """The master's and its workers' CPU, with workers already replaced (reaped: children_*)."""
    import psutil

    total = 0.0
    times = master.cpu_times()
    total += times.user + times.system + times.children_user + times.children_system
    for child in master.children():
        try:
            child_times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += child_times.user + child_times.system
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"PostgreSQL database {PG_DATABASE}, not SQLite")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="each of bare, saturation and event")
    parser.add_argument("--pair-seconds", type=int, default=45)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--app", default=str(ROOT), help="the checkout to serve (default: this one)")
    parser.add_argument("--workdir", default="/tmp/pace-load")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    app = Path(args.app).resolve()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DEBUG": "false"}
    env["DATABASE_URL"] = prepare_database(args, env)
    run([str(app / ".venv/bin/python"), "manage.py", "migrate", "--noinput"], cwd=app, env=env)
    run([str(app / ".venv/bin/python"), "manage.py", "load_demo_data"], cwd=app, env=env)
    password = (app / "data" / "demo-logins.txt").read_text().strip()
    server_env = {**env, "PYTHONPATH": str(HERE), "DJANGO_SETTINGS_MODULE": "bench_settings"}
    server = start_server(app, server_env, args.port, workdir)
    try:
        results = measure(args, password, server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    results["database"] = "postgresql" if args.postgres else "sqlite"
    results["app"] = str(app)
    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def measure(args, password: str, server_pid: int) -> dict:
    # locust (gevent) is imported here, not at the top: it patches the standard library.
    import gevent
    import psutil
    from locust import FastHttpUser, constant, events, task
    from locust.env import Environment

    host = f"http://127.0.0.1:{args.port}"
    master = psutil.Process(server_pid)
    me = psutil.Process()
    signed_in: list[object] = []
    pause = {"low": 0.0, "high": 0.0}

    class Adviser(FastHttpUser):
        abstract = True
        number = 0

        def on_start(self):
            Adviser.number += 1
            username = ADVISERS[Adviser.number % len(ADVISERS)]
            page = self.client.get("/accounts/login/", name="sign in form").text
            data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "username": username, "password": password}
            with self.client.post(
                "/accounts/login/", data=data, name="sign in", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 302:
                    response.failure(f"sign-in answered {response.status_code}")
            signed_in.append(self)

        def post_form(self, url: str, data: dict[str, str], name: str) -> str | None:
            """POST, expecting a redirect (the form saved); the page it redirects to, or None."""
            with self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True) as response:
                if response.status_code != 302:
                    response.failure(f"{name} answered {response.status_code}, not a redirect")
                    return None
                return response.headers["Location"]

        def register(self) -> str | None:
            page = self.client.get("/people/add/", name="register form").text
            values, choices = form_fields(page)
            # Made-up names, so that no two registrations look like the same person (the duplicate
            # warning answers 200, which this counts as a failure).
            self.surname = "".join(random.choices(string.ascii_lowercase, k=9)).capitalize()
            given = "".join(random.choices(string.ascii_lowercase, k=8)).capitalize()
            data = {
                **values,
                "given_name": given,
                "family_name": self.surname,
                "date_of_birth_0": str(random.randint(1, 28)),
                "date_of_birth_1": str(random.randint(1, 12)),
                "date_of_birth_2": str(random.randint(1965, 2000)),
                "council_area": random.choice(choices["council_area"]),
                "situation": random.choice(choices["situation"]),
                "event": "",
                "consent_given": "on",
            }
            location = self.post_form("/people/add/", data, "register")
            match = REF.search(location or "")
            return match.group(1) if match else None

        def checklist(self, ref: str) -> str | None:
            page = self.client.get(f"/people/{ref}/assessments/add/", name="checklist form").text
            values, choices = form_fields(page)
            data = {**values, **{name: random.choice(options) for name, options in choices.items()}}
            data["dependants_count"] = "2" if data.get("q5_dependants") == "yes" else ""
            return self.post_form(f"/people/{ref}/assessments/add/", data, "checklist submit")

    class JourneyAdviser(Adviser):
        def wait_time(self):
            return random.uniform(pause["low"], pause["high"])

        @task
        def journey(self):
            self.client.get("/", name="home")
            self.wait()
            ref = self.register()
            if ref is None:
                return
            self.wait()
            self.client.get(f"/people/{ref}/", name="person")
            self.wait()
            result = self.checklist(ref)
            if result is None:
                return
            self.wait()
            self.client.get(result, name="result")
            self.wait()
            self.client.get("/caseload/", name="caseload")
            self.wait()
            self.client.get(f"/people/?q={self.surname}", name="search")

    class PairAdviser(Adviser):
        wait_time = constant(0)

        @task
        def pair(self):
            ref = self.register()
            if ref is None:
                return
            for _ in range(5):
                result = self.checklist(ref)
                # As a browser does: the result page takes the "Checklist saved" message out of
                # the cookie, which would otherwise grow with every submit (and cost each one more).
                if result:
                    self.client.get(result, name="result")
                self.client.post("/bench/bare-insert/", name="bare insert")

    class Bare(FastHttpUser):
        wait_time = constant(0)

        @task
        def insert(self):
            self.client.post("/bench/bare-insert/", name="bare insert")

    def snapshot(env, started_cpu: float, started_me: float, seconds: float) -> dict:
        stats = env.stats.total
        cpu = server_cpu_seconds(master) - started_cpu
        client_cpu = sum(me.cpu_times()[:2]) - started_me
        endpoints = {
            name: {
                "requests": entry.num_requests,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
            }
            for (name, _method), entry in sorted(env.stats.entries.items())
        }
        return {
            "seconds": round(seconds, 1),
            "requests": stats.num_requests,
            "errors": stats.num_failures,
            "rps": round(stats.num_requests / seconds, 1),
            "p50": stats.get_response_time_percentile(0.5),
            "p95": stats.get_response_time_percentile(0.95),
            "p99": stats.get_response_time_percentile(0.99),
            "server_cpu_ms_per_request": round(1000 * cpu / max(stats.num_requests, 1), 2),
            "load_generator_cpu_s": round(client_cpu, 1),
            "endpoints": endpoints,
        }

    def phase(user_class, users: int, seconds: float, *, signed: bool, then=None) -> dict:
        env = Environment(user_classes=[user_class], events=events, host=host)
        runner = env.create_local_runner()
        signed_in.clear()
        runner.start(users, spawn_rate=users)
        deadline = time.monotonic() + 120
        while signed and len(signed_in) < users and time.monotonic() < deadline:
            gevent.sleep(0.2)
        gevent.sleep(2)  # warm up
        out = {}
        for name, low, high in then or [("run", 0.0, 0.0)]:
            pause.update(low=low, high=high)
            if low:
                gevent.sleep(high)  # every adviser has taken up the new pace
            env.stats.reset_all()
            cpu, mine, started = server_cpu_seconds(master), sum(me.cpu_times()[:2]), time.monotonic()
            gevent.sleep(seconds)
            out[name] = snapshot(env, cpu, mine, time.monotonic() - started)
            print(f"{name}: {json.dumps({k: v for k, v in out[name].items() if k != 'endpoints'})}", flush=True)
        runner.quit()
        return out

    # The pair's times to a tenth of a millisecond (locust's own percentiles round to whole ones),
    # and the server's CPU for each: one request at a time, so the CPU the server used since the
    # last request ended is this request's. /proc counts CPU in 10 ms ticks, so per request only
    # the mean over many is meaningful.
    timings: dict[str, list[float]] = {"checklist submit": [], "bare insert": []}
    cpu_used: dict[str, list[float]] = {name: [] for name in timings}
    last_cpu = [server_cpu_seconds(master)]

    def keep(name, response_time, exception, **_kwargs):
        now = server_cpu_seconds(master)
        if name in timings and exception is None:
            timings[name].append(response_time)
            cpu_used[name].append((now - last_cpu[0]) * 1000)
        last_cpu[0] = now

    events.request.add_listener(keep)
    phase(PairAdviser, 1, args.pair_seconds, signed=True)
    events.request.remove_listener(keep)
    submit, bare = (median(timings[name][len(timings[name]) // 10 :]) for name in timings)  # after warm-up
    results = {
        "pair": {
            "checklist submit p50": round(submit, 2),
            "bare insert p50": round(bare, 2),
            "ratio": round(submit / bare, 2),
            "checklist submit server CPU ms (mean)": round(mean(cpu_used["checklist submit"]), 2),
            "bare insert server CPU ms (mean)": round(mean(cpu_used["bare insert"]), 2),
            "CPU ratio": round(mean(cpu_used["checklist submit"]) / mean(cpu_used["bare insert"]), 2),
            "samples": len(timings["checklist submit"]),
        }
    }
    print(f"pair: {json.dumps(results['pair'])}", flush=True)
    results["bare"] = phase(Bare, args.users, args.seconds, signed=False)["run"]
    results.update(
        phase(
            JourneyAdviser,
            args.users,
            args.seconds,
            signed=True,
            then=[("saturation", 0.0, 0.0), ("event", 5.0, 15.0)],
        )
    )
    results["users"] = args.users
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
