"""gunicorn's settings for PACE Triage: `gunicorn -c pace_site/gunicorn_conf.py pace_site.wsgi` (make run)."""

from pace_site.tuning import tune_garbage_collector

workers = 2
# A worker is replaced after about this many requests: a backstop for slow memory growth, such as
# garbage cycles waiting for the tuned collector's rarer full passes.
max_requests = 5000
max_requests_jitter = 500


# The app is loaded in each worker, after the fork (gunicorn's default; no `preload_app`), so each
# worker opens its own database connection and keeps it (CONN_MAX_AGE in settings.py): no
# connection is ever shared between processes.


def post_worker_init(worker):
    """Each worker, once it has loaded the app, collects garbage as pace_site/tuning.py sets out."""
    tune_garbage_collector()


# Every value in the access log is escaped to one line (pace_site/access_log.py).
logger_class = "pace_site.access_log.OneLineAccessLogger"


def worker_exit(server, worker):
    """A worker leaving (replaced after max_requests, or at shutdown) closes its database
    connection, rather than leaving the database to notice the socket gone."""
    from django.db import connections

    connections.close_all()
