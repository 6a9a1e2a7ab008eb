"""A server worker collects garbage less often than Python's defaults (pace_site/tuning.py)."""

import subprocess
import sys

from django.conf import settings

from pace_site.tuning import GC_THRESHOLDS


def test_a_server_worker_loads_the_app_with_the_tuned_garbage_collector():
    """In a fresh process, as gunicorn's worker imports it: the app loads, then the thresholds apply
    and what loading made is frozen out of later collections."""
    probe = (
        "import gc; import pace_site.wsgi as w; "
        "assert callable(w.application); print(gc.get_threshold(), gc.get_freeze_count() > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"{GC_THRESHOLDS} True"
