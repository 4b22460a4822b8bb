"""Treatywatch settings: every value comes from the environment (see docs/deployment.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
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
    "treatywatch.registry",
    "treatywatch.obligations",
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

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "treatywatch"},
    # Finished pages and API answers (see treatywatch/web/caching.py), kept apart and small.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "treatywatch-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("TREATYWATCH_PAGE_CACHE_ENTRIES", 500)},
    },
}

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

LOGIN_URL = "admin:login"

# E-mail, for the deadline digest (manage.py send_deadline_digest). Development prints messages to
# the console; production sends through the SMTP server named by EMAIL_HOST.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEVELOPMENT else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
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
