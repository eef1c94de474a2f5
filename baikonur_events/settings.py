"""Settings for the ceremony back office.

Every value that differs between a laptop, CI and production is read from the environment here, and
only here; `.env.example` lists them. A `.env` file beside manage.py is read when present.
"""

import copy
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A fixed key is acceptable only for a developer's own machine; anything else must bring its own.
_DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Served over HTTPS unless told otherwise (a developer's DEBUG server is not).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer checks over plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
# HSTS for the site's own host only: includeSubDomains would force HTTPS on every other host under this
# name, and a preloaded domain is built into browsers for months. Each is the domain owner's decision.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# `check --deploy` asks for both; leaving them off is the decision above, not an oversight.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    # Only behind a proxy that sets this header itself; otherwise a client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Sessions: a login lasts SESSION_HOURS at most, and ends sooner when the browser is closed (the cookie
# is kept for the browser's session only), so a shared office computer does not stay logged in.
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Sessions are kept in the database, which every server shares; "cache" keeps them in the cache
# (CACHE_URL, below), which only a shared one (Redis) makes right for several machines.
SESSIONS_IN = env.str("SESSIONS_IN", default="database")
if SESSIONS_IN not in ("database", "cache"):
    raise ImproperlyConfigured(f"SESSIONS_IN must be database or cache, not {SESSIONS_IN!r}.")
SESSION_ENGINE = "django.contrib.sessions.backends." + ("db" if SESSIONS_IN == "database" else "cache")
# A login without a page to go back to lands in the admin (Django's default is /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"

# Content security policy (django-csp): scripts, styles, images and fonts come from this site only.
# Printable pages carry their stylesheet inline with a per-request nonce (WeasyPrint reads the same
# HTML). django-import-export's export form has one inline handler, allowed by its hash alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [
            SELF,
            UNSAFE_HASHES,
            "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",  # onSelectToggleChange(event)
        ],
        "style-src": [SELF, NONCE],
        # style="..." attributes in Django's and django-import-export's admin templates.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused for AXES_COOLOFF_MINUTES; after AXES_ADDRESS_FAILURE_LIMIT from one
# address under any usernames, every login from it is (ceremony.admin.site.LoginThrottle). A success
# clears its own username's count, so an office behind one address, the odd typo at a time, stays
# far below that; a script trying usernames is stopped. The answer is the same whether or not the
# username exists, so the login page tells an attacker nothing about accounts.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "ceremony.admin.site.LoginThrottle"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ceremony.admin.site.locked_out"
AXES_CLIENT_IP_CALLABLE = "ceremony.core.request_log.client_ip"
AXES_VERBOSE = False  # its own start-up banner; lockouts are still logged
# Lockouts are logged with the address; usernames stay masked, as a password is sometimes typed there.
AXES_SENSITIVE_PARAMETERS = ["username"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "ceremony.apps.BackOfficeAdminConfig",  # Django's admin, with the dashboard as its home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    # Background jobs: Django's tasks API (the django-tasks backport), its database backend.
    "django_tasks",
    "django_tasks_db",
    "ceremony",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language the logged-in user chose in the admin's header, over LocaleMiddleware's guess.
    "ceremony.core.languages.AdminLanguageMiddleware",
    # Records who made each change, for the history of every record.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baikonur_events.urls"

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
                "ceremony.permissions.template_permissions",
            ],
        },
    },
]

WSGI_APPLICATION = "baikonur_events.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
# Drop connections that died (a database restart) instead of failing the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Every view and admin save is one transaction: nothing is ever half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A job that writes in one long transaction (confirming or undoing a big guest list) reports its
# progress through a second connection on PostgreSQL, so that the job's page sees the counts move
# before the transaction ends. SQLite has one writer at a time: there the page shows what the job is
# doing, and the counts when it is done.
JOB_PROGRESS_DATABASE = None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    JOB_PROGRESS_DATABASE = "job_progress"
    DATABASES[JOB_PROGRESS_DATABASE] = copy.deepcopy(DATABASES["default"]) | {
        "ATOMIC_REQUESTS": False,
        "TEST": {"MIRROR": "default"},
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the program is read in English, Russian and Kazakh.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
]
# The project's own catalog first; then locale_django, kept by hand (makemessages never writes it),
# with what Django's and django-countries' Kazakh catalogs lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
LANGUAGE_COOKIE_SECURE = HTTPS
USE_I18N = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru", "kk")

