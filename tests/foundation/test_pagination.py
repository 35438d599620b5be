"""One pagination for every list: numbered GOV.UK links that keep the list's filters."""

import re

from django.template.loader import render_to_string
from django.test import RequestFactory

from common.pagination import paginate


def _links(html):
    return [number or "…" for number, _ in re.findall(r'aria-label="Page (\d+)"|(&ctdot;)', html)]


def test_links_keep_the_filters_and_elide_the_middle():
    request = RequestFactory().get("/list/", {"status": "failed", "page": "10", "q": "a&b"})
    page = paginate(request, list(range(1000)), 50)

    html = render_to_string("includes/pagination.html", {"page": page})

    assert page.number == 10
    assert _links(html) == ["1", "…", "8", "9", "10", "11", "12", "…", "20"]
    assert 'href="?status=failed&amp;q=a%26b&amp;page=11" rel="next"' in html
    assert 'aria-label="Page 10" aria-current="page"' in html


def test_a_bad_or_missing_page_number_gives_the_nearest_page():
    factory = RequestFactory()
    assert paginate(factory.get("/list/", {"page": "999"}), list(range(120)), 50).number == 3
    assert paginate(factory.get("/list/", {"page": "many"}), list(range(120)), 50).number == 1
    assert paginate(factory.get("/list/"), list(range(120)), 50).query == ""


def test_one_page_shows_no_pagination():
    page = paginate(RequestFactory().get("/list/"), list(range(10)), 50)
    assert "govuk-pagination" not in render_to_string("includes/pagination.html", {"page": page})
