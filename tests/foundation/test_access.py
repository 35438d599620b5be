"""Every view declares who may use it, and the declarations mean what they say."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

DECLARED = {"public", "user", "partner", "admin"}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin guards itself with is_staff
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_in_the_url_conf_declares_its_access():
    undeclared = [
        route for route, view in walk(get_resolver().url_patterns) if getattr(view, "access", None) not in DECLARED
    ]
    assert undeclared == []


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in_for_a_signed_in_page(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_home_page_differs_by_role(client, partner_client, admin_client):
    assert "How to join" in client.get("/").content.decode()
    assert "Welcome," in partner_client.get("/").content.decode()
    assert "Dashboard" in admin_client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_partners_cannot_reach_the_django_admin(partner_client):
    response = partner_client.get("/django-admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]
