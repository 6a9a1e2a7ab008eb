"""A gunicorn worker collects garbage less often than Python's defaults (pace_site/tuning.py)."""

import subprocess
import sys

from django.conf import settings

from pace_site.tuning import GC_THRESHOLDS


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_gunicorn_worker_tunes_the_collector_once_it_has_loaded_the_app():
    """In a fresh process, as a worker runs it: the app loads with Python's defaults, then the
    config's hook applies the thresholds and freezes what loading made."""
    probe = (
        "import gc, runpy; default = gc.get_threshold(); import pace_site.wsgi; "
        "assert gc.get_threshold() == default, 'importing the app alone must not tune'; "
        "runpy.run_path('pace_site/gunicorn_conf.py')['post_worker_init'](None); "
        "print(gc.get_threshold(), gc.get_freeze_count() > 0)"
    )
    assert _run(probe) == f"{GC_THRESHOLDS} True"


def test_gunicorn_accepts_the_config():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "pace_site/gunicorn_conf.py", "pace_site.wsgi"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