# Times are stored in UTC; each event shows them in its own zone (Event.time_zone). This is the zone
# for pages that belong to no event.
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Private files (uploaded video addresses and guest lists, job results, the print cache), never served
# to anyone the download view /files/… does not let through (ceremony.core.storage): by default in the
# folder PRIVATE_MEDIA_ROOT of this machine; with AWS_STORAGE_BUCKET_NAME set, objects of that bucket
# of an S3-compatible store (AWS S3, MinIO, Ceph: AWS_S3_ENDPOINT_URL), which every web server and job
# worker shares. Keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or unset for boto3's own (an
# instance role). Objects get no ACL of their own unless AWS_DEFAULT_ACL says one ("private" where the
# store wants it said): the bucket must not be public.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# The download view streams the file through the web server; with PRIVATE_FILES_REDIRECT (an object
# store only) it checks the same permission, then sends the browser to the object's own signed address,
# valid PRIVATE_FILES_SIGNED_URL_SECONDS, so that large videos do not pass through gunicorn.
PRIVATE_FILES_REDIRECT = env.bool("PRIVATE_FILES_REDIRECT", default=False)
PRIVATE_FILES_SIGNED_URL_SECONDS = env.int("PRIVATE_FILES_SIGNED_URL_SECONDS", default=300)
PRIVATE_STORAGE_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "ceremony.core.storage.PrivateObjectStorage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),  # a folder of the bucket, if it is shared
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            "querystring_auth": True,
            "querystring_expire": PRIVATE_FILES_SIGNED_URL_SECONDS,
            "file_overwrite": False,
            "signature_version": "s3v4",  # what every current store accepts
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "ceremony.core.storage.PrivateStorage"}

# Guest-list imports: the largest file accepted, and the country assumed for phone numbers
# written without one (+7 is shared by Kazakhstan and Russia).
GUEST_IMPORT_MAX_BYTES = env.int("GUEST_IMPORT_MAX_BYTES", default=10_000_000)
# ... the longest list (rows), checked while the file is read; the errors kept and shown of one
# import (all are counted); and how long the file of an import not imported is kept (days).
GUEST_IMPORT_MAX_ROWS = env.int("GUEST_IMPORT_MAX_ROWS", default=50_000)
GUEST_IMPORT_ERRORS_KEPT = env.int("GUEST_IMPORT_ERRORS_KEPT", default=300)
GUEST_IMPORT_FILE_RETENTION_DAYS = env.int("GUEST_IMPORT_FILE_RETENTION_DAYS", default=30)
# Seating layouts: more rows or seats in a row than this is a typing error, not a hall.
VENUE_MAX_ROWS = env.int("VENUE_MAX_ROWS", default=200)
VENUE_MAX_SEATS_PER_ROW = env.int("VENUE_MAX_SEATS_PER_ROW", default=200)
# The largest video address file accepted (a proxy in front should refuse larger bodies early too).
VIDEO_MAX_BYTES = env.int("VIDEO_MAX_BYTES", default=2_000_000_000)
GUEST_IMPORT_PHONE_REGION = env.str("GUEST_IMPORT_PHONE_REGION", default="KZ")

# Background jobs (ceremony.jobs), run by `manage.py db_worker`. The backend is a setting, so a site can
# move to another (RQ on Redis, say) without code changes; the database backend needs no other service.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running job reports progress at least this often; one silent longer lost its worker (killed,
# crashed) and is started again, at most JOB_MAX_ATTEMPTS times in all.
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=600)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=2)
# Results of jobs (PDFs, exports) are private files, deleted this many days after the job finished.
JOB_RESULT_RETENTION_DAYS = env.int("JOB_RESULT_RETENTION_DAYS", default=7)
# Event-wide printouts kept by the fingerprint of what they show (ceremony.core.print_cache), deleted
# by the same daily clean-up this many days after they were printed.
PRINT_CACHE_DAYS = env.int("PRINT_CACHE_DAYS", default=7)
# Guest lists longer than this (rows) are checked, confirmed and undone by a job, and exports of more
# attendees than this are written by one: below, the request itself answers well inside its timeout.
GUEST_IMPORT_JOB_ROWS = env.int("GUEST_IMPORT_JOB_ROWS", default=2000)
EXPORT_JOB_ROWS = env.int("EXPORT_JOB_ROWS", default=2000)

