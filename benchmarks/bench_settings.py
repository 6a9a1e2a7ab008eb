"""The service's settings plus one benchmark-only page: `DJANGO_SETTINGS_MODULE=bench_settings`.

Only benchmarks/load.py uses this module, with benchmarks/ on PYTHONPATH; the service itself
(pace_site.settings, pace_site.urls) never imports it, so the bare view is never reachable there.
"""

from pace_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
