"""Treatywatch settings: every value comes from the environment (see docs/deployment.md)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from treatywatch.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# "development" relaxes the defaults (debug on, a throwaway secret); anything else is production.
ENVIRONMENT = env_str("TREATYWATCH_ENV", "production")
DEVELOPMENT = ENVIRONMENT == "development"
DEBUG = env_bool("DJANGO_DEBUG", DEVELOPMENT)

if DEVELOPMENT:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "development-only-secret-key-not-for-production-use-0123456789")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEVELOPMENT else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",  # serves the API docs page's assets locally
    "django_tasks",
    "django_tasks_db",
    "treatywatch.registry",
    "treatywatch.obligations",
    "treatywatch.organisations",
    "treatywatch.outreach",
    "treatywatch.plans",
    "treatywatch.positions",
    "treatywatch.campaigns",
    "treatywatch.contacts",
    "treatywatch.jobs",
    "treatywatch.mailing",
    "treatywatch.api",
    "treatywatch.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "treatywatch.lib.middleware.refuse_nul_characters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "treatywatch.lib.middleware.keep_personal_answers_private",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "treatywatch.urls"
WSGI_APPLICATION = "treatywatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'treatywatch.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A connection kept open is checked before each request reuses it, so the site recovers by
        # itself after the database server restarts.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent editors: a write transaction takes the lock when it begins (IMMEDIATE) and waits up
    # to `timeout` seconds for another to finish, instead of failing with "database is locked"; WAL
    # lets readers go on while one writer writes (Django 5.2 docs, "SQLite notes").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How many computed treaty views (every State's standing on one day) each process keeps in memory.
TREATYWATCH_CACHE_ENTRIES = env_int("TREATYWATCH_CACHE_ENTRIES", 128)
# Public answers for any date are stored once per interval between change days (treatywatch/lib/intervals.py):
# on or off, how many megabytes of them each process keeps, and for how many URLs it keeps the change days.
TREATYWATCH_INTERVAL_ANSWERS = env_bool("TREATYWATCH_INTERVAL_ANSWERS", True)
TREATYWATCH_INTERVAL_ANSWERS_MB = env_int("TREATYWATCH_INTERVAL_ANSWERS_MB", 256)
TREATYWATCH_INTERVAL_URLS = env_int("TREATYWATCH_INTERVAL_URLS", 4096)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Development serves static files from the apps (WhiteNoise finders); production from STATIC_ROOT
# after `manage.py collectstatic`.
STATIC_ROOT: Path | None = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
if DEVELOPMENT and "DJANGO_STATIC_ROOT" not in os.environ:
    STATIC_ROOT = None
WHITENOISE_USE_FINDERS = DEVELOPMENT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Members sign in on the site's own page (treatywatch/web/accounts.py); the admin stays for staff only.
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "web:home"

# E-mail, for the deadline digest (manage.py send_deadline_digest) and campaign calls (send_campaign_call).
# Development prints messages to the console; production sends through the SMTP server named by EMAIL_HOST.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEVELOPMENT else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both on: use EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL "
        "(TLS from the start, port 465), not both."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "treatywatch@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's public address, for the links in e-mails (which have no request to take it from).
TREATYWATCH_SITE_URL = env_str("TREATYWATCH_SITE_URL", "http://127.0.0.1:8000")

# Production hardening; `manage.py check --deploy` is clean with these defaults.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEVELOPMENT)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = not DEVELOPMENT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Where the shipped data and treaty rule files live.
TREATYWATCH_DATA_DIR = Path(env_str("TREATYWATCH_DATA_DIR", str(BASE_DIR / "data")))
TREATYWATCH_RULES_DIR = Path(env_str("TREATYWATCH_RULES_DIR", str(BASE_DIR / "treaties")))

# The largest file an import reads, in bytes: a bigger one is refused before it is read.
TREATYWATCH_IMPORT_MAX_BYTES = env_int("TREATYWATCH_IMPORT_MAX_BYTES", 20 * 1024 * 1024)

# --- Security: sign-in throttling, Content-Security-Policy, cookies (docs/deployment.md#security) ---

# After TREATYWATCH_LOGIN_FAILURE_LIMIT failed sign-ins for one account, or from one address, further
# attempts are refused for TREATYWATCH_LOGIN_LOCKOUT_MINUTES (`manage.py axes_reset_username` unlocks).
INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("TREATYWATCH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TREATYWATCH_LOGIN_LOCKOUT_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "treatywatch.web.error_pages.locked_out"
AXES_CLIENT_IP_CALLABLE = "treatywatch.lib.client.client_address"
AXES_VERBOSE = False

# Every response, static files included, says the page may load only what this site serves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],  # Swagger UI's stylesheet draws its icons as data: images
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The policy wraps every other middleware, so that even WhiteNoise's and axes' answers carry it.
MIDDLEWARE = [
    "csp.middleware.CSPMiddleware",
    *MIDDLEWARE,
    "axes.middleware.AxesMiddleware",
    "treatywatch.api.middleware.MethodNotAllowedAsJson",
]

# The session and CSRF cookies are Secure in production (above); JavaScript never reads either.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ---- Several processes: shared caches, background jobs, backups (docs/deployment.md) ----

# Redis, when set, holds the caches every process shares; otherwise each process keeps its own in memory.
REDIS_URL = env_str("REDIS_URL", "")
# Put in front of every cache key, so several sites (or test runs) can share one Redis server.
TREATYWATCH_CACHE_PREFIX = env_str("TREATYWATCH_CACHE_PREFIX", "treatywatch")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
        for alias, prefix in (
            ("default", TREATYWATCH_CACHE_PREFIX),
            ("pages", f"{TREATYWATCH_CACHE_PREFIX}-pages"),
        )
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "treatywatch"},
        # Finished pages and API answers (see treatywatch/lib/caching.py), kept apart and small.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "treatywatch-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("TREATYWATCH_PAGE_CACHE_ENTRIES", 500)},
        },
    }

# Imports and digests run as jobs: queued in the database, run by `manage.py db_worker`.
# `immediate` runs them at once in the process that starts them (no worker needed).
TREATYWATCH_JOBS = env_str("TREATYWATCH_JOBS", "database")
if TREATYWATCH_JOBS not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"TREATYWATCH_JOBS={TREATYWATCH_JOBS!r}: use database or immediate.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TREATYWATCH_JOBS == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Uploaded files (an import's file while its job waits), kept by backups.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# An activity's documents, which may be private: kept apart from MEDIA_ROOT and from the static files, in a
# directory no web server serves (a view answers each download after checking who asks), and kept by backups.
PRIVATE_MEDIA_ROOT = Path(env_str("TREATYWATCH_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# The largest document an editor may attach to an activity, in bytes.
TREATYWATCH_DOCUMENT_MAX_BYTES = env_int("TREATYWATCH_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
