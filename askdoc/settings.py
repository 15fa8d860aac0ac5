"""askdoc settings, read from the environment (12-factor).

Every variable is listed in README.md under "Configuration". Defaults are safe for
development; a server started with DEBUG off refuses the development secret key
(see askdoc/startup.py).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


# --- Core -------------------------------------------------------------------

DEVELOPMENT_SECRET_KEY = "django-insecure-askdoc-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# System check ids to silence, e.g. askdoc.W004 once a managed Redis's eviction policy has
# been checked by hand (`manage.py check --deploy`).
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "askdoc",
    "accounts",
    "doctors",
    "questions",
    "answers",
    "newsletter",
    "moderation",
    "trust",
    "search",
]

MIDDLEWARE = [
    "askdoc.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "askdoc.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below the headers every response gets, above what a cached anonymous page never needs.
    "askdoc.page_cache.PageCacheMiddleware",
    "askdoc.db_router.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so its process_exception sees the view's exceptions first.
    "askdoc.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "askdoc.urls"
WSGI_APPLICATION = "askdoc.wsgi.application"

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
                "askdoc.context_processors.site",
                "newsletter.context_processors.subscribe_form",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite under var/ by default so `make run` works on a bare machine;
# PostgreSQL (DATABASE_URL=postgres://...) in CI and production.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'askdoc.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# An optional read replica: safe requests read from it, writes and a writer's next
# REPLICA_PIN_SECONDS of requests use the primary (askdoc/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["askdoc.db_router.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions and more than one machine --------------------------------
# With REDIS_URL every app server shares one cache: cached pages, their invalidation,
# sessions and rate limits (django-allauth counts in the default cache). Without it,
# each process has its own memory cache and sessions live in the database.

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "askdoc")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "askdoc.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # An unreachable Redis is ridden out (askdoc/cache.py); these bound the wait.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "askdoc",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long an anonymous reader's page is kept (it is invalidated at once on any change
# anyway); 0 turns page caching off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long a question page's content as every reader sees it is kept for the readers who get
# no page cache, e.g. signed-in patients (invalidated at once like the pages); 0 turns it off.
CONTENT_CACHE_SECONDS = env_int("CONTENT_CACHE_SECONDS", 600)
# How long a question page keeps the ids of its related questions (search.selectors);
# the questions themselves are read afresh on every render.
RELATED_QUESTIONS_SECONDS = env_int("RELATED_QUESTIONS_SECONDS", 3600)

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Edmonton")
# Every text is marked for translation, but with one language there is nothing to look up:
# the translation machinery stays off (the same pages, 10% less time on a page of 50 answers)
# until a second language is added. Dates keep en-ca's formats either way.
USE_I18N = len(LANGUAGES) > 1
USE_TZ = True

# --- Static and media files -------------------------------------------------
# Bootstrap's CSS comes from the xstatic-bootstrap package (PyPI), so nothing is
# committed as a copy and nothing is fetched from a CDN at run time.

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Public media (doctors' portraits) in S3-compatible object storage when a bucket is set,
# so every app server sees the same files. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by boto3). Patients' photos stay in PRIVATE_MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# --- Email and background tasks ---------------------------------------------
# Mail is only ever sent from tasks queued after the transaction commits.

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "askdoc <no-reply@askdoc.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASKS_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies we run in front of the site (load balancer, nginx). 0 (the default)
# ignores X-Forwarded-For, which any client can forge; N trusts the N-th address from the right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Abuse limits -----------------------------------------------------------
# "<count>/<seconds>" per signed-in user (per IP for visitors), counted in the default cache
# so every process shares them. RATE_LIMITS="ask=10/3600,flag=50/3600" overrides some.

ASKDOC_RATE_LIMITS = {
    "login": "30/60",
    "signup": "10/3600",
    "reset_password": "5/3600",
    "ask": "10/3600",
    "answer": "60/3600",
    # The answer form's preview step (also sent by the live preview script while typing).
    "preview": "600/3600",
    "reply": "60/3600",
    "flag": "20/3600",
    "subscribe": "5/3600",
}
for _item in env_list("RATE_LIMITS"):
    _action, _sep, _limit = _item.partition("=")
    if _action.strip() not in ASKDOC_RATE_LIMITS or not _sep:
        raise ImproperlyConfigured(
            f"RATE_LIMITS: unknown action in {_item!r}; use one of {sorted(ASKDOC_RATE_LIMITS)}"
        )
    ASKDOC_RATE_LIMITS[_action.strip()] = _limit.strip()


def _allauth_limit(name, per):
    count, seconds = ASKDOC_RATE_LIMITS[name].split("/")
    return ",".join(f"{count}/{seconds}s/{key}" for key in per)


ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": _allauth_limit("login", ["ip"]),
    "signup": _allauth_limit("signup", ["ip"]),
    "reset_password": _allauth_limit("reset_password", ["ip", "key"]),
}

# A strict policy: no inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Forms and messages -----------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Messages travel in a signed cookie (the session only when they outgrow it): a visitor who
# uses the footer form gets no session row, and is back on cached pages once it is shown.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# --- Logging ----------------------------------------------------------------

# JSON lines on stdout (askdoc/logging.py) unless LOG_FORMAT=plain; plain by default with DEBUG.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "askdoc.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- askdoc -----------------------------------------------------------------

QUESTIONS_PER_PAGE = 20
# Answers per page of a question page: a question with 50 answers and their threads costs
# about what one with 10 does (answers.selectors.question_page_answers).
ANSWERS_PER_PAGE = 10
# Only `make bench` turns this on: it adds the /bench/floor/ page the benchmark compares against.
BENCH_MODE = env_bool("BENCH_MODE", default=False)

# --- Newsletter -------------------------------------------------------------

NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 7 * 24 * 3600)  # seconds
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)

# --- Moderation -------------------------------------------------------------
# Posts with more links than this, or with a blocklisted word or phrase, wait for review.

MODERATION_MAX_LINKS = env_int("MODERATION_MAX_LINKS", 2)
MODERATION_BLOCKLIST = env_list(
    "MODERATION_BLOCKLIST", "miracle cure,guaranteed results,buy now,casino,crypto,cheap pills"
)
# Open reports from this many different users hide a post until a moderator decides.
MODERATION_FLAGS_TO_HIDE = env_int("MODERATION_FLAGS_TO_HIDE", 3)

# Patient trust (trust app): a doctor's verification lapses this many days after staff
# last verified or re-confirmed it; an expired doctor cannot publish until renewed.
DOCTOR_VERIFICATION_VALID_DAYS = env_int("DOCTOR_VERIFICATION_VALID_DAYS", 365)

# --- Patients (accounts and questions) ----------------------------------------

ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "accounts.signup.AtomicSignupForm"}  # user + email address in one transaction
# Failed logins are counted per IP and per account: a brute-force run is refused.
# Logins, sign-ups and password resets are limited by ASKDOC_RATE_LIMITS (see below).
# A 10 MB title is refused with a 400 (templates/400.html), never a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Doctors-only photos live here, outside MEDIA_ROOT, and are served by a view that checks permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
ASKDOC_PHOTO_MAX_BYTES = 8 * 1024 * 1024
ASKDOC_PHOTO_MAX_PIXELS = 40_000_000
ASKDOC_PHOTOS_PER_QUESTION = 4
# Each entry is a group of phrases that together suggest an emergency (all must appear).
ASKDOC_EMERGENCY_PHRASES = [
    ("spreading redness", "fever"),
    ("trouble breathing",),
    ("difficulty breathing",),
    ("can't breathe",),
    ("chest pain",),
    ("suicide",),
    ("self-harm",),
    ("kill myself",),
    ("swollen throat",),
    ("face is swelling",),
]
