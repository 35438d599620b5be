"""The app's settings plus the floor pages the benchmark compares against."""

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# As production: admins give the second factor (bench/web.py signs them in with a backup code each), and the
# admin's pages read django-otp's device for the session, as users get them.
REQUIRE_ADMIN_2FA = True
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
AXES_ENABLED = False  # the load test signs in 20 clients at once from one address
# The bench serves pages, not static files, and collects none: WhiteNoise gets an empty directory to read.
STATIC_ROOT = VAR_DIR / "bench-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
