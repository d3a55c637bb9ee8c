"""Tidlig's one settings file, read from the environment (SQLite unless DATABASE_URL says otherwise)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    """A strict boolean: only the listed spellings are accepted, anything else is a mistake."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if not value else int(value)


DEBUG = envbool("DEBUG", False)
# DEMO turns on the synthetic demo municipality and its well-known passwords. Never in production.
DEMO = envbool("TIDLIG_DEMO", False)
TESTING = envbool("TIDLIG_TESTING", False)
# BENCH installs the benchmark's app (bench/, outside the application: the data generator and the floor
# page, a bare view behind login); only `make bench` turns it on. The tests install it too, for its tests.
BENCH = envbool("TIDLIG_BENCH", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set outside DEBUG, DEMO and tests")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-" + "x" * 20
# Key for encrypting CPR numbers at rest (docs/decisions/0006-cpr-handling.md).
CPR_KEY = os.environ.get("TIDLIG_CPR_KEY", SECRET_KEY)

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",  # why: the project's form renderer (lib.forms.Renderer) reads the widgets' templates
    "tidlig.lib.apps.StaticFilesConfig",
    "django_htmx",
    "tidlig.accounts",
    "tidlig.audit",
    "tidlig.people",
    "tidlig.consent",
    "tidlig.measurements",
    "tidlig.referrals",
    "tidlig.offers",
    "tidlig.courses",
    "tidlig.groups",
    "tidlig.reports",
    "tidlig.retention",
    "tidlig.backups",
    "tidlig.demo",
]
if BENCH or TESTING:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tidlig.accounts.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tidlig.accounts.middleware.SessionTimeoutMiddleware",
    "tidlig.accounts.middleware.PasswordChangeRequiredMiddleware",
    "tidlig.audit.middleware.AuditContextMiddleware",
    "tidlig.courses.middleware.AnswerModeLockMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tidlig.accounts.middleware.NoStoreMiddleware",
    "tidlig.errors.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "bench.urls" if BENCH else "tidlig.urls"
FORM_RENDERER = "tidlig.lib.forms.Renderer"
WSGI_APPLICATION = "tidlig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tidlig" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tidlig.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'tidlig.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tidlig.accounts.backends.LockoutBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Hashing strength is not under test; a fast hasher keeps persona set-up cheap.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling and session lifetime (ASVS 4.0.3 3.3.2, L2).
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
# Password spraying: failed logins from one address (any usernames) before it must wait.
LOGIN_ADDRESS_FAILURE_LIMIT = envint("TIDLIG_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_WINDOW_SECONDS = 15 * 60
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks; lib/net.py).
TRUSTED_PROXIES = [p for p in os.environ.get("TIDLIG_TRUSTED_PROXIES", "").split(",") if p.strip()]
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tidlig" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TIDLIG_STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    BASE_DIR / "tidlig" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or DEMO
# Pages name static files by their hashed names ({% static %}), so the plain copies are not kept.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Security headers. Production (DEBUG off) gets HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = envbool("TIDLIG_HTTPS", not (DEBUG or DEMO or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

CSRF_FAILURE_VIEW = "tidlig.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# How long a worker has to contact a new family, and similar product rules, live in their apps.

# Retention in whole months, set by the municipality's data protection officer (docs/decisions/0016).
# `manage.py apply_retention` runs nightly and anonymises a family when nothing of theirs is open and
# every ending is older than its period; the access log has its own period.
RETENTION_COURSE_MONTHS = envint("TIDLIG_RETENTION_COURSE_MONTHS", 12)
RETENTION_REFERRAL_MONTHS = envint("TIDLIG_RETENTION_REFERRAL_MONTHS", 6)
RETENTION_ACCESS_LOG_MONTHS = envint("TIDLIG_RETENTION_ACCESS_LOG_MONTHS", 6)
for _name in ("RETENTION_COURSE_MONTHS", "RETENTION_REFERRAL_MONTHS", "RETENTION_ACCESS_LOG_MONTHS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"TIDLIG_{_name} must be at least 1 month")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
