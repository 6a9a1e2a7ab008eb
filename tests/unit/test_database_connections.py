"""Each gunicorn worker keeps one database connection, checked before reuse (issue #11;
docs/decisions/0014-persistent-database-connections.md). A dropped connection being replaced is
tested on PostgreSQL itself, in tests/test_postgres.py."""

import json
import runpy
import subprocess
import sys

import pytest
from django.conf import settings


def _settings_for(database_url: str) -> dict:
    """The default database's settings as the service builds them for this URL, in a fresh process."""
    probe = "import json, pace_site.settings as s; print(json.dumps(s.DATABASES['default'], default=str))"
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "settings-test", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "url", ["postgres://pace@db.example:5432/pace_triage", "sqlite:////tmp/pace-settings-test.sqlite3"]
)
def test_connections_are_kept_between_requests_and_checked_before_reuse(url):
    database = _settings_for(url)
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_how_long_a_connection_is_kept_is_a_setting():
    assert _settings_for("postgres://pace@db.example:5432/pace_triage?conn_max_age=0")["CONN_MAX_AGE"] == 0


def test_workers_load_the_app_after_the_fork_so_none_shares_a_connection():
    config = runpy.run_path(str(settings.BASE_DIR / "pace_site" / "gunicorn_conf.py"))
    assert not config.get("preload_app", False)


def test_a_worker_leaving_closes_its_connection(tmp_path):
    """In a fresh process, as a worker replaced after max_requests runs the config's hook."""
    probe = (
        "import django, runpy; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); kept = connection.connection; "
        "runpy.run_path('pace_site/gunicorn_conf.py')['worker_exit'](None, None); "
        "print(kept is not None, connection.connection is None)"
    )
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "SECRET_KEY": "settings-test",
        "DJANGO_SETTINGS_MODULE": "pace_site.settings",
        "PATH": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True"
