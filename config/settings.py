"""Luoshi settings: every environment variable is read here, once, with a typed default.

The README lists each variable. A bad value stops start-up with ImproperlyConfigured.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _env_str(name, default).split(",") if item.strip()]


DJANGO_ENV = _env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, got {DJANGO_ENV!r}")
IS_PRODUCTION = DJANGO_ENV == "production"

VAR_DIR = Path(_env_str("LUOSHI_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "luoshi-development-only-key-never-use-in-production-0123456789"
if IS_PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 random characters when DJANGO_ENV=production"
    )

DEBUG = _env_bool("DJANGO_DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",  # wraps the template loaders so "page.html#partial" resolves
    "django_celery_beat",
    "axes",
    "directory",
    "speeches",
    "tracker",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tracker.middleware.HtmxAwareLoginRequiredMiddleware",
    "tracker.middleware.AdminParametersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "directory.middleware.ForcePasswordChangeMiddleware",  # after login and messages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the lock-out page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tracker.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASE_URL = _env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'luoshi.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+IP
    "django.contrib.auth.backends.ModelBackend",
]
# Tests name a fast hasher (pyproject's pytest env); production refuses a weak one.
PASSWORD_HASHERS = _env_list("LUOSHI_PASSWORD_HASHERS", "") or global_settings.PASSWORD_HASHERS
if IS_PRODUCTION and "MD5" in PASSWORD_HASHERS[0]:
    raise ImproperlyConfigured("LUOSHI_PASSWORD_HASHERS must not start with MD5 in production")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = _env_int("LUOSHI_SESSION_HOURS", 12, minimum=1) * 3600

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(_env_str("LUOSHI_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
MEDIA_ROOT = Path(_env_str("LUOSHI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: speeches and evidence files. Django's own limit guards the request body.
LUOSHI_MAX_UPLOAD_MB = _env_int("LUOSHI_MAX_UPLOAD_MB", 20, minimum=1)
# Longest the worker spends reading one uploaded .docx or .pdf before it gives up on it.
LUOSHI_PARSE_SECONDS = _env_int("LUOSHI_PARSE_SECONDS", 60, minimum=5)
# Each evidence file attached to a progress report (stored under MEDIA_ROOT, never served
# directly: only through the evidence view, which asks the policy).
LUOSHI_MAX_EVIDENCE_MB = _env_int("LUOSHI_MAX_EVIDENCE_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = (LUOSHI_MAX_UPLOAD_MB + 1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery. With no broker configured the product still runs on one machine through kombu's
# filesystem transport (messages are files under var/broker); Redis is the production broker.
CELERY_BROKER_URL = _env_str("CELERY_BROKER_URL", "filesystem://")
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "filesystem://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis:// URL or filesystem://")
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Broadcast exchanges (worker control); kombu's default is ./control in the cwd.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    else {"visibility_timeout": 3600}
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_BACKEND = _env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = _env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = _env_str("DEFAULT_FROM_EMAIL", "落实督办系统 <luoshi@localhost>")

# Deadline reminders (tracker/services/reminders): days before the due date that remind the unit
# (0 = on the day), the overdue cadence, escalation to unit leaders and supervisors, and whether
# days are counted as Chinese working days (chinesecalendar).
LUOSHI_REMINDER_OFFSETS = sorted(
    {int(v) for v in _env_list("LUOSHI_REMINDER_OFFSETS", "7,3,1,0") if v.isdigit()}, reverse=True
)
if not LUOSHI_REMINDER_OFFSETS:
    raise ImproperlyConfigured("LUOSHI_REMINDER_OFFSETS must list whole days, e.g. 7,3,1,0")
LUOSHI_OVERDUE_FIRST_DAY = _env_int("LUOSHI_OVERDUE_FIRST_DAY", 1, minimum=1)
LUOSHI_OVERDUE_EVERY_DAYS = _env_int("LUOSHI_OVERDUE_EVERY_DAYS", 3, minimum=1)
LUOSHI_ESCALATE_AFTER_DAYS = _env_int("LUOSHI_ESCALATE_AFTER_DAYS", 7, minimum=1)
LUOSHI_REMINDER_WORKING_DAYS = _env_bool("LUOSHI_REMINDER_WORKING_DAYS", False)
LUOSHI_REMINDER_EMAIL = _env_bool("LUOSHI_REMINDER_EMAIL", True)
LUOSHI_EMAIL_MAX_ATTEMPTS = _env_int("LUOSHI_EMAIL_MAX_ATTEMPTS", 5, minimum=1)
LUOSHI_CATCH_UP_MAX_DAYS = _env_int("LUOSHI_CATCH_UP_MAX_DAYS", 31, minimum=1)
LUOSHI_RECURRING_LEAD_DAYS = _env_int("LUOSHI_RECURRING_LEAD_DAYS", 14, minimum=1)
LUOSHI_SITE_URL = _env_str("LUOSHI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The issuing office printed on 督办单 and 督查通报, and the prefixes of their numbers
# (督〔2026〕15号, 督通〔2026〕3号).
LUOSHI_OFFICE_NAME = _env_str("LUOSHI_OFFICE_NAME", "区委督查室") or "区委督查室"
LUOSHI_FORM_NUMBER_PREFIX = _env_str("LUOSHI_FORM_NUMBER_PREFIX", "督") or "督"
LUOSHI_BULLETIN_NUMBER_PREFIX = _env_str("LUOSHI_BULLETIN_NUMBER_PREFIX", "督通") or "督通"

# Security. Intranets often terminate TLS at a proxy: name the header it sets
# (DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto); left empty, no header is trusted, because
# a client could send it itself.
_PROXY_SSL_HEADER = _env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if _PROXY_SSL_HEADER:
    if not all(ch.isalnum() or ch == "-" for ch in _PROXY_SSL_HEADER):
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER must be a header name, got {_PROXY_SSL_HEADER!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes on the host itself speak plain http
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from <body hx-headers>, never the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from our own origin, no inline script or style, no
# eval. Templates therefore carry no <script> bodies, on*= handlers or style= attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after LUOSHI_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked for LUOSHI_LOGIN_COOLOFF_MINUTES; an
# administrator unlocks sooner in the admin (访问尝试) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = _env_int("LUOSHI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = _env_int("LUOSHI_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tracker.views.lockout.locked_out"
AXES_VERBOSE = False

# seed_demo: a fixed password for every demo account (empty: a random one each, printed once).
LUOSHI_DEMO_PASSWORD = os.environ.get("LUOSHI_DEMO_PASSWORD", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "lib.redaction.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],  # a calendar token in a logged path is blanked
        }
    },
    "root": {"handlers": ["console"], "level": _env_str("LUOSHI_LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # Django's own console handlers would print request paths unredacted: its records go
        # to ours instead.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["console"], "propagate": False},
    },
}
