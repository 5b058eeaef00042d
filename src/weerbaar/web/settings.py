"""Django settings: every knob comes from the environment, read by typed helpers.

A value that is set but cannot be parsed stops the server at start-up with
the variable's name, rather than running with a silently different setting.

Variables (all optional):

- ``WEERBAAR_DEBUG`` (bool, default false)
- ``WEERBAAR_SECRET_KEY`` (default: generated once into the data folder)
- ``WEERBAAR_DATA_DIR`` (default ``./data``): SQLite database, secret key
- ``DATABASE_URL`` (default SQLite in the data folder), e.g.
  ``postgres://user@127.0.0.1:5432/weerbaar``
- ``WEERBAAR_ALLOWED_HOSTS`` (comma-separated, default ``127.0.0.1,localhost``)
- ``WEERBAAR_HTTPS`` (bool, default true): secure cookies and HSTS; set false
  only to serve on plain http on the loopback interface (the demo)
- ``WEERBAAR_TILE_URL`` (default empty: no background tiles on maps), e.g.
  ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``
- ``WEERBAAR_TILE_ATTRIBUTION``
- ``WEERBAAR_LOGIN_ATTEMPTS`` (int, default 5): wrong passwords for one user
  from one address before that pair is locked out;
  ``WEERBAAR_LOGIN_ATTEMPTS_PER_ADDRESS`` (int, default 50): wrong passwords
  from one address, for any users, before the address is locked out;
  ``WEERBAAR_LOCKOUT_MINUTES`` (int, default 15): the cool-down
- ``WEERBAAR_TRUSTED_PROXIES`` (int, default 0): reverse proxies in front of
  the app whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed
- ``WEERBAAR_SSL_REDIRECT`` (bool, default false): redirect plain http to
  https; set true in production unless the proxy redirects (docs/security.md)
- ``WEERBAAR_INLINE_NODE_LIMIT`` (int, default 2000): larger maps run
  simulations in the worker instead of in the request
- ``WEERBAAR_EXACT_CRITICALITY_NODES`` (int, default 20000): larger maps get
  the bounded-memory criticality (counts and single points of failure only)
- ``WEERBAAR_JOB_STALE_SECONDS`` (int, default 120): a running job without a
  heartbeat for this long lost its worker and is queued again
- ``WEERBAAR_JOB_MAX_ATTEMPTS`` (int, default 3): runs of a job before it is
  marked failed
- ``WEERBAAR_JOB_KEEP_DAYS`` (int, default 30): finished jobs are deleted after
- ``WEERBAAR_MAX_HORIZON_HOURS`` (int, default 8760, a year): the longest
  horizon a map, a scenario or a what-if run may ask for, in the forms, the
  import and the API (the map file's own bound is 100 years)
- ``WEERBAAR_MAX_UPLOAD_BYTES`` (int, default 10 MiB): largest map file or
  workbook to import
- ``WEERBAAR_MAX_YAML_NODES`` (int, default 2,000,000): most YAML values in
  one file, aliases counted as what they repeat (never more than 10 per byte)
- ``WEERBAAR_MAX_XLSX_INFLATED_BYTES`` (int, default 256 MiB): most bytes a
  workbook may inflate to
- ``WEERBAAR_MAX_XLSX_CELLS`` (int, default 2,000,000): most cells in a workbook
- ``WEERBAAR_MAX_BODY_BYTES`` (int, default 10 MiB): largest request body
- ``WEERBAAR_MAX_JSON_DEPTH`` (int, default 32): deepest nesting of JSON sent
  to the API
- ``WEERBAAR_SMTP_HOST`` (default empty: mail is printed on the console),
  ``WEERBAAR_SMTP_PORT`` (int, default 587), ``WEERBAAR_SMTP_USER``,
  ``WEERBAAR_SMTP_PASSWORD``, ``WEERBAAR_SMTP_TLS`` (bool, default true),
  ``WEERBAAR_MAIL_FROM``: the reminders of incident reporting deadlines
- ``WEERBAAR_FEEDS_ALLOW_PRIVATE`` (bool, default false): MISP feeds and TAXII
  collections may be fetched from loopback and private addresses

docs/security.md explains each limit and how to run behind a proxy.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from weerbaar.model.durations import MAX_HOURS
from weerbaar.model.limits import MIB, Limits

TRUE = {"1", "true", "yes", "on", "ja"}
FALSE = {"0", "false", "no", "off", "nee", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value <= 0:
        raise ImproperlyConfigured(f"{name}={value} must be larger than 0")
    return value


def env_count(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 0:
        raise ImproperlyConfigured(f"{name}={value} must be 0 or more")
    return value


def env_horizon(name: str, default: int) -> int:
    """Hours of the longest horizon: larger than 0, at most the map file's own bound."""
    value = env_positive(name, default)
    if value > MAX_HOURS:
        raise ImproperlyConfigured(f"{name}={value} is longer than 100 years ({MAX_HOURS:.0f})")
    return value


