"""Browsers ask for /favicon.ico by themselves: it leads, for good, to the icon the pages link to."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_for_good_to_a_static_file_that_exists(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert reverse("favicon") == "/favicon.ico"
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")


def test_every_page_links_the_same_icon(client):
    page = client.get(reverse("accessibility")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
