"""Pages that belong to the whole service: home per role, health, and the statutory pages."""

from celery import current_app
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from common import need_to_know
from common.access import public
from common.need_to_know import needs_second_factor

from . import dashboard
from .account_forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if needs_second_factor(self.request.user):
            return reverse("two_factor") + "?" + urlencode({"next": url})
        return url


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


@public
@never_cache
def healthz(request):
    """200 when the database, broker and cache all answer; 503 naming the ones that do not."""
    checks = {"database": _check_database, "broker": _check_broker, "cache": _check_cache}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            results[name] = f"error: {type(error).__name__}"
    down = [name for name, state in results.items() if state != "ok"]
    body = {"status": "ok" if not down else "unavailable", "checks": results, "down": down}
    return JsonResponse(body, status=503 if down else 200)