def env_limits() -> Limits:
    """The work one uploaded map may cause (weerbaar.model.limits), from the environment."""
    return Limits(
        max_bytes=env_positive("WEERBAAR_MAX_UPLOAD_BYTES", 10 * MIB),
        max_yaml_nodes=env_positive("WEERBAAR_MAX_YAML_NODES", 2_000_000),
        max_xlsx_inflated_bytes=env_positive("WEERBAAR_MAX_XLSX_INFLATED_BYTES", 256 * MIB),
        max_xlsx_cells=env_positive("WEERBAAR_MAX_XLSX_CELLS", 2_000_000),
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DEBUG = env_bool("WEERBAAR_DEBUG", False)
DATA_DIR = Path(env_str("WEERBAAR_DATA_DIR", str(Path.cwd() / "data"))).resolve()


def _secret_key() -> str:
    key = os.environ.get("WEERBAAR_SECRET_KEY")
    if key:
        return key
    # Generated once and kept beside the database, so a fresh installation is
    # safe without a manual step and sessions survive a restart.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("WEERBAAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

_default_db = f"sqlite:///{DATA_DIR / 'weerbaar.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A transaction takes SQLite's write lock when it begins, so two requests
    # that read and then write (two controllers of one exercise) wait for each
    # other instead of one failing with "database is locked"; select_for_update
    # does this on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "weerbaar.web.accounts",
    "weerbaar.web.maps",
    "weerbaar.web.jobs",
    "weerbaar.web.graph",
    "weerbaar.web.geo",
    "weerbaar.web.scenarios",
    "weerbaar.web.insight",
    "weerbaar.web.exercises",
    "weerbaar.web.api",
    "weerbaar.web.interop",
    "weerbaar.web.accountability",
    "weerbaar.web.sharing",
    "weerbaar.web.incidents",
    "weerbaar.web.advisories",
    "weerbaar.web.aid",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "weerbaar.web.api.limits.BodySizeMiddleware",
    "weerbaar.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "weerbaar.web.i18n.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "weerbaar.web.maps.unusable.UnusableVersionMiddleware",
]

ROOT_URLCONF = "weerbaar.web.urls"
WSGI_APPLICATION = "weerbaar.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "weerbaar.web.accounts.context.membership",
            ],
            # |unlocalize keeps numbers that are data (versions, line numbers)
            # ungrouped whatever the number settings are; |number, |euro and
            # |significant write every number a person reads (weerbaar.web.numbers);
            # |duration, |moment, |quantity and the enum labels: weerbaar.web.words.
            "builtins": ["django.templatetags.l10n", "weerbaar.web.numbers", "weerbaar.web.words"],
        },
    }
]

