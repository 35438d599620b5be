"""Who is asking: the client's address and the sign-in name, worked out one way for every rule that counts them.

Sign-in lock-out (django-axes, through AXES_CLIENT_IP_CALLABLE and AXES_USERNAME_CALLABLE) and the
join form's rate limit both count by these, so a proxy or a change of letter case fools neither.
"""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies it is that many entries from the right of
    X-Forwarded-For (the one our outermost proxy added); anything further left could be made up by the client."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None  # None: no address known (a request made up in code)


def login_username(request, credentials=None):
    """The sign-in email as the login matches it (case-insensitively), so `Admin@…` and `admin@…` count as one."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field, "")
    # A NUL is never part of an email, and PostgreSQL cannot store or compare text holding one.
    return (value or "").replace("\x00", "").strip().lower()


def next_url(request, default):
    """Where to go back to: the page's own `next` (from the query string or the form) if it is a path on this site,
    else `default`. Anything else (another host, a view name, a relative path, junk) goes to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default
