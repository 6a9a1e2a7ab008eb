"""PACE Triage settings: every value comes from the environment, through one `env` object.

Local defaults give a working demo (SQLite in WAL mode under the git-ignored `data/`);
`DATABASE_URL` switches to PostgreSQL. `make` writes a generated SECRET_KEY to `data/.env`;
a missing SECRET_KEY stops start-up rather than falling back to a committed one.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()
environ.Env.read_env(DATA_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (or run `make run`, which writes one to data/.env).")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Behind HTTPS in production set HTTPS=true: secure cookies and HSTS.
HTTPS = env.bool("HTTPS", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "triage",
]

# Uploads stay in memory, cut off past the largest file a form takes, and never reach the disk (triage.uploads).
FILE_UPLOAD_HANDLERS = ["triage.uploads.BoundedMemoryUploadHandler"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "triage.middleware.SessionMiddleware",  # Django's, with the busy page when SQLite stays busy
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "triage.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "triage.middleware.NoStoreMiddleware",
    "triage.middleware.DatabaseBusyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns repeated failed sign-ins into a lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pace_site.urls"
WSGI_APPLICATION = "pace_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "triage.context_processors.navigation",
                "triage.context_processors.service",
                "triage.context_processors.idle_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'pace_triage.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a write is in progress; IMMEDIATE avoids
    # "database is locked" when two requests upgrade read locks to write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # How long a write waits for another to finish before giving up (then the page offers
            # to send the same answers again: triage.middleware.DatabaseBusyMiddleware).
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        }
    )
    DATA_DIR.mkdir(exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The service's queries are short, and compiling them (JIT) cost more than running them on
    # the team lead's pages. An `options` in DATABASE_URL's query string wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each gunicorn worker keeps its connection across requests rather than opening one per request
# (on PostgreSQL, a new backend process and sign-in each time; on SQLite, the file and its
# PRAGMAs). A connection is checked before a request reuses it (CONN_HEALTH_CHECKS), so one that
# the database or the network dropped is replaced without an error page. Opened at a worker's
# first query, after the fork, never by gunicorn's master (gunicorn_conf.py does not preload
# the app). Why not a pool: docs/decisions/0014-persistent-database-connections.md.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "triage.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "triage.auth_backends.TeamModelBackend",
]
# Sign-in throttling (django-axes, with triage.throttle): five wrong passwords for one username
# from one address lock that pair out for 15 minutes, and 20 failures from one address, whatever
# the usernames, lock the address out (one device trying many usernames).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "triage.throttle.SignInThrottle"
AXES_CLIENT_IP_CALLABLE = "triage.throttle.client_address"
# The reverse proxies (addresses or networks, comma-separated) in front of the service whose
# X-Forwarded-For names the client. Empty: the client is the connection's address, and the header
# is ignored (anyone can send one).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network") from None
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_ENGINE = "triage.sessions"  # Django's database sessions, the read prepared
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day at an event
# Signed out after this long without a request (triage.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60
# With JavaScript, a dialog warns this many seconds before that and offers to stay signed in
# (WCAG 2.2.1); never more than half the timeout (triage.middleware.idle_warning_seconds).
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING_SECONDS", default=120)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Django's, with <input> and <select> written in Python (the same markup, faster).
FORM_RENDERER = "triage.forms.renderer.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_FAIL_SILENTLY = not DEBUG

# Security headers. The CSP allows only our own scripts and styles; GOV.UK Frontend's
# body-class snippet carries a nonce.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONCE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
    }
}

# Scoring: scorecards are human-readable files under models/<name>-<version>/.
SCORECARD_DIR = env.path("SCORECARD_DIR", default=BASE_DIR / "models")
LIVE_SCORECARD = env.str("LIVE_SCORECARD", default="rules-1.0")
# The evaluator's statistics pages read figures a background refresh stored (EvaluationSnapshot,
# decision 0023); each worker keeps a snapshot it decoded in its cache under the snapshot's own
# key, so this only bounds how long a replaced one stays there.
EVALUATION_CACHE_SECONDS = 7 * 24 * 3600
# A write that changes those figures asks for a refresh once it commits (off in tests, whose
# immediate task backend would run one after every write); the refresh waits this long, so a
# burst of writes is taken in by one.
EVALUATION_REFRESH_AFTER_WRITES = env.bool("EVALUATION_REFRESH_AFTER_WRITES", default=True)
EVALUATION_REFRESH_DELAY_SECONDS = env.int("EVALUATION_REFRESH_DELAY_SECONDS", default=30)
# The version recorded when a person agrees to the privacy notice; its words are the template
# templates/privacy_notices/<version>.html (a system check refuses a version without one).
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="PACE-PN-2026-04")
# Where the phase banner's feedback link, the privacy notice and the accessibility statement send people.
SERVICE_CONTACT_EMAIL = env.str("SERVICE_CONTACT_EMAIL", default="pace.triage@pace-triage.example")
REFERENCE_DATA_DIR = BASE_DIR / "triage" / "reference_data"

# Background jobs (the anonymised export) through Django 6's tasks API, from django-tasks on 5.2:
# moving to django.tasks is an import change. The database backend queues them; `manage.py
# db_worker` runs them (`make run` starts one beside gunicorn and restarts it if it exits).
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# The key of the PACE ID in exports (HMAC-SHA256, triage.lib.pseudonym): at least 32 bytes, kept
# out of every export and log. `make run` writes one to data/.env. Without it an export stops with
# a clear error; there is no unkeyed fallback.
PSEUDONYM_KEY = env.str("PSEUDONYM_KEY", default="")
# Finished export files: a private folder, never under static or media, served only to the
# evaluator who asked, and deleted this many hours after they were written.
EXPORT_DIR = env.path("EXPORT_DIR", default=DATA_DIR / "exports")
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
# A running export with no progress for this long is marked failed: its worker died.
EXPORT_STALL_MINUTES = env.int("EXPORT_STALL_MINUTES", default=15)
EXPORT_K = env.int("EXPORT_K", default=5)
# Retraining from recorded outcomes (services.retraining): refused with fewer people than this of
# either outcome; a running job with no progress for RETRAIN_STALL_MINUTES is marked failed.
RETRAIN_MIN_PER_CLASS = env.int("RETRAIN_MIN_PER_CLASS", default=50)
RETRAIN_STALL_MINUTES = env.int("RETRAIN_STALL_MINUTES", default=30)
RETRAIN_BOOTSTRAP_REPLICATES = env.int("RETRAIN_BOOTSTRAP_REPLICATES", default=1000)

# Logs carry ids only (person.ref), never names, NI numbers, dates of birth or postcodes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
