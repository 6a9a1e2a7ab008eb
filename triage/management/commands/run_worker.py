"""Supervise the background worker: `manage.py db_worker` restarted whenever it exits, and the
export and retraining sweeps every minute, with the evaluator's figures refreshed when stale. django-tasks' worker exits on a transient database error and has no
heartbeat, so something must restart it and fail what it was running; this is that something."""

import logging
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from triage.services.evaluation import evaluation_figures_sweep
from triage.services.exports import export_jobs_sweep, export_jobs_worker_died
from triage.services.linkage import linkage_runs_sweep, linkage_runs_worker_died
from triage.services.retraining import retrain_jobs_sweep, retrain_jobs_worker_died

logger = logging.getLogger(__name__)
MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


class Command(BaseCommand):
    help = (
        "Run manage.py db_worker, restart it when it exits, and sweep export and retraining jobs "
        "(and stale evaluation figures) every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sweep-every", type=float, default=60.0, help="seconds between sweeps (default 60)")
        parser.add_argument("--restart-delay", type=float, default=2.0, help="seconds before a restart (default 2)")
        parser.add_argument("--max-starts", type=int, default=None, help="stop after starting the worker N times")

    def handle(self, *args, sweep_every, restart_delay, max_starts, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        starts = 0
        while not stopping and (max_starts is None or starts < max_starts):
            _sweep()
            worker_id = f"pace-{secrets.token_hex(6)}"
            child = subprocess.Popen(  # noqa: S603 (our own manage.py, no shell)
                [sys.executable, str(MANAGE), "db_worker", "--worker-id", worker_id, "--no-reload"]
            )
            starts += 1
            next_sweep = time.monotonic() + sweep_every
            while not stopping and child.poll() is None:
                time.sleep(0.2)
                if time.monotonic() >= next_sweep:
                    _sweep()
                    next_sweep = time.monotonic() + sweep_every
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
            else:
                logger.warning("worker %s exited with %s; restarting", worker_id, child.returncode)
            _fail_jobs_of(worker_id)
            if not stopping:
                time.sleep(restart_delay)
        self.stdout.write(f"worker stopped after {starts} starts")


def _fail_jobs_of(worker_id: str) -> None:
    """Fail the export and retraining jobs the exited worker was running, each kind on its own, so
    a database error on one still leaves the other failed (the next sweep catches what is left)."""
    for kind, worker_died in (
        ("export", export_jobs_worker_died),
        ("retraining", retrain_jobs_worker_died),
        ("linkage", linkage_runs_worker_died),
    ):
        try:
            close_old_connections()
            failed = worker_died(worker_id=worker_id)
        except DatabaseError:
            logger.exception("could not fail the %s jobs of worker %s", kind, worker_id)
        else:
            if failed:
                logger.warning("worker %s left %s %s jobs running: marked failed", worker_id, failed, kind)


def _sweep() -> None:
    try:
        close_old_connections()
        export_jobs_sweep()
        retrain_jobs_sweep()
        linkage_runs_sweep()
        evaluation_figures_sweep()
    except DatabaseError:
        logger.exception("job sweep failed; trying again at the next sweep")
