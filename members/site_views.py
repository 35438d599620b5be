"""Pages that belong to the whole service: home per role, health, and the statutory pages."""

from celery import current_app
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from common import need_to_know
from common.access import public
from common.audit import log_sign_in_event
from common.http import login_username
from common.need_to_know import needs_second_factor

from . import dashboard
from .account_forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The page offers single sign-on beside the password when a provider is configured (the `signin` app).
        return super().get_context_data(
            sso_enabled=settings.SSO_ENABLED,
            sso_provider_name=settings.SSO_PROVIDER_NAME,
            password_off_domains=settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS,
            **kwargs,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        log_sign_in_event(self.request, "Signed in with email and password", login=form.get_user())
        return response

    def form_invalid(self, form):
        email = login_username(self.request)
        if email:
            known = User.objects.filter(email__iexact=email).first()
            reason = "; ".join(error for errors in form.errors.values() for error in errors)
            log_sign_in_event(self.request, f"Password sign-in refused: {reason}", login=known, email=email)
        return super().form_invalid(form)

    def get_success_url(self):
        url = super().get_success_url()
        if needs_second_factor(self.request.user):
            return reverse("two_factor") + "?" + urlencode({"next": url})
        return url


_sign_out_redirects = []


def on_sign_out(hook):
    """Register hook(request) -> URL or None, asked before the session ends: where to go once signed out (a single
    sign-on provider's own sign-out page, say). The first URL wins."""
    if hook not in _sign_out_redirects:
        _sign_out_redirects.append(hook)
    return hook


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        onward = next((url for hook in _sign_out_redirects if (url := hook(request))), None)
        response = super().post(request, *args, **kwargs)
        return redirect(onward) if onward else response


@public
def home(request):
    user = request.user
    if needs_second_factor(user):
        return redirect(reverse("two_factor") + "?" + urlencode({"next": request.get_full_path()}))
    if need_to_know.is_admin(user):
        role = "admin"
    elif need_to_know.is_partner(user):
        role = "partner"
    else:
        role = "public"
    panels = dashboard.render_panels(request, role)
    return render(request, f"home/{role}.html", {"panels": panels})


@public
def accessibility(request):
    return render(request, "pages/accessibility.html")


@public
def privacy(request):
    return render(request, "pages/privacy.html")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_broker():
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _check_cache():
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it was given")


def _check_storage():
    """The file store answers: a bucket is asked about a key (HEAD), a folder is always there."""
    default_storage.exists("healthz")


def _storage_named():
    """Where files are kept, for the answer when they cannot be reached: the bucket and its endpoint."""
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket is None:
        return "the file system"
    return f"bucket {bucket} at {getattr(default_storage, 'endpoint_url', None) or 'the provider'}"


@public
@never_cache
def healthz(request):
    """200 when the database, broker, cache and file storage all answer; 503 naming the ones that do not."""
    checks = {"database": _check_database, "broker": _check_broker, "cache": _check_cache, "storage": _check_storage}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            results[name] = f"error: {type(error).__name__}"
            if name == "storage":
                results[name] += f" ({_storage_named()})"
    down = [name for name, state in results.items() if state != "ok"]
    body = {"status": "ok" if not down else "unavailable", "checks": results, "down": down}
    return JsonResponse(body, status=503 if down else 200)
