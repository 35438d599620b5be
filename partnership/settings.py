"""Settings for the Partnership app, read from the environment.

The defaults are the embedded quick start (`make run`): SQLite, a file-system Celery broker and
mail written to files under var/. Production sets DEBUG=off, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL, EMAIL_URL and friends; unsafe values stop the app at start.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEMO_SECRET_KEY = "insecure-demo-key-only-for-make-run-never-for-production"  # noqa: S105 - refused when DEBUG is off

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The quick start's own files (SQLite, the Celery queue, mail, media). VAR_DIR moves them, e.g. for a test that runs
# a second `make run` beside a developer's.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEMO_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PARTNERSHIP_NAME = env.str("PARTNERSHIP_NAME", default="Northport Prevent Partnership")
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Northport City Council")


def _refuse_unsafe_production_settings():
    """Fail loudly, naming the variable, rather than run production with demo secrets."""
    if DEBUG:
        return
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is the demo default or too short: set SECRET_KEY to a random string of "
            "at least 50 characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is empty: set ALLOWED_HOSTS to the host names the app is served on, "
            "comma separated (e.g. ALLOWED_HOSTS=partnership.example.gov.uk)."
        )


_refuse_unsafe_production_settings()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "auditlog",
    "common",
    "outbox",
    "returnrequests",
    "members",
    "meetings",
    "actionplans",
    "assurance",
    "measures",
    "signin",
    "risks",
    "dutyreturns",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # What the identity provider said about this session's sign-in (its factors), for need_to_know.
    "signin.middleware.ProviderSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside messages: says so when a change is saved but the broker could not be told (common/tasks.py).
    "common.middleware.WorkWaitingMiddleware",
    # Every POST form's one-time token: the same form sent twice does its work once.
    "common.middleware.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-auditlog's, with the app's one client address (common.http.client_ip).
    "common.audit.AuditMiddleware",
    # A service's refusal no view caught: a message on the page the reader came from, not a 500.
    "common.middleware.RefusalMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

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
                "members.context_processors.service",
                "common.need_to_know.context_processor",
            ],
            "builtins": ["common.templatetags.once"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'partnership.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The quick start's SQLite cannot defer unique constraints; PostgreSQL (production, tests) does.
    SILENCED_SYSTEM_CHECKS = ["models.W038"]
    # Two requests writing at once must queue, not answer 500 "database is locked": WAL lets readers
    # go on beside a writer, a transaction takes the write lock at BEGIN (a lock upgrade mid-transaction
    # fails at once, whatever the timeout), and a writer waits up to 20 s for the one before it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Redis serves as Celery broker, result backend and cache when REDIS_URL is set. Without it
# (the quick start) Celery uses kombu's file-system transport and Django a file cache, which the web
# server and the worker share.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = REDIS_URL
    # A task a worker took and never acknowledged (killed outright) comes back after this long: longer
    # than the longest task (CELERY_TASK_TIME_LIMIT), so a slow render is never run twice at once.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    CELERY_RESULT_BACKEND = None
    _queue_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "control_folder": str(_queue_dir / "control"),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
    }
    for _folder in ("queue", "control", "processed"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task may run longer: a render that hangs fails and is recorded rather than holding a worker.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# A render still "being prepared" this long after it was asked for lost its task: the beat queues it again.
PDF_STUCK_AFTER_SECONDS = env.int("PDF_STUCK_AFTER_SECONDS", default=600)
# How often the beat looks for them.
PDF_SWEEP_SECONDS = env.float("PDF_SWEEP_SECONDS", default=300.0)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "anonymise-former-members": {"task": "members.tasks.anonymise_former_members", "schedule": 24 * 60 * 60},
    # The one scheduler for everything timed: the database decides who gets what (reminders, chasers, return
    # requests and their chasers, whatever waited while the broker was away); this only asks it every few minutes.
    "send-due-emails": {"task": "outbox.tasks.send_due_emails", "schedule": 300.0},
    "requeue-stuck-pdfs": {"task": "meetings.tasks.requeue_stuck_pdfs", "schedule": PDF_SWEEP_SECONDS},
    # Milestones fall due with the date alone: tracked actions' RAG is worked out again each day.
    "measures-refresh-standing": {"task": "measures.tasks.refresh_standing_daily", "schedule": 24 * 60 * 60},
}
# Storage limitation: former members' personal details are anonymised this long after their term ends.
RETENTION_FORMER_MEMBER_DAYS = env.int("RETENTION_FORMER_MEMBER_DAYS", default=2 * 365)
# Quarterly progress returns: lead officers are asked this many days before each quarterly
# meeting, and those who have not answered are chased once, this many days before it.
PROGRESS_RETURN_DAYS_BEFORE = env.int("PROGRESS_RETURN_DAYS_BEFORE", default=21)
PROGRESS_RETURN_CHASE_DAYS_BEFORE = env.int("PROGRESS_RETURN_CHASE_DAYS_BEFORE", default=7)

# Outgoing mail: EMAIL_URL (smtp://user:pass@host:587, smtp+tls://..., consolemail://) or files
# under var/mail so a quick-start user can read what was sent.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Prevent Partnership <prevent@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BATCH_SIZE = env.int("EMAIL_BATCH_SIZE", default=100)
# Reminders that the mail server refuses are retried with exponential backoff (base doubling up to
# the cap); after EMAIL_MAX_ATTEMPTS they are shown to admins as failed, with "Send again".
EMAIL_RETRY_BASE_SECONDS = env.float("EMAIL_RETRY_BASE_SECONDS", default=60)
EMAIL_RETRY_MAX_SECONDS = env.float("EMAIL_RETRY_MAX_SECONDS", default=3600)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=6)
# An email still "sending" this long after it was claimed lost its worker while it was being sent (each is
# claimed just before it goes): it is shown as "not known if sent", for an admin to check and send again.
# Longer than any one message can take (CELERY_TASK_TIME_LIMIT).
EMAIL_STUCK_AFTER_SECONDS = env.int("EMAIL_STUCK_AFTER_SECONDS", default=600)
# Invitees who have not replied this many days before a meeting are asked once to reply.
MEETING_CHASER_DAYS = env.int("MEETING_CHASER_DAYS", default=7)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "members.backends.MemberBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NCSC guidance: length over complexity, and refuse common passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lock an account+address pair after repeated failures; the lock lifts after the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Django's login form posts the email in a field named "username", whatever USERNAME_FIELD says.
AXES_USERNAME_FORM_FIELD = "username"
# Emails match case-insensitively, so the lock does too; and the address is the client's, read through
# TRUSTED_PROXY_COUNT like every other count (common.http), never the proxy's.
AXES_USERNAME_CALLABLE = "common.http.login_username"
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"

# Idle timeout: the session lives SESSION_IDLE_MINUTES past the last request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in for council admins: on unless the quick start turns it off.
REQUIRE_ADMIN_2FA = env.bool("REQUIRE_ADMIN_2FA", default=not DEBUG)

# Single sign-on with an OpenID Connect provider (Microsoft Entra ID, Google Workspace, ...): off until SSO_CLIENT_ID
# is set. See "Single sign-on" in README.md and docs/single-sign-on.md. The issuer's discovery document gives the
# endpoints and keys; mozilla-django-oidc does the authorization code flow (PKCE, state, nonce) and the token's
# signature, `signin.provider` adds the issuer, audience and expiry checks, `signin.services` who may get in.
SSO_CLIENT_ID = env.str("SSO_CLIENT_ID", default="")
SSO_ENABLED = bool(SSO_CLIENT_ID)
SSO_CLIENT_SECRET = env.str("SSO_CLIENT_SECRET", default="")
SSO_PROVIDER_NAME = env.str("SSO_PROVIDER_NAME", default="your organisation's account")
SSO_ISSUER = env.str("SSO_ISSUER", default="").rstrip("/")
SSO_DISCOVERY_URL = env.str(
    "SSO_DISCOVERY_URL", default=f"{SSO_ISSUER}/.well-known/openid-configuration" if SSO_ISSUER else ""
)
SSO_SCOPES = env.str("SSO_SCOPES", default="openid email profile")
SSO_SIGNING_ALGORITHM = env.str("SSO_SIGNING_ALGORITHM", default="RS256")
# Only people whose (verified) email is at one of these domains may sign in this way; empty: any domain.
SSO_ALLOWED_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env.list("SSO_ALLOWED_EMAIL_DOMAINS", default=[])]
# Microsoft Entra ID multi-tenant ("organizations" or "common"): the tenant ids whose tokens are accepted.
SSO_ALLOWED_TENANTS = env.list("SSO_ALLOWED_TENANTS", default=[])
# The claim that says the provider checked the email address (Entra ID: xms_edov, an optional claim).
SSO_EMAIL_VERIFIED_CLAIM = env.str("SSO_EMAIL_VERIFIED_CLAIM", default="email_verified")
# `acr` values that say the person gave more than one factor at the provider (`amr` holding "mfa" always does).
SSO_SECOND_FACTOR_ACR_VALUES = env.list("SSO_SECOND_FACTOR_ACR_VALUES", default=[])
# People at these email domains must use single sign-on: the password form refuses them (e.g. the council's staff).
PASSWORD_SIGN_IN_OFF_FOR_DOMAINS = [
    d.lower().lstrip("@") for d in env.list("PASSWORD_SIGN_IN_OFF_FOR_DOMAINS", default=[])
]
# mozilla-django-oidc's own settings, from the ones above (the endpoints come from discovery: signin.provider).
OIDC_RP_CLIENT_ID = SSO_CLIENT_ID
OIDC_RP_CLIENT_SECRET = SSO_CLIENT_SECRET
OIDC_RP_SCOPES = SSO_SCOPES
OIDC_RP_SIGN_ALGO = SSO_SIGNING_ALGORITHM
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "signin:sso_callback"
OIDC_TIMEOUT = env.int("SSO_TIMEOUT_SECONDS", default=10)


def _refuse_unsafe_sso_settings():
    if PASSWORD_SIGN_IN_OFF_FOR_DOMAINS and not SSO_ENABLED:
        raise ImproperlyConfigured(
            "PASSWORD_SIGN_IN_OFF_FOR_DOMAINS is set but single sign-on is not: set SSO_CLIENT_ID (and SSO_ISSUER or "
            "SSO_DISCOVERY_URL), or those people could not sign in at all."
        )
    if not SSO_ENABLED:
        return
    if not SSO_CLIENT_SECRET or not SSO_DISCOVERY_URL:
        raise ImproperlyConfigured(
            "SSO_CLIENT_ID is set: set SSO_CLIENT_SECRET and SSO_ISSUER (or SSO_DISCOVERY_URL) too."
        )
    if not DEBUG and not SSO_DISCOVERY_URL.startswith("https://"):
        raise ImproperlyConfigured("SSO_DISCOVERY_URL (or SSO_ISSUER) must be an https:// address in production.")


_refuse_unsafe_sso_settings()

# Passkeys (django-otp-webauthn) as an admin's second factor beside the authenticator app; never a way in alone.
# A passkey belongs to a host name: the one in SITE_URL (the quick start's 127.0.0.1 is served as localhost, since
# an IP address cannot hold passkeys).
_site_origin = SITE_URL.replace("://127.0.0.1", "://localhost")
OTP_WEBAUTHN_RP_ID = _site_origin.split("://", 1)[1].split(":")[0].split("/")[0]
OTP_WEBAUTHN_RP_NAME = PARTNERSHIP_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_site_origin]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "signin.passkeys.PasskeyHelper"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# No inline script anywhere: scripts and styles come from our own origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The audit trail (django-auditlog): who, when, from which address and what changed, for every
# create, change and delete of these models, plus "access" entries for confidential views and
# OFFICIAL-SENSITIVE downloads. Admins browse it at /audit/; nothing in the app edits or deletes it.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "members.User", "exclude_fields": ["password", "last_login"]},
    "members.Organisation",
    "members.Person",
    "members.LinkedBody",
    "members.TermsOfReference",
    "members.JoinRequest",
    "meetings.Group",
    "meetings.GroupMembership",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.MeetingAction",
    "meetings.Paper",
    "meetings.Invitation",
    "meetings.Guest",
    "meetings.Minutes",
    "meetings.MinutesVersion",
    "meetings.MinuteNote",
    "meetings.Decision",
    "meetings.StandingItem",
    "meetings.ActionProgress",
    "actionplans.ActionPlan",
    "actionplans.Priority",
    "actionplans.Action",
    "actionplans.ProgressUpdate",
    "actionplans.BoardReport",
    "actionplans.BoardReportVersion",
    "measures.Measure",
    "measures.Measurement",
    "measures.Milestone",
    "measures.Tracking",
    "measures.StatusPercent",
    "dutyreturns.PartnerReturn",
    "dutyreturns.TrainingLine",
    "dutyreturns.SectorAnswer",
    "dutyreturns.ChannelQuarter",
    "dutyreturns.ChannelCount",
    "dutyreturns.AssuranceStatement",
    "dutyreturns.StatementRating",
    "dutyreturns.ReferralPathway",
    "dutyreturns.SharingAgreement",
    "governance.Interest",
    "governance.InterestConfirmation",
    "governance.Declaration",
    "governance.DecisionStatus",
    "governance.Motion",
    "governance.Vote",
    # Not EmailDelivery, GeneratedPdf or ReturnRequest: system bookkeeping with its own record of who got what.
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Every word a reader sees is marked for translation (templates: {% translate %}; Python: gettext), English only
# for now: `manage.py makemessages -l cy` collects them into locale/ when a translation starts.
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Dates printed without an explicit format read "8 December 2026" (GOV.UK style), not en-gb's "8 Dec 2026".
FORMAT_MODULE_PATH = ["common.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded papers and generated PDFs are private: no MEDIA_URL is served; views check access and stream files
# through Django's storage API. One machine keeps them under MEDIA_ROOT; several machines share a bucket in
# S3-compatible object storage (OBJECT_STORAGE_BUCKET; see "Production" in README.md).
OBJECT_STORAGE_BUCKET = env.str("OBJECT_STORAGE_BUCKET", default="")


def object_storage_backend(variables):
    """django-storages' S3 backend on the bucket `variables` (the environment) name: private objects, never
    overwritten, never a public link (files leave through the app's downloads after the access check)."""
    from botocore.config import Config

    def get(name, default=""):
        return variables.get(name, default) or default

    acl = variables.get("OBJECT_STORAGE_ACL", "private")
    options = {
        "bucket_name": get("OBJECT_STORAGE_BUCKET"),
        "endpoint_url": get("OBJECT_STORAGE_ENDPOINT") or None,
        "region_name": get("OBJECT_STORAGE_REGION") or None,
        # Unset: boto3 finds credentials itself (AWS_* variables, an instance role).
        "access_key": get("OBJECT_STORAGE_ACCESS_KEY_ID") or None,
        "secret_key": get("OBJECT_STORAGE_SECRET_ACCESS_KEY") or None,
        "location": get("OBJECT_STORAGE_PREFIX"),  # a folder of its own in a bucket several councils share
        "default_acl": acl or None,  # empty for a bucket whose ACLs are switched off (bucket owner enforced)
        "file_overwrite": False,  # as on a disk: a second file of the same name gets a name of its own
        "querystring_auth": True,  # should a URL ever be asked for, it is signed and short-lived
        "querystring_expire": 60,
        "max_memory_size": 5 * 1024 * 1024,  # a bigger file read back spills to a temporary file, not memory
        # A store that cannot be reached fails a request in seconds (and /healthz says so), not after minutes.
        "client_config": Config(
            connect_timeout=5,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            # "path" for most MinIO set-ups; unset, boto3 chooses (virtual hosts on AWS)
            s3={"addressing_style": get("OBJECT_STORAGE_ADDRESSING_STYLE") or None},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": object_storage_backend(env.ENVIRON)
    if OBJECT_STORAGE_BUCKET
    else {"BACKEND": env.str("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "common.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
MEMBERS_IMPORT_MAX_BYTES = env.int("MEMBERS_IMPORT_MAX_BYTES", default=1024 * 1024)
# Applications to join accepted from one address per hour, before the form says "try later".
JOIN_RATE_LIMIT = env.int("JOIN_RATE_LIMIT", default=5)
# While the cache is down the per-address count cannot be read: this many applications an hour from anywhere.
JOIN_RATE_LIMIT_WITHOUT_CACHE = env.int("JOIN_RATE_LIMIT_WITHOUT_CACHE", default=50)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