# Authentication: argon2 first, login throttling by django-axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Locked out: a user from one address (someone mistyping or guessing one
# account), and an address for all users (someone trying many accounts), each
# with its own limit (weerbaar.web.accounts.lockouts). Never a user from
# everywhere: then anyone could lock out the beheerder.
TRUSTED_PROXIES = env_count("WEERBAAR_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "weerbaar.web.clientip.client_ip"
AXES_HANDLER = "weerbaar.web.accounts.lockouts.LockoutHandler"
AXES_FAILURE_LIMIT = env_positive("WEERBAAR_LOGIN_ATTEMPTS", 5)
LOGIN_ATTEMPTS_PER_ADDRESS = env_positive("WEERBAAR_LOGIN_ATTEMPTS_PER_ADDRESS", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive("WEERBAAR_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # no Django admin; /beheer/inlogblokkades/ shows lockouts
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Sessions and cookies. Plain http is allowed only when explicitly asked for.
HTTPS = env_bool("WEERBAAR_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("WEERBAAR_SSL_REDIRECT", False)
if HTTPS:
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    # Only names below the app's own host, such as www.weerbaar.gemeente.nl.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The HSTS preload list takes registrable domains (gemeente.nl), whose owner
# decides; an application on a subdomain cannot, so the check says nothing useful.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if TRUSTED_PROXIES:
    # Believed only from a proxy: a client talking to the app directly could
    # otherwise claim https and skip the redirect.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Language: Dutch by default, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Mail (reminders of incident reporting deadlines): the console unless SMTP is set.
EMAIL_HOST = env_str("WEERBAAR_SMTP_HOST", "")
EMAIL_PORT = env_int("WEERBAAR_SMTP_PORT", 587)
EMAIL_HOST_USER = env_str("WEERBAAR_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("WEERBAAR_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("WEERBAAR_SMTP_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("WEERBAAR_MAIL_FROM", "weerbaar@localhost")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
# The API's own module holds the OpenAPI description (it imports no Django).
from weerbaar.web.api.openapi import SCHEMA_SETTINGS  # noqa: E402

SPECTACULAR_SETTINGS = {**SCHEMA_SETTINGS, "SERVE_INCLUDE_SCHEMA": False}

TILE_URL = env_str("WEERBAAR_TILE_URL", "")
TILE_ATTRIBUTION = env_str("WEERBAAR_TILE_ATTRIBUTION", "")
if TILE_URL and urlsplit(TILE_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured(f"WEERBAAR_TILE_URL={TILE_URL!r} is not an http(s) URL")
INLINE_NODE_LIMIT = env_int("WEERBAAR_INLINE_NODE_LIMIT", 2000)
EXACT_CRITICALITY_NODES = env_int("WEERBAAR_EXACT_CRITICALITY_NODES", 20_000)
# Background jobs: django-tasks on the database, run by `weerbaar-web worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOB_STALE_SECONDS = env_int("WEERBAAR_JOB_STALE_SECONDS", 120)
JOB_MAX_ATTEMPTS = env_int("WEERBAAR_JOB_MAX_ATTEMPTS", 3)
JOB_KEEP_DAYS = env_int("WEERBAAR_JOB_KEEP_DAYS", 30)
MAP_LIMITS = env_limits()
MAX_HORIZON_HOURS = env_horizon("WEERBAAR_MAX_HORIZON_HOURS", 8760)
# Evidence files of self-assessments: stored outside the static files and
# served only through the access gate.
EVIDENCE_DIR = DATA_DIR / "evidence"
EVIDENCE_MAX_BYTES = env_positive("WEERBAAR_EVIDENCE_MAX_BYTES", 10 * MIB)
# One uploaded CSAF advisory (docs/advisories.md); the NCSC's are under 1 MiB.
ADVISORY_MAX_BYTES = env_positive("WEERBAAR_ADVISORY_MAX_BYTES", 5 * MIB)
MAX_BODY_BYTES = env_positive("WEERBAAR_MAX_BODY_BYTES", 10 * MIB)
MAX_JSON_DEPTH = env_positive("WEERBAAR_MAX_JSON_DEPTH", 32)
# MISP feeds and TAXII collections are fetched from public addresses only,
# unless the region runs them inside its own network (docs/interop.md).
FEEDS_ALLOW_PRIVATE = env_bool("WEERBAAR_FEEDS_ALLOW_PRIVATE", False)
# Django's own limit for the pages' form bodies (file uploads excluded).
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
