"""Who may use a view. Every view in the app is wrapped in exactly one of these decorators.

Each sets `view.access` so the access-matrix test can walk the URL conf and fail on a view that
declares nothing. Anonymous users are sent to log in; a logged-in user without the right gets 403.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import need_to_know


def _mark(view, access):
    view.access = access
    return view


def public(view):
    """Anyone, signed in or not."""
    return _mark(view, "public")


def _requires(access, *, second_factor=True):
    """Who may use the view is `need_to_know.may_use`'s answer for `access`; an admin who has given only the
    password is sent to give the second factor (`need_to_know.needs_second_factor`)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not need_to_know.may_use(user, access):
                raise PermissionDenied
            if second_factor and need_to_know.needs_second_factor(user):
                # Admins signed in with a password alone must give their second factor first.
                return redirect_to_login(request.get_full_path(), "two_factor")
            return view(request, *args, **kwargs)

        return _mark(wrapped, access)

    return decorator


login_required = _requires("user")
# Signed in with a password, second factor not yet given: only the two-factor page itself.
password_signed_in = _requires("user", second_factor=False)
partner_required = _requires("partner")
admin_required = _requires("admin")