# Email (the outbox, ceremony.jobs.outbox): EMAIL_URL names the SMTP server, django-environ's schemes:
# smtp://host:25, smtp+tls://user:password@host:587 (STARTTLS), smtp+ssl://user:password@host:465.
# Without it messages are written to files under EMAIL_FILE_PATH (one .eml file each, which the outbox
# links to), so a developer's `make run` shows what a guest would get and sends nothing.
_email = env.email_url("EMAIL_URL", default="filemail://")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    _email["EMAIL_BACKEND"] = "ceremony.core.mail.FileBackend"
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = BASE_DIR / env.str("EMAIL_FILE_PATH", default="var/outbox-mail")  # relative: to BASE_DIR
# A server that stops answering fails the message (retried later) instead of holding the worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Baikonur 70 <ceremony@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Sending is throttled to this many messages a minute, as mail providers ask. A temporary refusal
# (SMTP 4xx, a connection lost) is tried again after EMAIL_RETRY_BASE_SECONDS × 2^attempts, at most
# EMAIL_MAX_ATTEMPTS times in all; a permanent one (5xx) fails the message at once.
EMAIL_MESSAGES_PER_MINUTE = env.int("EMAIL_MESSAGES_PER_MINUTE", default=60)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=60)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
# Reminders go to invited guests who have not answered this many days before the event's reply
# deadline, once at each (e.g. "7,2"); empty: none are sent by the scheduled job.
INVITATION_REMINDER_DAYS = sorted(
    {int(days) for days in env.str("INVITATION_REMINDER_DAYS", default="7,2").split(",") if days.strip()},
    reverse=True,
)

# The arrivals page counts guests with a protocol rank in bands: the last rank of each band but the
# last ("10,30": ranks 1–10, 11–30, 31 and lower; then the guests without a rank).
ARRIVALS_PRECEDENCE_TIERS = [
    int(rank) for rank in env.str("ARRIVALS_PRECEDENCE_TIERS", default="10,30").split(",") if rank.strip()
]

# The site's address as guests reach it (e.g. https://ceremony.example.kz), for the links in messages
# and on printed cards, which a job writes with no request to take the host from. Unset, a request's
# own host is used where there is one, and http://localhost:8000 (`make run`) where there is none.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

# History is for reading: no "revert" button (and ceremony.history.RecordHistoryAdmin refuses a
# posted form); a change is made on the record's own page, where permissions and rules apply.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Exports (django-import-export): a model's export needs its own permission, export_<model>.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Logs go to standard error, one line per record. A failed request (a 4xx warning or a 5xx error)
# is one line naming the method, path, status, user and client address, and for an exception its
# type, message and the project's line that raised it; the full traceback follows only when
# LOG_TRACEBACKS is on.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "request": {
            "()": "ceremony.core.request_log.RequestErrorFormatter",
            "tracebacks": env.bool("LOG_TRACEBACKS", default=False),
        },
    },
    # A guest's personal RSVP address holds a secret token: every line shows it as /rsvp/…/.
    "filters": {"secret_paths": {"()": "ceremony.core.secret_paths.SecretPathFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["secret_paths"]},
        "requests": {"class": "logging.StreamHandler", "formatter": "request", "filters": ["secret_paths"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The filter on the loggers too, for any handler added to them (a log shipper's, a test's).
        "django.request": {
            "handlers": ["requests"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["secret_paths"],
        },
        "django.security": {
            "handlers": ["requests"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["secret_paths"],
        },
        "django.security.csrf": {"filters": ["secret_paths"]},
        # The development server's line per request (make run).
        "django.server": {"filters": ["secret_paths"]},
        # django-axes reports each login at INFO; its warnings (lockouts) are what an operator needs.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The cache, which what must be shared between processes goes through (the RSVP pages' failure counts):
# CACHE_URL, django-environ's schemes. The default, files under var/cache, is shared by every process
# of one machine and needs no service; a site with several machines sets redis://host:6379/1 (Django's
# own Redis backend). Never a process's own memory (locmemcache://): each gunicorn worker would count
# apart.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}

# Personal RSVP pages (/rsvp/<token>/): after RSVP_FAILURE_LIMIT addresses that open no page (unknown,
# replaced or expired links) from one client address within RSVP_FAILURE_WINDOW_MINUTES, that address
# is answered 429 until the window has passed. Counted in the cache above, by all processes together.
RSVP_FAILURE_LIMIT = env.int("RSVP_FAILURE_LIMIT", default=20)
RSVP_FAILURE_WINDOW_MINUTES = env.int("RSVP_FAILURE_WINDOW_MINUTES", default=15)

# Printing (ceremony.printing). Badges or itineraries of more attendees than PRINT_DIRECT_ATTENDEES,
# and the program, run-of-show or order of precedence of an event with more than PRINT_DIRECT_ITEMS
# program items (precedence: attendees), are printed by a background job (ceremony.jobs.documents)
# rather than within the request; a batch job renders PRINT_JOB_PART_SIZE attendees a part (rounded
# up to a multiple of 4 for badges, four to a sheet), parts that several workers render at once.
PRINT_DIRECT_ATTENDEES = env.int("PRINT_DIRECT_ATTENDEES", default=20)
PRINT_DIRECT_ITEMS = env.int("PRINT_DIRECT_ITEMS", default=200)
PRINT_JOB_PART_SIZE = env.int("PRINT_JOB_PART_SIZE", default=100)
